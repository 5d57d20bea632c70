/**
 * Fuzzing the MQTT ingest with generated hostile messages (fast-check): topics that are ours or
 * nearly, payloads that are garbage, truncated JSON, wrong types, huge or deeply nested objects,
 * mixed with valid messages. The ingest never throws, counts every message exactly once
 * (accepted, duplicate or rejected with a reason), and its machine views stay valid.
 */
import { join } from 'node:path';
import { decodeMessage, MACHINE_STATES } from '@manufacto/firmware-profiles/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInfluxV1Writer } from '../influx/writer.js';
import { Ingest } from '../ingest/ingest.js';
import { LiveHub } from '../live/hub.js';
import { createLogger } from '../log.js';
import { openSqlite } from '../store/db.js';
import { gatewaysRepository } from '../store/gateways.js';
import { machinesRepository } from '../store/machines.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import { tempDir } from '../testing/temp-dir.js';

const site = fc.constantFrom('lyon', 'LYON', 'ly on', '', 'a'.repeat(80), '+', '#');
const machine = fc.constantFrom('laser-1', 'cnc-1', '../x', '', 'é');
const channel = fc.constantFrom('state', 'telemetry', 'event', 'command', 'presence', 'x');
const topic = fc.oneof(
  fc.tuple(site, machine, channel).map(([s, m, c]) => `manufacto/v1/${s}/machines/${m}/${c}`),
  fc.tuple(site, machine).map(([s, g]) => `manufacto/v1/${s}/gateways/${g}/presence`),
  fc.string(),
  fc.constantFrom('manufacto/v2/lyon/machines/laser-1/state', 'manufacto/v1', '/'),
);
const validState = fc.record({
  v: fc.constant(1),
  gateway: fc.constantFrom('gw-1', 'gw-2'),
  seq: fc.integer({ min: 0, max: 50 }),
  ts: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  state: fc.constantFrom('idle', 'running', 'error', 'paused', 'offline', 'preparing'),
  since: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  machine: fc.record({
    name: fc.string({ maxLength: 30 }),
    kind: fc.constantFrom('laser', 'cnc', 'printer', 'other'),
    profile: fc.constantFrom('grbl', 'marlin'),
  }),
});
const payload = fc.oneof(
  validState.map((s) => JSON.stringify(s)),
  validState.map((s) => JSON.stringify(s).slice(0, 20)),
  validState.chain((s) =>
    fc
      .record({
        key: fc.constantFrom('v', 'seq', 'ts', 'state', 'gateway', 'machine'),
        value: fc.jsonValue({ maxDepth: 3 }),
      })
      .map(({ key, value }) => JSON.stringify({ ...s, [key]: value })),
  ),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.string(),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constant(
    '{"v":1,"gateway":"gw-1","seq":1,"ts":1,"state":"idle","since":1,"pad":"' +
      'x'.repeat(300_000) +
      '"}',
  ),
);

describe('fuzzing the MQTT ingest', () => {
  it('never throws, counts every message once, and keeps machine views valid', async () => {
    const db = await openSqlite(':memory:');
    const log = createLogger('error', () => undefined);
    const writer = createInfluxV1Writer({
      url: undefined,
      database: 'x',
      retention: '30d',
      spoolDir: join(tempDir('mf-fuzz-'), 'spool'),
      log,
    });
    const ingest = new Ingest({
      machines: machinesRepository(db),
      gateways: gatewaysRepository(db),
      usageSessions: usageSessionsRepository(db),
      writer,
      hub: new LiveHub(),
      log,
    });
    await fc.assert(
      fc.property(
        fc.array(fc.tuple(topic, payload), { minLength: 1, maxLength: 30 }),
        (messages) => {
          const rejectedNow = () =>
            [...ingest.counters.rejected.values()].reduce((a, b) => a + b, 0);
          const before = {
            received: ingest.counters.received,
            taken: ingest.counters.accepted + ingest.counters.duplicates,
            rejected: rejectedNow(),
          };
          // The contract's decoder is the oracle: undecodable → rejected; machine messages → accepted or duplicate.
          const decoded = messages.map(([t, p]) => decodeMessage(t, p));
          for (const [t, p] of messages) ingest.handle(t, p);
          const c = ingest.counters;
          expect(c.received - before.received).toBe(messages.length);
          expect(rejectedNow() - before.rejected).toBe(decoded.filter((d) => !d.ok).length);
          expect(c.accepted + c.duplicates - before.taken).toBe(
            decoded.filter((d) => d.ok && d.value.kind !== 'presence' && d.value.kind !== 'command')
              .length,
          );
          for (const view of ingest.views()) expect(MACHINE_STATES).toContain(view.state);
        },
      ),
      { numRuns: 400, seed: 1126 },
    );
    // After all that, a valid message is still taken.
    ingest.handle(
      'manufacto/v1/lyon/machines/laser-9/state',
      JSON.stringify({
        v: 1,
        gateway: 'gw-9',
        seq: 1,
        ts: Date.now(),
        state: 'running',
        since: Date.now(),
        machine: { name: 'Laser 9', kind: 'laser', profile: 'grbl' },
      }),
    );
    expect(ingest.view('laser-9')?.state).toBe('running');
    await ingest.persistNow();
    await writer.close();
  });
});
