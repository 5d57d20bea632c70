import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from './journal.js';

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
});
