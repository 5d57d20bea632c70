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
    expect(sequence.seen.length).toBe(SEQUENCE_WINDOW);
    expect(observe(sequence, 0)).toBe('duplicate');
  });

  /** The window as a Set of the numbers seen (the bookkeeping before the ring), to compare with. */
  function reference() {
    let highest = -1;
    let losses = 0;
    const seen = new Set<number>();
    return (seq: number) => {
      if (seq > highest) {
        if (highest >= 0) losses += seq - highest - 1;
        highest = seq;
        seen.add(seq);
        return { observation: 'new', losses };
      }
      if (seq <= highest - SEQUENCE_WINDOW || seen.has(seq))
        return { observation: 'duplicate', losses };
      seen.add(seq);
      losses = Math.max(0, losses - 1);
      return { observation: 'late', losses };
    };
  }

  it.each([1, 2, 3])(
    'tells new, late and duplicate numbers as a set of every number seen would (random run %i)',
    (run) => {
      // A small deterministic generator: resends, reordering, gaps, jumps past the window.
      let state = run * 7919;
      const random = () => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
        return state / 2 ** 31;
      };
      const sequence = emptySequence();
      const expected = reference();
      let next = 0;
      let first: unknown;
      for (let i = 0; i < 50_000 && first === undefined; i += 1) {
        const r = random();
        let seq: number;
        if (r < 0.6) seq = next++;
        else if (r < 0.8) seq = Math.max(0, next - 1 - Math.floor(random() * 2 * SEQUENCE_WINDOW));
        else if (r < 0.95) seq = next += Math.floor(random() * 50);
        else seq = next += Math.floor(random() * 3 * SEQUENCE_WINDOW);
        const want = expected(seq);
        const got = observe(sequence, seq);
        if (got !== want.observation || sequence.losses !== want.losses)
          first = { i, seq, got, losses: sequence.losses, want };
      }
      expect(first).toBeUndefined();
      expect(sequence.duplicates).toBeGreaterThan(1000);
    },
  );
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
