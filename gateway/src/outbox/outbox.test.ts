import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { tempDir } from '../temp-dir.test-harness.js';
import { Outbox } from './outbox.js';

/** An outbox file in a folder of its own, removed when the test finishes. */
const file = () => join(tempDir('mf-outbox-'), 'outbox.sqlite');

/**
 * Counts the outbox's reads of SQLite: `after()` reads disk through a prepared statement's
 * `all()`, the only one of this file's outboxes, so the count tells memory from disk.
 */
const diskReads = () => {
  const probe = new Database(':memory:');
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Database.Statement;
  probe.close();
  const all = vi.spyOn(statement, 'all');
  onTestFinished(() => all.mockRestore());
  return () => all.mock.calls.length;
};
const msg = (name: string) => (seq: number) => ({
  topic: `t/${name}`,
  payload: JSON.stringify({ seq, name }),
  retain: false,
});

describe('Outbox', () => {
  it('numbers messages in order and hands them back in order', () => {
    const outbox = new Outbox({
      file: file(),
      maxMessages: 1000,
      whenFull: 'drop-oldest-telemetry',
    });
    outbox.enqueue('state', msg('a'));
    outbox.enqueue('telemetry', msg('b'));
    outbox.enqueue('event', msg('c'));
    expect(outbox.after(-1, 10).map((m) => [m.seq, m.topic])).toEqual([
      [0, 't/a'],
      [1, 't/b'],
      [2, 't/c'],
    ]);
    expect(outbox.after(0, 1).map((m) => m.seq)).toEqual([1]);
    outbox.close();
  });

  it('hands what it just committed from memory and the rest from disk, the same messages either way', () => {
    const outbox = new Outbox({
      file: file(),
      maxMessages: 1000,
      whenFull: 'drop-oldest-telemetry',
    });
    const seqs = (after: number, limit: number) => outbox.after(after, limit).map((m) => m.seq);
    for (let i = 0; i < 5; i += 1) outbox.enqueue('telemetry', msg(`m${i}`));
    outbox.flush();
    const reads = diskReads();
    // As the publisher reads: in turn, a bounded number at a time, all from memory.
    expect(seqs(-1, 2)).toEqual([0, 1]);
    expect(seqs(1, 10)).toEqual([2, 3, 4]);
    expect(reads()).toBe(0);
    outbox.acknowledge(0);
    outbox.acknowledge(1);
    outbox.flush();
    // A reconnection starts over from the oldest unacknowledged: read from disk.
    expect(seqs(-1, 10)).toEqual([2, 3, 4]);
    expect(reads()).toBe(1);
    outbox.enqueue('state', msg('late'));
    expect(outbox.after(4, 10).map((m) => [m.seq, m.topic])).toEqual([[5, 't/late']]);
    expect(reads()).toBe(1);
    // Nothing new: memory has nothing after 5, so disk is asked (and has nothing either).
    expect(seqs(5, 10)).toEqual([]);
    expect(reads()).toBe(2);
    outbox.close();
  });

  it('when it drops the oldest telemetry, never hands a dropped message from memory', () => {
    const outbox = new Outbox({
      file: file(),
      maxMessages: 100,
      whenFull: 'drop-oldest-telemetry',
    });
    const seqs = (after: number, limit: number) => outbox.after(after, limit).map((m) => m.seq);
    for (let i = 0; i < 100; i += 1) outbox.enqueue('telemetry', msg(`t${i}`));
    outbox.flush();
    // The publisher has 0-9 in flight (unacknowledged); 10-99 are committed and in memory, unread.
    expect(seqs(-1, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The broker is slow: each new reading past the bound drops the oldest one (one at a time
    // with a bound of 100), 0 to 14, five of them still in memory.
    for (let i = 100; i < 115; i += 1) outbox.enqueue('telemetry', msg(`t${i}`));
    expect(outbox.stats()).toMatchObject({ pending: 100, droppedTelemetry: 15 });
    const next = seqs(9, 200);
    expect(next[0]).toBe(15);
    expect(next).toEqual(Array.from({ length: 100 }, (_, i) => 15 + i));
    outbox.close();
  });

  it('keeps unacknowledged messages and the sequence counter across a restart', () => {
    const path = file();
    const first = new Outbox({ file: path, maxMessages: 1000, whenFull: 'drop-oldest-telemetry' });
    for (const name of ['a', 'b', 'c']) first.enqueue('event', msg(name));
    first.acknowledge(0);
    first.acknowledge(2);
    first.close();
    const second = new Outbox({ file: path, maxMessages: 1000, whenFull: 'drop-oldest-telemetry' });
    expect(second.after(-1, 10).map((m) => m.topic)).toEqual(['t/b']);
    expect(second.enqueue('event', msg('d'))?.seq).toBe(3);
    second.close();
  });

  it('never reuses a sequence number, even when everything was acknowledged', () => {
    const path = file();
    const first = new Outbox({ file: path, maxMessages: 1000, whenFull: 'drop-oldest-telemetry' });
    first.enqueue('event', msg('a'));
    first.acknowledge(0);
    first.close();
    const second = new Outbox({ file: path, maxMessages: 1000, whenFull: 'drop-oldest-telemetry' });
    expect(second.enqueue('event', msg('b'))?.seq).toBe(1);
    second.close();
  });

  it('when full, drops the oldest telemetry and keeps states and events', () => {
    const outbox = new Outbox({
      file: file(),
      maxMessages: 1000,
      whenFull: 'drop-oldest-telemetry',
    });
    outbox.enqueue('state', msg('state'));
    for (let i = 0; i < 998; i += 1) outbox.enqueue('telemetry', msg(`t${i}`));
    outbox.enqueue('event', msg('event'));
    outbox.enqueue('event', msg('late-event'));
    const left = outbox.after(-1, 2000).map((m) => m.topic);
    expect(left).toContain('t/state');
    expect(left).toContain('t/event');
    expect(left).toContain('t/late-event');
    expect(left).not.toContain('t/t0');
    expect(outbox.stats().droppedTelemetry).toBe(10);
    outbox.close();
  });

  it('when full with refuse-telemetry, refuses new telemetry but still takes events', () => {
    const outbox = new Outbox({ file: file(), maxMessages: 1000, whenFull: 'refuse-telemetry' });
    for (let i = 0; i < 1000; i += 1) outbox.enqueue('telemetry', msg(`t${i}`));
    expect(outbox.enqueue('telemetry', msg('refused'))).toBeNull();
    expect(outbox.enqueue('event', msg('kept'))).not.toBeNull();
    expect(outbox.stats()).toMatchObject({ pending: 1001, droppedTelemetry: 1 });
    outbox.close();
  });

  it('keeps its epoch across restarts and makes a new one with a new file (a reinstall)', () => {
    const path = file();
    const first = new Outbox({ file: path, maxMessages: 10, whenFull: 'drop-oldest-telemetry' });
    const epochs: string[] = [];
    first.enqueue('event', (seq, epoch) => {
      epochs.push(epoch);
      return msg('a')(seq);
    });
    first.close();
    const again = new Outbox({ file: path, maxMessages: 10, whenFull: 'drop-oldest-telemetry' });
    again.enqueue('event', (seq, epoch) => {
      epochs.push(epoch);
      return msg('b')(seq);
    });
    again.close();
    const reinstalled = new Outbox({
      file: file(),
      maxMessages: 10,
      whenFull: 'drop-oldest-telemetry',
    });
    expect(reinstalled.stats()).toMatchObject({ nextSeq: 0 });
    expect(epochs[0]).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(epochs[1]).toBe(epochs[0]);
    expect(reinstalled.epoch).not.toBe(epochs[0]);
    reinstalled.close();
  });
});
