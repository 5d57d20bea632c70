import type { MachineSnapshot } from '@manufacto/firmware-profiles';
import { describe, expect, it } from 'vitest';
import {
  initialTrackerState,
  trackOffline,
  trackSnapshot,
  type TrackerOptions,
  type TrackerOutput,
  type TrackerState,
} from './tracker.js';

const options = { machineId: 'laser-1', jobEndGraceMs: 10_000, heartbeatMs: 60_000 };
const T0 = Date.parse('2026-11-23T09:00:00Z');

function idle(metrics = {}): MachineSnapshot {
  return { state: 'idle', metrics, jobActive: false, beamOn: false, spindleOn: false };
}
function running(beamOn = true): MachineSnapshot {
  return {
    state: 'running',
    metrics: { feed_mm_min: 1200 },
    jobActive: true,
    beamOn,
    spindleOn: false,
  };
}

/** Feeds snapshots at the given offsets (seconds) and collects every output. */
function feed(
  steps: Array<[number, MachineSnapshot, Parameters<typeof trackSnapshot>[2]?]>,
  start: TrackerState = initialTrackerState,
  opts: TrackerOptions = options,
) {
  let state = start;
  const outputs: TrackerOutput[] = [];
  for (const [at, snapshot, notices] of steps) {
    const step = trackSnapshot(state, snapshot, notices ?? [], T0 + at * 1000, opts);
    state = step.state;
    outputs.push(...step.outputs);
  }
  return { state, outputs };
}

const events = (outputs: readonly TrackerOutput[]) => outputs.filter((o) => o.channel === 'event');

describe('trackSnapshot', () => {
  it('publishes the state once per change, not on every poll', () => {
    const { outputs } = feed([
      [0, idle()],
      [1, idle()],
      [2, idle()],
      [3, running()],
      [4, running()],
    ]);
    expect(
      outputs
        .filter((o) => o.channel === 'state')
        .map((o) => (o.channel === 'state' ? o.state : '')),
    ).toEqual(['idle', 'running']);
  });

  it('starts a job when one becomes active and ends it after the grace period, timed from when it stopped', () => {
    const { outputs, state } = feed([
      [0, idle()],
      [10, running()],
      [70, running(false)],
      [100, idle()],
      [105, idle()],
      [111, idle()],
    ]);
    const [started, finished] = events(outputs);
    expect(started).toMatchObject({
      type: 'job_started',
      job: { id: `laser-1-${T0 + 10_000}`, startedAt: T0 + 10_000 },
    });
    expect(finished).toMatchObject({
      type: 'job_finished',
      job: {
        outcome: 'completed',
        startedAt: T0 + 10_000,
        endedAt: T0 + 100_000,
        wallSeconds: 90,
        activeSeconds: 90,
        beamSeconds: 60,
      },
    });
    expect(state.job).toBeUndefined();
  });

  it('keeps one job across a gap shorter than the grace period', () => {
    const { outputs } = feed([
      [0, running()],
      [10, idle()],
      [15, running()],
      [20, idle()],
      [40, idle()],
    ]);
    expect(events(outputs).map((e) => (e.channel === 'event' ? e.type : ''))).toEqual([
      'job_started',
      'job_finished',
    ]);
  });

  it('ends a job as the firmware says and does not restart it while the firmware still reports it', () => {
    const { outputs } = feed([
      [0, running()],
      [30, running(), [{ type: 'job_outcome', outcome: 'completed' }]],
      [31, running()],
      [32, idle()],
      [40, running()],
    ]);
    const kinds = events(outputs).map((e) =>
      e.channel === 'event' && e.type === 'job_finished'
        ? `finished:${e.job.outcome}`
        : e.channel === 'event'
          ? e.type
          : '',
    );
    expect(kinds).toEqual(['job_started', 'finished:completed', 'job_started']);
  });

  it('ends a job interrupted by an alarm as failed, with the reason, after publishing the error state', () => {
    const alarm: MachineSnapshot = {
      state: 'error',
      detail: 'alarm',
      reason: 'Alarme 1 : fin de course',
      metrics: {},
      jobActive: false,
    };
    const { outputs } = feed([
      [0, running()],
      [
        5,
        alarm,
        [
          { type: 'alarm', severity: 'error', code: 'ALARM:1', message: 'Hard limit' },
          { type: 'job_outcome', outcome: 'failed', reason: 'Alarme 1 : fin de course' },
        ],
      ],
    ]);
    const channels = outputs.slice(3).map((o) => (o.channel === 'event' ? o.type : o.channel));
    expect(channels).toEqual(['alarm', 'state', 'job_finished']);
    expect(outputs.at(-1)).toMatchObject({
      job: { outcome: 'failed', reason: 'Alarme 1 : fin de course', wallSeconds: 5 },
    });
  });

  it('names the job from a name announced just before it starts', () => {
    const { outputs } = feed([
      [0, idle(), [{ type: 'job_name', name: 'boite.gcode' }]],
      [1, running()],
    ]);
    expect(events(outputs)[0]).toMatchObject({ type: 'job_started', job: { name: 'boite.gcode' } });
  });

  it('publishes readings only when they move beyond their deadband or at the heartbeat', () => {
    const { outputs } = feed([
      [0, idle({ hotend_temp_c: 20.1 })],
      [1, idle({ hotend_temp_c: 20.3 })],
      [2, idle({ hotend_temp_c: 21.0 })],
      [3, idle({ hotend_temp_c: 21.0 })],
      [70, idle({ hotend_temp_c: 21.0 })],
    ]);
    const telemetry = outputs.filter((o) => o.channel === 'telemetry');
    expect(telemetry.map((o) => (o.channel === 'telemetry' ? o.metrics.hotend_temp_c : 0))).toEqual(
      [20.1, 21.0, 21.0],
    );
  });

  it('publishes readings that keep changing at most once per minimum interval, the latest one first after it', () => {
    // A head moving at every 5-Hz poll: positions 0, 1, 2 … mm.
    const steps: Array<[number, MachineSnapshot]> = Array.from({ length: 16 }, (_, i) => [
      i * 0.2,
      idle({ x_mm: i }),
    ]);
    const { outputs, state } = feed(steps, initialTrackerState, {
      ...options,
      telemetryMinIntervalMs: 1000,
    });
    const xs = outputs.flatMap((o) => (o.channel === 'telemetry' ? [o.metrics.x_mm] : []));
    expect(xs).toEqual([0, 5, 10, 15]);
    // The state still changes at once: it is never held back.
    const after = trackSnapshot(state, running(), [], T0 + 3100, {
      ...options,
      telemetryMinIntervalMs: 1000,
    });
    expect(after.outputs.filter((o) => o.channel === 'state')).toHaveLength(1);
    expect(after.outputs.filter((o) => o.channel === 'telemetry')).toHaveLength(0);
  });

  it('treats a reading that appears for the first time as news', () => {
    const { outputs } = feed([
      [0, idle({ bed_temp_c: 20 })],
      [1, idle({ bed_temp_c: 20, hotend_temp_c: 20 })],
    ]);
    expect(outputs.filter((o) => o.channel === 'telemetry')).toHaveLength(2);
  });
});

describe('trackOffline', () => {
  it('ends a running job as failed when the machine is lost, keeping the time it really ran', () => {
    const { state } = feed([
      [0, running()],
      [30, running()],
    ]);
    const step = trackOffline(state, 'disconnected', 'câble débranché', T0 + 40_000);
    expect(step.outputs[0]).toMatchObject({
      channel: 'state',
      state: 'offline',
      detail: 'disconnected',
      since: T0 + 40_000,
    });
    expect(step.outputs[1]).toMatchObject({
      type: 'job_finished',
      job: { outcome: 'failed', reason: 'câble débranché', wallSeconds: 40, activeSeconds: 40 },
    });
    expect(step.state.job).toBeUndefined();
  });

  it('says offline once, however often it is told', () => {
    const first = trackOffline(initialTrackerState, 'disconnected', 'port absent', T0);
    const second = trackOffline(first.state, 'disconnected', 'port absent', T0 + 5000);
    expect(first.outputs).toHaveLength(1);
    expect(second.outputs).toHaveLength(0);
  });

  it('sends readings again after reconnecting even if they did not change', () => {
    const { state } = feed([[0, idle({ bed_temp_c: 20 })]]);
    const off = trackOffline(state, 'disconnected', 'port absent', T0 + 1000);
    const back = trackSnapshot(off.state, idle({ bed_temp_c: 20 }), [], T0 + 2000, options);
    expect(back.outputs.map((o) => o.channel)).toEqual(['state', 'telemetry']);
  });

  it('ends a job by the grace period without the spindle time of the grace (spindle ≤ wall)', () => {
    // A router's job: 10 s cutting, then idle with the spindle still reported on for the grace.
    const cutting: MachineSnapshot = { ...running(false), spindleOn: true };
    const spinningIdle: MachineSnapshot = { ...idle(), spindleOn: true };
    const { outputs } = feed([
      [0, cutting],
      [10, spinningIdle],
      [15, spinningIdle],
      [21, spinningIdle],
    ]);
    const finished = outputs.find((o) => o.channel === 'event' && o.type === 'job_finished');
    if (finished?.channel !== 'event' || finished.type !== 'job_finished')
      throw new Error('no job_finished');
    expect(finished.job.wallSeconds).toBe(10);
    expect(finished.job.spindleSeconds).toBe(10);
    expect(finished.job.activeSeconds).toBe(10);
  });

  it('counts serial link errors as link_errors_total, not as alarm events', () => {
    const { outputs } = feed([
      [0, running()],
      [1, running(), [{ type: 'link_error', code: 'CHECKSUM' }]],
      [2, running(), [{ type: 'link_error', code: 'LINE_NUMBER' }]],
    ]);
    expect(events(outputs).filter((o) => o.type === 'alarm')).toEqual([]);
    const readings = outputs.flatMap((o) => (o.channel === 'telemetry' ? [o.metrics] : []));
    expect(readings.map((m) => m.link_errors_total)).toEqual([undefined, 1, 2]);
  });
});

describe('energy per job (power meters)', () => {
  const meter = (state: 'idle' | 'running' | 'paused', energy: number): MachineSnapshot => ({
    state,
    metrics: { power_w: state === 'running' ? 800 : 30, energy_wh: energy },
    jobActive: state === 'running',
  });

  it('is the counter at the drop less the counter at the start, idle draw after the drop left out', () => {
    const { outputs } = feed([
      [0, meter('idle', 1000)],
      [10, meter('running', 1000.5)],
      [70, meter('running', 1013.8)],
      [80, meter('paused', 1015.7)], // the drop: the job's end, if the draw does not come back
      [89, meter('paused', 1015.8)],
      [91, meter('idle', 1015.8)],
    ]);
    const finished = events(outputs).find((o) => o.type === 'job_finished');
    expect(finished?.type === 'job_finished' && finished.job).toMatchObject({
      startedAt: T0 + 10_000,
      endedAt: T0 + 80_000,
      energyWh: 15.2,
      activeSeconds: 70,
    });
  });

  it('starts a power-metered job at the first crossing once confirmed, its energy from then', () => {
    // The detector confirmed the job at 13 s; the draw crossed the working threshold at 10 s.
    const confirmed = (energy: number): MachineSnapshot => ({
      ...meter('running', energy),
      jobSince: { at: T0 + 10_000, energyWh: 1000.1 },
    });
    const { outputs } = feed([
      [0, meter('idle', 1000)],
      [11, meter('idle', 1000.3)], // above the threshold, not yet confirmed
      [13, confirmed(1000.8)],
      [43, confirmed(1007.5)],
      [44, meter('paused', 1007.6)],
      [70, meter('idle', 1007.7)],
    ]);
    const started = events(outputs).find((o) => o.type === 'job_started');
    expect(started?.type === 'job_started' && started.job).toMatchObject({
      id: `laser-1-${T0 + 10_000}`,
      startedAt: T0 + 10_000,
    });
    const finished = events(outputs).find((o) => o.type === 'job_finished');
    expect(finished?.type === 'job_finished' && finished.job).toMatchObject({
      startedAt: T0 + 10_000,
      endedAt: T0 + 44_000,
      activeSeconds: 34,
      energyWh: 7.5,
    });
  });

  it('leaves energy out when the machine has no counter, or when the counter went back', () => {
    const noCounter = feed([
      [0, running()],
      [1, idle()],
      [20, idle()],
    ]);
    const a = events(noCounter.outputs).find((o) => o.type === 'job_finished');
    expect(a?.type === 'job_finished' && 'energyWh' in a.job).toBe(false);
    const reset = feed([
      [0, meter('running', 500)],
      [5, meter('running', 2)],
      [6, meter('idle', 2)],
      [20, meter('idle', 2)],
    ]);
    const b = events(reset.outputs).find((o) => o.type === 'job_finished');
    expect(b?.type === 'job_finished' && 'energyWh' in b.job).toBe(false);
  });
});
