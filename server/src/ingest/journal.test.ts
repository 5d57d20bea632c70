import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type Fsync, Journal } from './journal.js';

const turn = () => new Promise((r) => setImmediate(r));

/** An fsync that waits until the test lets it finish (with an error or not). */
function heldFsync() {
  const held: Array<(error: NodeJS.ErrnoException | null) => void> = [];
  const fsync: Fsync = (_fd, done) => void held.push(done);
  const finish = (error: NodeJS.ErrnoException | null = null) => {
    for (const done of held.splice(0)) done(error);
  };
  return { held, fsync, finish };
}

describe('Journal', () => {
  it('gives back, after a restart, what was appended and not removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const first = new Journal(dir);
    await first.append('manufacto/v1/a/machines/m/state', Buffer.from('{"a":1}'));
    await first.append('manufacto/v1/a/machines/m/telemetry', Buffer.from('{"b":2}'));
    // No seal, no close: as after kill -9.
    const second = new Journal(dir);
    expect(second.leftovers).toHaveLength(1);
    const records = [...second.read(second.leftovers[0]!)].map((r) => [
      r.topic,
      r.payload.toString(),
    ]);
    expect(records).toEqual([
      ['manufacto/v1/a/machines/m/state', '{"a":1}'],
      ['manufacto/v1/a/machines/m/telemetry', '{"b":2}'],
    ]);
  });

  it('stops at a record cut short by a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const journal = new Journal(dir);
    await journal.append('t', Buffer.from('whole'));
    journal.seal();
    const name = journal.sealed[0]!.name;
    appendFileSync(join(dir, name), Buffer.from([5, 0, 0, 0, 9, 0, 0, 0, 0x74]));
    expect([...new Journal(dir).read(name)].map((r) => r.payload.toString())).toEqual(['whole']);
  });

  it('seals segments, counts their records and deletes them on request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const journal = new Journal(dir);
    await Promise.all([
      journal.append('t', Buffer.from('1')),
      journal.append('t', Buffer.from('2')),
    ]);
    journal.seal(1000);
    await journal.append('t', Buffer.from('3'));
    journal.seal(2000);
    expect(journal.sealed.map((s) => [s.records, s.sealedAt])).toEqual([
      [2, 1000],
      [1, 2000],
    ]);
    journal.remove(journal.sealed[0]!.name);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('lets a segment go only when every message in it has its receipt, whatever else the ingest received', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const journal = new Journal(dir);
    const state = ['manufacto/v1/a/machines/m/state', Buffer.from('{"seq":1}')] as const;
    const event = ['manufacto/v1/a/machines/m/event', Buffer.from('{"seq":2}')] as const;
    await Promise.all([journal.append(...state), journal.append(...event)]);
    journal.seal(1000);
    expect(journal.sealed.map((s) => s.outstanding)).toEqual([2]);
    // A retained message replayed at subscription, and the same one again: not the journal's.
    journal.receipt('manufacto/v1/a/gateways/g/presence', Buffer.from('{"status":"online"}'));
    journal.receipt('manufacto/v1/a/machines/m/state', Buffer.from('{"seq":0}'));
    journal.receipt(...state);
    expect(journal.done).toEqual([]);
    journal.receipt(...event);
    expect(journal.done.map((s) => s.name)).toEqual([journal.sealed[0]!.name]);
  });

  it('expects a message resent by its gateway as many times as it was journaled, in its segments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const journal = new Journal(dir);
    const telemetry = ['manufacto/v1/a/machines/m/telemetry', Buffer.from('{"seq":7}')] as const;
    await journal.append(...telemetry);
    journal.seal(1000);
    // The gateway did not get the PUBACK (network cut) and sends the same bytes again.
    await journal.append(...telemetry);
    journal.seal(2000);
    journal.receipt(...telemetry);
    expect(journal.sealed.map((s) => s.outstanding)).toEqual([0, 1]);
    journal.receipt(...telemetry);
    expect(journal.done).toHaveLength(2);
  });

  it('knows a message by its bytes, handed back as the same Buffer or as a copy, and by its topic', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const journal = new Journal(dir);
    const topic = 'manufacto/v1/a/machines/m/telemetry';
    const first = Buffer.from('{"seq":1}');
    const second = Buffer.from('{"seq":2}');
    await Promise.all([journal.append(topic, first), journal.append(topic, second)]);
    journal.seal(1000);
    // The same Buffer on another topic is another message.
    journal.receipt('manufacto/v1/a/machines/m/state', first);
    expect(journal.sealed.map((s) => s.outstanding)).toEqual([2]);
    journal.receipt(topic, first);
    expect(journal.sealed.map((s) => s.outstanding)).toEqual([1]);
    // Equal bytes in another Buffer (an external broker, a replay): still this message.
    journal.receipt(topic, Buffer.from('{"seq":2}'));
    expect(journal.done).toHaveLength(1);
  });

  it('finds a receipt the journal does not hold, or a copy of the oldest on its topic, without going through all that awaits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const journal = new Journal(dir);
    const telemetry = 'manufacto/v1/a/machines/m/telemetry';
    // A backlog: a thousand messages of one size awaiting their receipt.
    const appended = Array.from({ length: 1000 }, (_, i) =>
      Buffer.from(`{"seq":${String(i).padStart(4, '0')}}`),
    );
    await Promise.all(appended.map((b) => journal.append(telemetry, b)));
    journal.seal(1000);
    const equals = vi.spyOn(Buffer.prototype, 'equals');
    try {
      // The server's own command, of the same size: no topic of the journal's.
      journal.receipt('manufacto/v1/a/machines/m/command', Buffer.from('{"seq":9999}'));
      expect(equals).not.toHaveBeenCalled();
      // The oldest message, handed back in another Buffer: found at the head of its topic.
      journal.receipt(telemetry, Buffer.from(appended[0]!));
      expect(equals).toHaveBeenCalledTimes(1);
      expect(journal.sealed.map((s) => s.outstanding)).toEqual([999]);
    } finally {
      equals.mockRestore();
    }
    // The rest by their very Buffers, out of order: the segment can go.
    for (const b of appended.slice(1).reverse()) journal.receipt(telemetry, b);
    expect(journal.done).toHaveLength(1);
  });

  it('acknowledges an append only once its fsync is done, and appends made meanwhile share the next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const sync = heldFsync();
    const journal = new Journal(dir, { fsync: sync.fsync });
    const acknowledged: string[] = [];
    const first = journal.append('t', Buffer.from('1')).then(() => void acknowledged.push('1'));
    await turn();
    // Written and being synced (the new file and its directory), not acknowledged; the event
    // loop turns meanwhile.
    expect(sync.held).toHaveLength(2);
    expect([...new Journal(dir).read(readdirSync(dir)[0]!)]).toHaveLength(1);
    const second = journal.append('t', Buffer.from('2')).then(() => void acknowledged.push('2'));
    const third = journal.append('t', Buffer.from('3')).then(() => void acknowledged.push('3'));
    await turn();
    await turn();
    expect(acknowledged).toEqual([]);
    expect(sync.held).toHaveLength(2);
    sync.finish();
    await first;
    expect(acknowledged).toEqual(['1']);
    // One fsync for both, the file's name being on disk already.
    expect(sync.held).toHaveLength(1);
    sync.finish();
    await Promise.all([second, third]);
    expect(acknowledged).toEqual(['1', '2', '3']);
  });

  it('calls back each append of a group once its fsync is done, even when one callback throws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const sync = heldFsync();
    const journal = new Journal(dir, { fsync: sync.fsync });
    // A first group names the segment on disk (its directory's fsync).
    const first = journal.append('t', Buffer.from('0'));
    await turn();
    sync.finish();
    await first;
    const calls: Array<[string, Error | null]> = [];
    journal.appendThen('t', Buffer.from('1'), (error) => {
      calls.push(['1', error]);
      throw new Error('a broken callback');
    });
    journal.appendThen('t', Buffer.from('2'), (error) => void calls.push(['2', error]));
    await turn();
    expect(calls).toEqual([]);
    expect(sync.held).toHaveLength(1);
    // The throw goes up from the fsync's callback, after every append of the group had its call.
    expect(() => sync.finish()).toThrow('a broken callback');
    expect(calls).toEqual([
      ['1', null],
      ['2', null],
    ]);
  });

  it('refuses the appends whose fsync failed, expects no receipt for them, and writes no more to that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const sync = heldFsync();
    const journal = new Journal(dir, { fsync: sync.fsync });
    const lost = journal.append('t', Buffer.from('1'));
    await turn();
    // Appended while the failing fsync runs, to the same file: not trusted either.
    const after = journal.append('t', Buffer.from('2'));
    await turn();
    sync.finish(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await expect(lost).rejects.toThrow(/EIO/);
    sync.finish();
    await expect(after).rejects.toThrow(/EIO/);
    expect(journal.sealed.map((s) => s.outstanding)).toEqual([0]);
    const next = journal.append('t', Buffer.from('3'));
    await turn();
    sync.finish();
    await next;
    journal.seal();
    expect(journal.sealed).toHaveLength(2);
    expect(journal.sealed.map((s) => s.outstanding)).toEqual([0, 1]);
    expect([...journal.read(journal.sealed[1]!.name)].map((r) => r.payload.toString())).toEqual([
      '3',
    ]);
  });

  it('seals while an fsync runs and still acknowledges the sealed appends once it is done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-journal-'));
    const sync = heldFsync();
    const journal = new Journal(dir, { fsync: sync.fsync });
    const first = journal.append('t', Buffer.from('1'));
    await turn();
    const second = journal.append('t', Buffer.from('2'));
    // Sealed in the same turn as the append: written now, synced after the running fsync.
    journal.seal(1000);
    expect([...journal.read(journal.sealed[0]!.name)]).toHaveLength(2);
    sync.finish();
    await first;
    sync.finish();
    await second;
    expect(journal.sealed.map((s) => [s.records, s.outstanding])).toEqual([[2, 2]]);
  });
});
