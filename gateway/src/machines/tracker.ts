/**
 * The machine tracker: a pure state machine between a profile's snapshots and the messages the
 * gateway publishes. It decides when the state changed (one retained message per change), when
 * readings moved enough to be worth a telemetry message, and when a job starts and ends, with its
 * wall, active, beam and spindle time. No I/O, no clock: `now` comes in with every call.
 * @module
 */
import type {
  DeviceState,
  FinishedJob,
  JobOutcome,
  Metrics,
  StateDetail,
} from '@manufacto/firmware-profiles/contract';
import type { MachineSnapshot, ProfileNotice } from '@manufacto/firmware-profiles';

export interface TrackerOptions {
  readonly machineId: string;
  /** After `jobActive` has been false this long, the job is over. */
  readonly jobEndGraceMs: number;
  /** Re-publish readings at least this often, even unchanged. */
  readonly heartbeatMs: number;
  /**
   * Publish readings at most this often (0: at every change). A moving head changes its position
   * at every poll; the wall needs a reading a second, not five.
   */
  readonly telemetryMinIntervalMs?: number;
}

/** What the tracker asks the runner to publish; the runner adds the envelope (v, gateway, seq, ts). */
export type TrackerOutput =
  | {
      readonly channel: 'state';
      readonly state: DeviceState;
      readonly detail?: StateDetail;
      readonly reason?: string;
      /** The gateway's own reasons (offline): a stable code beside the French words. */
      readonly reasonCode?: string;
      readonly since: number;
    }
  | { readonly channel: 'telemetry'; readonly metrics: Metrics }
  | {
      readonly channel: 'event';
      readonly type: 'job_started';
      readonly job: { id: string; name?: string; startedAt: number };
    }
  | { readonly channel: 'event'; readonly type: 'job_finished'; readonly job: FinishedJob }
  | {
      readonly channel: 'event';
      readonly type: 'alarm';
      readonly severity: 'warning' | 'error';
      readonly code: string;
      readonly message: string;
    };

interface JobInProgress {
  readonly id: string;
  readonly name?: string;
  readonly startedAt: number;
  readonly activeMs: number;
  readonly beamMs: number;
  readonly spindleMs: number;
  /** When `jobActive` went false (the job may be over, pending the grace period). */
  readonly inactiveSince?: number;
  /** The machine's energy counter (`energy_wh`, power meters) when the job started. */
  readonly startEnergyWh?: number;
  /** The counter at the last reading, or when `jobActive` went false: the job's end. */
  readonly endEnergyWh?: number;
  /**
   * The counters as they stood at `inactiveSince`: a job that ends by the grace period ends then,
   * and what the machine did during the grace (a spindle still reported on) is not the job's.
   */
  readonly atInactive?: {
    readonly activeMs: number;
    readonly beamMs: number;
    readonly spindleMs: number;
  };
}

/** The job as it stood when it went inactive, if it did: what a job ended by the grace keeps. */
function asOfInactive(job: JobInProgress): JobInProgress {
  return job.atInactive ? { ...job, ...job.atInactive } : job;
}

export interface TrackerState {
  readonly published?: {
    readonly state: DeviceState;
    readonly detail?: StateDetail;
    readonly reason?: string;
    readonly since: number;
  };
  /** Last snapshot and when it was taken: the time until the next one is credited to its state. */
  readonly last?: { readonly snapshot: MachineSnapshot; readonly at: number };
  readonly sentMetrics: Metrics;
  readonly sentMetricsAt: number;
  readonly job?: JobInProgress;
  /** A job ended by the firmware's word; no new job until `jobActive` has been seen false. */
  readonly awaitingInactive: boolean;
  /** A name announced before the job started (`File opened: …`). */
  readonly pendingJobName?: string;
  /** Lines garbled on the serial link so far (`link_error` notices): published as `link_errors_total`. */
  readonly linkErrors?: number;
}

export const initialTrackerState: TrackerState = {
  sentMetrics: {},
  sentMetricsAt: 0,
  awaitingInactive: false,
};

export interface TrackerStep {
  readonly state: TrackerState;
  readonly outputs: readonly TrackerOutput[];
}

/** Smallest change worth a message, per metric family (a reading that wobbles is not news). */
function deadband(key: string): number {
  if (key.endsWith('_c')) return 0.5;
  if (key.endsWith('_pct')) return 1;
  if (key.endsWith('_mm')) return 0.1;
  if (key.endsWith('_s')) return 10;
  if (key.endsWith('_w')) return 5;
  return 0;
}

function changedMetrics(previous: Metrics, next: Metrics): boolean {
  for (const [key, value] of Object.entries(next)) {
    const before = previous[key];
    if (before === undefined) return true;
    const band = deadband(key);
    if (band === 0 ? before !== value : Math.abs(before - value) >= band) return true;
  }
  return false;
}

/** Credits the time since the last snapshot to the job's active/beam/spindle counters. */
function accrue(job: JobInProgress, last: TrackerState['last'], now: number): JobInProgress {
  if (!last || now <= last.at) return job;
  const dt = now - Math.max(last.at, job.startedAt);
  if (dt <= 0) return job;
  const s = last.snapshot;
  return {
    ...job,
    activeMs: job.activeMs + (s.state === 'running' ? dt : 0),
    beamMs: job.beamMs + (s.state === 'running' && s.beamOn ? dt : 0),
    spindleMs: job.spindleMs + (s.spindleOn ? dt : 0),
  };
}

/** Follows the energy counter: until the job goes inactive, its end is the latest reading. */
function meterEnergy(job: JobInProgress, metrics: Metrics): JobInProgress {
  const energy = metrics.energy_wh;
  if (energy === undefined || job.inactiveSince !== undefined) return job;
  return { ...job, endEnergyWh: energy };
}

function energyOf(job: JobInProgress): number | undefined {
  if (job.startEnergyWh === undefined || job.endEnergyWh === undefined) return undefined;
  const used = job.endEnergyWh - job.startEnergyWh;
  // A counter that went back (the meter was reset or replaced) says nothing about this job.
  return used >= 0 ? Math.round(used * 1000) / 1000 : undefined;
}

function finish(
  job: JobInProgress,
  endedAt: number,
  outcome: JobOutcome,
  reason: string | undefined,
  hasBeam: boolean,
  hasSpindle: boolean,
): TrackerOutput {
  const energyWh = energyOf(job);
  const finished: FinishedJob = {
    id: job.id,
    ...(job.name !== undefined ? { name: job.name } : {}),
    startedAt: job.startedAt,
    endedAt,
    outcome,
    ...(reason !== undefined ? { reason } : {}),
    wallSeconds: Math.max(0, endedAt - job.startedAt) / 1000,
    activeSeconds: job.activeMs / 1000,
    ...(hasBeam ? { beamSeconds: job.beamMs / 1000 } : {}),
    ...(hasSpindle ? { spindleSeconds: job.spindleMs / 1000 } : {}),
    ...(energyWh !== undefined ? { energyWh } : {}),
  };
  return { channel: 'event', type: 'job_finished', job: finished };
}

/**
 * Feeds one snapshot (after the profile reduced a line or a poll) and the notices that came with it.
 */
export function trackSnapshot(
  tracker: TrackerState,
  snapshot: MachineSnapshot,
  notices: readonly ProfileNotice[],
  now: number,
  options: TrackerOptions,
): TrackerStep {
  const outputs: TrackerOutput[] = [];
  let job = tracker.job
    ? meterEnergy(accrue(tracker.job, tracker.last, now), snapshot.metrics)
    : undefined;
  let awaitingInactive = tracker.awaitingInactive;
  let pendingJobName = tracker.pendingJobName;
  const hasBeam = snapshot.beamOn !== undefined || tracker.last?.snapshot.beamOn !== undefined;
  const hasSpindle =
    snapshot.spindleOn !== undefined || tracker.last?.snapshot.spindleOn !== undefined;

  let outcome: { outcome: JobOutcome; reason?: string } | undefined;
  let linkErrors = tracker.linkErrors ?? 0;
  for (const notice of notices) {
    if (notice.type === 'link_error') linkErrors += 1;
    else if (notice.type === 'alarm') {
      outputs.push({
        channel: 'event',
        type: 'alarm',
        severity: notice.severity,
        code: notice.code,
        message: notice.message,
      });
    } else if (notice.type === 'job_name') {
      if (job && job.name === undefined) job = { ...job, name: notice.name };
      else if (!job) pendingJobName = notice.name;
    } else if (notice.type === 'job_outcome' && !outcome) {
      outcome = {
        outcome: notice.outcome,
        ...(notice.reason !== undefined ? { reason: notice.reason } : {}),
      };
    }
  }

  // State first, so that a consumer sees "error" before the job that failed because of it.
  const published = tracker.published;
  let nextPublished = published;
  if (
    !published ||
    published.state !== snapshot.state ||
    published.detail !== snapshot.detail ||
    published.reason !== snapshot.reason
  ) {
    const since = published && published.state === snapshot.state ? published.since : now;
    nextPublished = {
      state: snapshot.state,
      ...(snapshot.detail !== undefined ? { detail: snapshot.detail } : {}),
      ...(snapshot.reason !== undefined ? { reason: snapshot.reason } : {}),
      since,
    };
    outputs.push({ channel: 'state', ...nextPublished });
  }

  // Job lifecycle.
  if (job && outcome) {
    outputs.push(finish(job, now, outcome.outcome, outcome.reason, hasBeam, hasSpindle));
    job = undefined;
    awaitingInactive = snapshot.jobActive;
  } else if (job) {
    if (snapshot.jobActive) {
      if (job.inactiveSince !== undefined) {
        const { inactiveSince: _ignored, atInactive: _at, ...rest } = job;
        job = rest;
      }
    } else {
      const inactiveSince = job.inactiveSince ?? now;
      if (now - inactiveSince >= options.jobEndGraceMs) {
        const failed = snapshot.state === 'error';
        outputs.push(
          finish(
            asOfInactive(job),
            inactiveSince,
            failed ? 'failed' : 'completed',
            failed ? snapshot.reason : undefined,
            hasBeam,
            hasSpindle,
          ),
        );
        job = undefined;
      } else if (job.inactiveSince === undefined) {
        const { activeMs, beamMs, spindleMs } = job;
        job = { ...job, inactiveSince, atInactive: { activeMs, beamMs, spindleMs } };
      }
    }
  } else if (!snapshot.jobActive) {
    awaitingInactive = false;
  } else if (!awaitingInactive) {
    const energy = snapshot.metrics.energy_wh;
    // A power meter confirms a job seconds after it began: the job starts at the first crossing,
    // its energy counted from the counter then, and those seconds were working ones.
    const since = snapshot.jobSince;
    const startedAt = since && since.at < now ? since.at : now;
    const early = now - startedAt;
    const startEnergy = since?.energyWh ?? energy;
    job = {
      id: `${options.machineId}-${startedAt}`,
      ...(pendingJobName !== undefined ? { name: pendingJobName } : {}),
      startedAt,
      activeMs: snapshot.state === 'running' ? early : 0,
      beamMs: snapshot.state === 'running' && snapshot.beamOn ? early : 0,
      spindleMs: snapshot.spindleOn ? early : 0,
      ...(startEnergy !== undefined
        ? { startEnergyWh: startEnergy, endEnergyWh: energy ?? startEnergy }
        : {}),
    };
    pendingJobName = undefined;
    outputs.push({
      channel: 'event',
      type: 'job_started',
      job: {
        id: job.id,
        ...(job.name !== undefined ? { name: job.name } : {}),
        startedAt: job.startedAt,
      },
    });
  }

  // Readings: only when they moved beyond their deadband, or at the heartbeat; never more often
  // than the minimum interval (a change held back goes with the first reading after it).
  let sentMetrics = tracker.sentMetrics;
  let sentMetricsAt = tracker.sentMetricsAt;
  const metrics =
    linkErrors > 0 ? { ...snapshot.metrics, link_errors_total: linkErrors } : snapshot.metrics;
  const hasMetrics = Object.keys(metrics).length > 0;
  // A tenth of slack: a reading polled once a second that comes 999 ms after the last one is due.
  const due = now - sentMetricsAt >= 0.9 * (options.telemetryMinIntervalMs ?? 0);
  if (
    hasMetrics &&
    due &&
    (changedMetrics(sentMetrics, metrics) || now - sentMetricsAt >= options.heartbeatMs)
  ) {
    outputs.push({ channel: 'telemetry', metrics });
    sentMetrics = metrics;
    sentMetricsAt = now;
  }

  return {
    state: {
      ...(nextPublished ? { published: nextPublished } : {}),
      last: { snapshot, at: now },
      sentMetrics,
      sentMetricsAt,
      ...(job ? { job } : {}),
      awaitingInactive,
      ...(pendingJobName !== undefined ? { pendingJobName } : {}),
      ...(linkErrors > 0 ? { linkErrors } : {}),
    },
    outputs,
  };
}

/**
 * The machine is unreachable: cable pulled, port gone, firmware silent. Goes offline with the
 * reason, and a job under way ends as failed, not lost.
 */
export function trackOffline(
  tracker: TrackerState,
  detail: StateDetail,
  reason: string,
  now: number,
  reasonCode?: string,
): TrackerStep {
  const outputs: TrackerOutput[] = [];
  const published = tracker.published;
  if (
    published?.state !== 'offline' ||
    published.detail !== detail ||
    published.reason !== reason
  ) {
    const since = published?.state === 'offline' ? published.since : now;
    outputs.push({
      channel: 'state',
      state: 'offline',
      detail,
      reason,
      ...(reasonCode !== undefined ? { reasonCode } : {}),
      since,
    });
  }
  if (tracker.job) {
    const job = asOfInactive(accrue(tracker.job, tracker.last, now));
    const hasBeam = tracker.last?.snapshot.beamOn !== undefined;
    const hasSpindle = tracker.last?.snapshot.spindleOn !== undefined;
    outputs.push(finish(job, job.inactiveSince ?? now, 'failed', reason, hasBeam, hasSpindle));
  }
  const offline = outputs.find((o) => o.channel === 'state');
  return {
    state: {
      ...(offline && offline.channel === 'state'
        ? { published: { state: 'offline', detail, reason, since: offline.since } }
        : published
          ? { published }
          : {}),
      sentMetrics: {},
      sentMetricsAt: 0,
      awaitingInactive: false,
      ...(tracker.linkErrors ? { linkErrors: tracker.linkErrors } : {}),
    },
    outputs,
  };
}
