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

/** An ingest over an in-memory store, anonymous publishers trusted, and what it told the live feeds. */
async function ingestWithFeed() {
  const db = await openSqlite(':memory:');
  const dir = mkdtempSync(join(tmpdir(), 'mf-ingest-'));
  const log = createLogger('error', () => undefined);
  const writer = createInfluxV1Writer({
    url: undefined,
    database: 'x',
    retention: '30d',
    spoolDir: join(dir, 'spool'),
    log,
  });
  const hub = new LiveHub();
  const told: MachineView[] = [];
  hub.subscribe({ push: (view) => told.push(view) > 0, close: () => undefined });
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
  return { db, ingest, told, writer };
}

const T0 = Date.UTC(2026, 11, 3, 6, 0, 0);
let seq = 0;
const topic = (channel: string) => `manufacto/v1/lyon/machines/laser-1/${channel}`;
const body = (ts: number, rest: object) =>
  JSON.stringify({ v: 1, gateway: 'gw-1', seq: ++seq, ts, ...rest });
const state = (ts: number, s: string) =>
  body(ts, { state: s, since: ts, machine: { name: 'Laser', kind: 'laser', profile: 'grbl' } });
const reading = (ts: number, metrics: Record<string, number>) => body(ts, { metrics });
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('the ingest', () => {
  it("merges a machine's readings into its view once a turn, and tells the live feeds once", async () => {
    const { ingest, told } = await ingestWithFeed();
    ingest.handle(topic('state'), state(T0, 'running'), null);
    for (let i = 1; i <= 50; i += 1)
      ingest.handle(topic('telemetry'), reading(T0 + i, { power_w: i, energy_wh: 1000 + i }), null);
    // Read within the turn: the readings so far are in the view already.
    expect(ingest.view('laser-1')?.metrics).toEqual({ power_w: 50, energy_wh: 1050 });
    await nextTurn();
    ingest.handle(topic('telemetry'), reading(T0 + 60, { power_w: 60 }), null);
    ingest.handle(topic('telemetry'), reading(T0 + 61, { power_w: 61 }), null);
    await nextTurn();
    // The state, then one view per turn of readings (not one per message).
    expect(told.map((v) => [v.state, v.metrics.power_w, v.updatedAt])).toEqual([
      ['running', undefined, new Date(T0).toISOString()],
      ['running', 50, new Date(T0 + 50).toISOString()],
      ['running', 61, new Date(T0 + 61).toISOString()],
    ]);
    expect(ingest.counters.accepted).toBe(53);
  });

  it('shows a state that follows readings in the same turn with those readings', async () => {
    const { ingest, told } = await ingestWithFeed();
    ingest.handle(topic('state'), state(T0, 'running'), null);
    ingest.handle(topic('telemetry'), reading(T0 + 1, { power_w: 7 }), null);
    ingest.handle(topic('state'), state(T0 + 2, 'idle'), null);
    expect(told.map((v) => [v.state, v.metrics.power_w])).toEqual([
      ['running', undefined],
      ['running', 7],
      ['idle', 7],
    ]);
    await nextTurn();
    expect(told).toHaveLength(3);
  });
});

describe('Ingest.setAwaitingCheck', () => {
  const AWAITING = { what: 'Aspirer la chambre', since: '2026-12-03T08:00:00.000Z' };
  const on = (machine: string, channel: string) =>
    `manufacto/v1/lyon/machines/${machine}/${channel}`;

  it('tells the live feeds and saves the view when the check changes, and only then', async () => {
    const { db, ingest, told } = await ingestWithFeed();
    ingest.handle(topic('state'), state(T0, 'idle'), null);
    expect(ingest.view('laser-1')?.awaitingCheck).toBeNull();
    const before = told.length;
    ingest.setAwaitingCheck('laser-1', AWAITING);
    ingest.setAwaitingCheck('laser-1', { ...AWAITING });
    expect(told.length).toBe(before + 1);
    expect(told.at(-1)?.awaitingCheck).toEqual(AWAITING);
    // The gateway's next state keeps it.
    ingest.handle(topic('state'), state(T0 + 1000, 'offline'), null);
    expect(ingest.view('laser-1')?.awaitingCheck).toEqual(AWAITING);
    await ingest.persistNow();
    const [stored] = await machinesRepository(db).loadStatuses();
    expect(stored?.view.awaitingCheck).toEqual(AWAITING);
    ingest.setAwaitingCheck('laser-1', null);
    expect(told.at(-1)?.awaitingCheck).toBeNull();
  });

  it('keeps the readings gathered in the same turn, and they keep the check', async () => {
    const { ingest } = await ingestWithFeed();
    ingest.handle(topic('state'), state(T0, 'idle'), null);
    ingest.handle(topic('telemetry'), reading(T0 + 10, { laser_power_pct: 40 }), null);
    ingest.setAwaitingCheck('laser-1', AWAITING);
    ingest.handle(topic('telemetry'), reading(T0 + 20, { laser_power_pct: 45 }), null);
    await nextTurn();
    expect(ingest.view('laser-1')).toMatchObject({
      awaitingCheck: AWAITING,
      metrics: { laser_power_pct: 45 },
    });
  });

  it('keeps the check of a machine not seen yet for its first view', async () => {
    const { ingest } = await ingestWithFeed();
    ingest.setAwaitingCheck('laser-2', AWAITING);
    ingest.setAwaitingCheck('laser-3', AWAITING);
    ingest.setAwaitingCheck('laser-3', null);
    expect(ingest.view('laser-2')).toBeUndefined();
    ingest.handle(on('laser-2', 'state'), state(T0, 'idle'), null);
    ingest.handle(on('laser-3', 'state'), state(T0, 'idle'), null);
    expect(ingest.view('laser-2')?.awaitingCheck).toEqual(AWAITING);
    expect(ingest.view('laser-3')?.awaitingCheck).toBeNull();
  });
});
