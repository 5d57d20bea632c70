/**
 * The ingest lays the server's after-use check over a machine's live view: told to the live
 * feeds and saved when it changes, kept for a machine that has not reported yet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createInfluxV1Writer } from '../influx/writer.js';
import { LiveHub } from '../live/hub.js';
import { createLogger } from '../log.js';
import { openSqlite } from '../store/db.js';
import { gatewaysRepository } from '../store/gateways.js';
import { machinesRepository } from '../store/machines.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import { Ingest } from './ingest.js';

const AWAITING = { what: 'Aspirer la chambre', since: '2026-12-03T08:00:00.000Z' };

async function ingestOverStore() {
  const db = await openSqlite(':memory:');
  const dir = mkdtempSync(join(tmpdir(), 'mf-awaiting-'));
  const log = createLogger('error', () => undefined);
  const writer = createInfluxV1Writer({
    url: undefined,
    database: 'x',
    retention: '30d',
    spoolDir: join(dir, 'spool'),
    log,
  });
  const hub = new LiveHub();
  const sent: MachineView[] = [];
  hub.subscribe({ push: (view) => sent.push(view) > 0, close: () => undefined });
  const ingest = new Ingest({
    machines: machinesRepository(db),
    gateways: gatewaysRepository(db),
    usageSessions: usageSessionsRepository(db),
    writer,
    hub,
    log,
  });
  await ingest.load();
  onTestFinished(async () => {
    await ingest.stop();
    await writer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  let seq = 0;
  const report = (machine: string, state = 'idle') => {
    seq += 1;
    ingest.handle(
      `manufacto/v1/lyon/machines/${machine}/state`,
      JSON.stringify({
        v: 1,
        gateway: 'gw-1',
        seq,
        ts: Date.now() + seq,
        state,
        since: Date.now(),
        machine: { name: machine, kind: 'laser', profile: 'grbl' },
      }),
      null,
    );
  };
  const reading = (machine: string, metrics: Record<string, number>) => {
    seq += 1;
    ingest.handle(
      `manufacto/v1/lyon/machines/${machine}/telemetry`,
      JSON.stringify({ v: 1, gateway: 'gw-1', seq, ts: Date.now() + seq, metrics }),
      null,
    );
  };
  return { db, ingest, sent, report, reading };
}

describe('Ingest.setAwaitingCheck', () => {
  it('sends and saves the view when the check changes, and only then', async () => {
    const { db, ingest, sent, report } = await ingestOverStore();
    report('laser-1');
    expect(ingest.view('laser-1')?.awaitingCheck).toBeNull();
    const before = sent.length;
    ingest.setAwaitingCheck('laser-1', AWAITING);
    ingest.setAwaitingCheck('laser-1', { ...AWAITING });
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1)?.awaitingCheck).toEqual(AWAITING);
    // The gateway's next state keeps it.
    report('laser-1', 'offline');
    expect(ingest.view('laser-1')?.awaitingCheck).toEqual(AWAITING);
    await ingest.persistNow();
    const [stored] = await machinesRepository(db).loadStatuses();
    expect(stored?.view.awaitingCheck).toEqual(AWAITING);
    ingest.setAwaitingCheck('laser-1', null);
    expect(sent.at(-1)?.awaitingCheck).toBeNull();
  });

  it('keeps the readings gathered in the same turn, and they keep the check', async () => {
    const { ingest, report, reading } = await ingestOverStore();
    report('laser-1');
    reading('laser-1', { laser_power_pct: 40 });
    ingest.setAwaitingCheck('laser-1', AWAITING);
    reading('laser-1', { laser_power_pct: 45 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ingest.view('laser-1')).toMatchObject({
      awaitingCheck: AWAITING,
      metrics: { laser_power_pct: 45 },
    });
  });

  it('keeps the check of a machine not seen yet for its first view', async () => {
    const { ingest, report } = await ingestOverStore();
    ingest.setAwaitingCheck('laser-2', AWAITING);
    ingest.setAwaitingCheck('laser-3', AWAITING);
    ingest.setAwaitingCheck('laser-3', null);
    expect(ingest.view('laser-2')).toBeUndefined();
    report('laser-2');
    report('laser-3');
    expect(ingest.view('laser-2')?.awaitingCheck).toEqual(AWAITING);
    expect(ingest.view('laser-3')?.awaitingCheck).toBeNull();
  });
});
