import { describe, expect, it } from 'vitest';
import {
  emptySequence,
  observe,
  restoredSequence,
  SEQUENCE_WINDOW,
  type GatewaySequence,
} from './deduplicate-sequences.js';

function feed(seqs: number[], sequence: GatewaySequence = emptySequence()) {
  const observations = seqs.map((seq) => observe(sequence, seq));
  return { sequence, observations };
}

describe('observe', () => {
  it('accepts numbers in order without losses', () => {
    const { sequence, observations } = feed([0, 1, 2, 3]);
    expect(observations).toEqual(['new', 'new', 'new', 'new']);
    expect(sequence).toMatchObject({ highest: 3, losses: 0, duplicates: 0 });
  });

  it('drops a second copy of a number, as when a gateway resends after reconnecting', () => {
    const { sequence, observations } = feed([0, 1, 2, 1, 2, 3]);
    expect(observations).toEqual(['new', 'new', 'new', 'duplicate', 'duplicate', 'new']);
    expect(sequence.duplicates).toBe(2);
  });

  it('counts a gap as losses and takes them back when the missing messages arrive late', () => {
    const gap = feed([0, 1, 5]);
    expect(gap.sequence.losses).toBe(3);
    const filled = feed([3, 2, 4], gap.sequence);
    expect(filled.observations).toEqual(['late', 'late', 'late']);
    expect(filled.sequence.losses).toBe(0);
  });

  it('does not count what came before the first message seen as lost', () => {
    expect(feed([1000, 1001]).sequence.losses).toBe(0);
  });

  it('resumes after a restart from the stored highest number', () => {
    const { sequence, observations } = feed([41, 42, 43], restoredSequence(42, 0));
    expect(observations).toEqual(['late', 'duplicate', 'new']);
    expect(sequence.losses).toBe(0);
  });

  it('keeps its memory bounded', () => {
    const seqs = Array.from({ length: SEQUENCE_WINDOW * 3 }, (_, i) => i);
    const { sequence } = feed(seqs);
    expect(sequence.seen.size).toBeLessThanOrEqual(2 * SEQUENCE_WINDOW + 1);
    expect(observe(sequence, 0)).toBe('duplicate');
  });
});

describe('epochs (a reinstalled gateway)', () => {
  const feedEpoch = (sequence: GatewaySequence, epoch: string, seqs: number[]) =>
    seqs.map((seq) => observe(sequence, seq, epoch));

  it('starts a new count when the outbox epoch changes, instead of dropping seq 0.. as duplicates', () => {
    const sequence = emptySequence();
    expect(feedEpoch(sequence, 'a', [0, 1, 2, 5])).toEqual(['new', 'new', 'new', 'new']);
    expect(feedEpoch(sequence, 'b', [0, 1, 3])).toEqual(['epoch', 'new', 'new']);
    expect(sequence).toMatchObject({ epoch: 'b', highest: 3, epochLosses: 1, losses: 3 });
  });

  it('counts a late copy from an epoch left behind as a duplicate, without restarting', () => {
    const sequence = emptySequence();
    feedEpoch(sequence, 'a', [0, 1]);
    feedEpoch(sequence, 'b', [0]);
    expect(feedEpoch(sequence, 'a', [1])).toEqual(['duplicate']);
    expect(sequence).toMatchObject({ epoch: 'b', highest: 0, duplicates: 1 });
  });

  it('takes a first epoch after messages without one (an upgraded gateway) as a new count', () => {
    const sequence = emptySequence();
    feed([0, 1, 2], sequence);
    expect(feedEpoch(sequence, 'a', [0])).toEqual(['epoch']);
  });

  it('keeps the epoch across a server restart', () => {
    const sequence = restoredSequence(7, 2, 'a', 1);
    expect(feedEpoch(sequence, 'a', [7, 8])).toEqual(['duplicate', 'new']);
    expect(feedEpoch(sequence, 'b', [0])).toEqual(['epoch']);
  });
});
