import {
  decodeMessage,
  topics,
  type DecodedMessage,
  type MachineView,
} from '@manufacto/firmware-profiles/contract';
import { describe, expect, it } from 'vitest';
import {
  applyAwaitingCheck,
  applyMessage,
  applyPresence,
  gatherTelemetry,
  iso,
  mergeTelemetry,
  type TelemetryTurn,
} from './machine-view.js';

type MachineMessage = Extract<DecodedMessage, { machine: string }>;

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

/** A message as the ingest gets it: JSON on a machine topic, decoded by the contract. */
function decoded(channel: 'state' | 'telemetry' | 'event', body: object): MachineMessage {
  const result = decodeMessage(
    topics.machine('fablab', 'prusa-1', channel),
    Buffer.from(JSON.stringify({ v: 1, gateway: 'gw-atelier', seq: 1, ...body })),
  );
  if (!result.ok) throw new Error(result.reason);
  return result.value as MachineMessage;
}

const state = (ts: number, s: string, extra: object = {}) =>
  decoded('state', {
    ts,
    state: s,
    since: ts,
    machine: { name: 'Prusa 1', kind: 'printer', profile: 'marlin' },
    ...extra,
  });
const telemetry = (ts: number, metrics: Record<string, number>) =>
  decoded('telemetry', { ts, metrics });
const jobStarted = (ts: number, id: string, startedAt = ts) =>
  decoded('event', { ts, type: 'job_started', job: { id, name: `${id}.gcode`, startedAt } });
const jobFinished = (ts: number, id: string, startedAt: number) =>
  decoded('event', {
    ts,
    type: 'job_finished',
    job: {
      id,
      startedAt,
      endedAt: ts,
      outcome: 'completed',
      wallSeconds: (ts - startedAt) / 1000,
      activeSeconds: (ts - startedAt) / 1000,
    },
  });

/** Feeds the messages one after the other as the ingest does, keeping what comes out. */
function run(messages: MachineMessage[]) {
  let entry: { view: MachineView; stateTs: number } | undefined;
  const changes: Array<MachineView | undefined> = [];
  for (const m of messages) {
    const next = applyMessage(entry?.view, m, entry?.stateTs);
    changes.push(next?.view);
    if (next) entry = next;
  }
  return { view: entry?.view, stateTs: entry?.stateTs, changes };
}

describe('applyMessage', () => {
  it('knows a machine from its first state message, with its name, kind and gateway', () => {
    const { view, stateTs } = run([
      state(T0, 'idle', {
        machine: { name: 'Prusa 1', kind: 'printer', profile: 'marlin', firmware: 'Marlin 2.1' },
      }),
    ]);
    expect(stateTs).toBe(T0);
    expect(view).toEqual({
      id: 'prusa-1',
      site: 'fablab',
      name: 'Prusa 1',
      kind: 'printer',
      profile: 'marlin',
      firmware: 'Marlin 2.1',
      state: 'idle',
      detail: null,
      reason: null,
      reasonCode: null,
      since: '2026-12-02T09:00:00.000Z',
      metrics: {},
      job: null,
      awaitingCheck: null,
      gateway: 'gw-atelier',
      gatewayOnline: true,
      updatedAt: '2026-12-02T09:00:00.000Z',
    });
  });

  it('keeps readings for a machine it does not know yet out of any view', () => {
    expect(run([telemetry(T0, { hotend_temp_c: 200 })]).changes).toEqual([undefined]);
  });

  it('merges readings across telemetry messages, the latest value of each metric winning', () => {
    const { view } = run([
      state(T0, 'running'),
      telemetry(T0 + 1000, { hotend_temp_c: 205, bed_temp_c: 60 }),
      telemetry(T0 + 2000, { hotend_temp_c: 210, progress_pct: 12 }),
    ]);
    expect(view?.metrics).toEqual({ hotend_temp_c: 210, bed_temp_c: 60, progress_pct: 12 });
    expect(view?.updatedAt).toBe('2026-12-02T09:00:02.000Z');
  });

  it('leaves the view it was given untouched: each message makes a new one', () => {
    const first = run([state(T0, 'running'), telemetry(T0 + 5, { power_w: 100 })]);
    const before = structuredClone(first.view);
    const next = applyMessage(first.view, telemetry(T0 + 9, { power_w: 300 }), first.stateTs);
    expect(first.view).toEqual(before);
    expect(next?.view.metrics).toEqual({ power_w: 300 });
    expect(next?.view.updatedAt).toBe('2026-12-02T09:00:00.009Z');
  });

  it('never moves updatedAt back for a reading that arrives late', () => {
    const { view } = run([
      state(T0, 'running'),
      telemetry(T0 + 3000, { power_w: 100 }),
      telemetry(T0 + 2000, { energy_wh: 7 }),
    ]);
    expect(view?.metrics).toEqual({ power_w: 100, energy_wh: 7 });
    expect(view?.updatedAt).toBe('2026-12-02T09:00:03.000Z');
  });

  it('ignores readings older than the state they would be shown with', () => {
    const { changes } = run([state(T0 + 5000, 'running'), telemetry(T0 + 4000, { power_w: 1 })]);
    expect(changes[1]).toBeUndefined();
  });

  it('keeps readings and the job across state changes, and resets both when the machine goes offline', () => {
    const { view, changes } = run([
      state(T0, 'preparing', { detail: 'heating' }),
      jobStarted(T0 + 100, 'job-1'),
      telemetry(T0 + 200, { hotend_temp_c: 200, progress_pct: 5 }),
      state(T0 + 300, 'running', {}),
      state(T0 + 400, 'offline', { reason: 'câble débranché', reasonCode: 'port_vanished' }),
    ]);
    const running = changes[3];
    expect(running?.state).toBe('running');
    expect(running?.detail).toBeNull();
    expect(running?.job).toEqual({
      id: 'job-1',
      name: 'job-1.gcode',
      startedAt: '2026-12-02T09:00:00.100Z',
    });
    expect(running?.metrics).toEqual({ hotend_temp_c: 200, progress_pct: 5 });
    expect(view).toMatchObject({
      state: 'offline',
      detail: null,
      reason: 'câble débranché',
      reasonCode: 'port_vanished',
      metrics: {},
      job: null,
      since: '2026-12-02T09:00:00.400Z',
    });
  });

  it('refuses a replayed older state, and keeps a known firmware when a state omits it', () => {
    const { view, changes } = run([
      state(T0, 'idle', {
        machine: { name: 'Prusa 1', kind: 'printer', profile: 'marlin', firmware: 'Marlin 2.1' },
      }),
      state(T0 + 2000, 'running'),
      state(T0 + 1000, 'idle'),
    ]);
    expect(changes[2]).toBeUndefined();
    expect(view?.state).toBe('running');
    expect(view?.firmware).toBe('Marlin 2.1');
  });

  it('keeps a machine in maintenance whatever state its gateway reports', () => {
    const first = run([state(T0, 'idle')]);
    const inMaintenance = { ...first.view!, state: 'maintenance' as const };
    const next = applyMessage(inMaintenance, state(T0 + 1000, 'running'), first.stateTs);
    expect(next?.view.state).toBe('maintenance');
    expect(next?.stateTs).toBe(T0 + 1000);
  });

  it('ends the job it started with its progress readings, keeping the other metrics', () => {
    const { view } = run([
      state(T0, 'running'),
      jobStarted(T0 + 10, 'job-1'),
      telemetry(T0 + 20, { progress_pct: 99, time_left_s: 30, hotend_temp_c: 210 }),
      jobFinished(T0 + 30_000, 'job-1', T0 + 10),
    ]);
    expect(view?.job).toBeNull();
    expect(view?.metrics).toEqual({ hotend_temp_c: 210 });
  });

  it('leaves the running job alone when another job finishes or an older one is replayed', () => {
    const { view, changes } = run([
      state(T0, 'running'),
      jobStarted(T0 + 1000, 'job-2'),
      jobFinished(T0 + 2000, 'job-1', T0 - 60_000),
      jobStarted(T0 + 3000, 'job-1', T0 - 60_000),
    ]);
    expect(changes[2]).toBeUndefined();
    expect(changes[3]).toBeUndefined();
    expect(view?.job?.id).toBe('job-2');
  });

  it('says nothing of alarms: they are not part of the live view', () => {
    const alarm = decoded('event', {
      ts: T0 + 1,
      type: 'alarm',
      severity: 'error',
      code: 'thermal_runaway',
      message: 'Emballement thermique',
    });
    expect(run([state(T0, 'running'), alarm]).changes[1]).toBeUndefined();
  });
});

describe('gatherTelemetry and mergeTelemetry', () => {
  type Telemetry = Extract<MachineMessage, { kind: 'telemetry' }>;
  const reading = (ts: number, metrics: Record<string, number>) =>
    telemetry(ts, metrics) as Telemetry;
  /** The readings gathered into one turn from `entry`, then merged; undefined when no turn began. */
  function turn(entry: { view: MachineView; stateTs?: number } | undefined, readings: Telemetry[]) {
    let t: TelemetryTurn | undefined;
    for (const r of readings) t = gatherTelemetry(t, entry?.view, entry?.stateTs, r);
    return t && mergeTelemetry(t);
  }
  /** The same readings message by message, as applyMessage does them. */
  function oneByOne(
    entry: { view: MachineView; stateTs?: number } | undefined,
    readings: Telemetry[],
  ) {
    let e = entry && { view: entry.view, stateTs: entry.stateTs };
    let changed = false;
    for (const r of readings) {
      const next = applyMessage(e?.view, r, e?.stateTs);
      if (next) [e, changed] = [next, true];
    }
    return changed ? e : undefined;
  }
  const known = run([
    state(T0, 'running'),
    reading(T0 + 100, { hotend_temp_c: 200, bed_temp_c: 60 }),
  ]);
  const from = { view: known.view!, stateTs: known.stateTs! };
  const cases: Array<[string, { view: MachineView; stateTs?: number } | undefined, Telemetry[]]> = [
    [
      'readings in order, the latest of each metric winning',
      from,
      [
        reading(T0 + 200, { hotend_temp_c: 201 }),
        reading(T0 + 300, { hotend_temp_c: 202, progress_pct: 10 }),
      ],
    ],
    [
      'a late reading: its values still win (arrival order), updatedAt does not move back',
      from,
      [reading(T0 + 400, { bed_temp_c: 61 }), reading(T0 + 250, { bed_temp_c: 59 })],
    ],
    [
      'readings older than the state left out, first or later in the turn',
      from,
      [
        reading(T0 - 10, { bed_temp_c: 1 }),
        reading(T0 + 500, { bed_temp_c: 62 }),
        reading(T0 - 5, { bed_temp_c: 2 }),
      ],
    ],
    [
      'a view without a state instant: the first reading sets it, an older one is left out',
      { view: from.view },
      [reading(T0 + 600, { power_w: 5 }), reading(T0 + 550, { power_w: 4 })],
    ],
    ['only readings older than the state: no change', from, [reading(T0 - 1, { power_w: 1 })]],
    ['an unknown machine: no view', undefined, [reading(T0, { power_w: 1 })]],
  ];
  it.each(cases)(
    'give the view applyMessage gives one message at a time: %s',
    (_, entry, readings) => {
      expect(turn(entry, readings)).toEqual(oneByOne(entry, readings));
    },
  );

  it('copy the view once and leave the view they started from untouched', () => {
    const before = structuredClone(from.view);
    const t = gatherTelemetry(
      undefined,
      from.view,
      from.stateTs,
      reading(T0 + 200, { power_w: 1 }),
    );
    const same = gatherTelemetry(t, from.view, from.stateTs, reading(T0 + 300, { power_w: 2 }));
    expect(same).toBe(t);
    expect(mergeTelemetry(t!).view.metrics).toEqual({
      hotend_temp_c: 200,
      bed_temp_c: 60,
      power_w: 2,
    });
    expect(from.view).toEqual(before);
  });
});

describe('applyAwaitingCheck', () => {
  const awaiting = { what: 'Nettoyer le plateau', since: '2026-12-02T08:45:00.000Z' };

  it("lays the server's after-use check over the view, and the gateway's messages keep it", () => {
    const { view, stateTs } = run([state(T0, 'idle')]);
    const waiting = applyAwaitingCheck(view!, awaiting);
    expect(waiting.awaitingCheck).toEqual(awaiting);
    const next = applyMessage(waiting, state(T0 + 1000, 'offline'), stateTs);
    expect(next?.view.awaitingCheck).toEqual(awaiting);
    const read = applyMessage(next!.view, telemetry(T0 + 2000, { bed_temp_c: 20 }), T0 + 1000);
    expect(read?.view.awaitingCheck).toEqual(awaiting);
    expect(applyAwaitingCheck(read!.view, null).awaitingCheck).toBeNull();
  });

  it('gives the same view back when nothing changed, so nothing is sent again', () => {
    const waiting = applyAwaitingCheck(run([state(T0, 'idle')]).view!, awaiting);
    expect(applyAwaitingCheck(waiting, { ...awaiting })).toBe(waiting);
    const none = applyAwaitingCheck(waiting, null);
    expect(applyAwaitingCheck(none, null)).toBe(none);
  });
});

describe('applyPresence', () => {
  it('flags the machine when its gateway goes offline or comes back, and is a no-op otherwise', () => {
    const { view } = run([state(T0, 'idle')]);
    const away = applyPresence(view!, false);
    expect(away.gatewayOnline).toBe(false);
    expect(view!.gatewayOnline).toBe(true);
    expect(applyPresence(away, false)).toBe(away);
    expect(applyPresence(away, true).gatewayOnline).toBe(true);
  });
});

describe('iso', () => {
  it('writes what Date#toISOString writes, across seconds, milliseconds and odd instants', () => {
    const instants = [
      T0,
      T0 + 1,
      T0 + 9,
      T0 + 10,
      T0 + 99,
      T0 + 100,
      T0 + 999,
      T0 + 1000,
      T0 + 1000,
      T0 - 1,
      0,
      -1,
      -62_198_755_200_001,
      1.5,
      T0 + 0.25,
      8.64e15,
    ];
    for (const ms of instants) expect(iso(ms)).toBe(new Date(ms).toISOString());
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });
});
