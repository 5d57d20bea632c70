/**
 * A job's life in the tracker: when it starts, what its active, beam and spindle time and its
 * energy come to, and when it ends (by the firmware's word, or after `jobActive` has been false
 * for the grace period). Pure, like the tracker.
 * @module
 */
import type { FinishedJob, JobOutcome, Metrics } from '@manufacto/firmware-profiles/contract';
import type { MachineSnapshot } from '@manufacto/firmware-profiles';
import type {
  JobInProgress,
  TrackerOptions,
  TrackerOutput,
  TrackerState,
} from './tracker-model.js';

/** The job as it stood when it went inactive, if it did: what a job ended by the grace keeps. */
export function asOfInactive(job: JobInProgress): JobInProgress {
  return job.atInactive ? { ...job, ...job.atInactive } : job;
}

/** Credits the time since the last snapshot to the job's active/beam/spindle counters. */
export function accrue(job: JobInProgress, last: TrackerState['last'], now: number): JobInProgress {
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
export function meterEnergy(job: JobInProgress, metrics: Metrics): JobInProgress {
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

export function finish(
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

/** A job's end as the firmware said it (`job_outcome` notice). */
export interface SaidOutcome {
  readonly outcome: JobOutcome;
  readonly reason?: string;
}

export interface JobStep {
  readonly job: JobInProgress | undefined;
  readonly awaitingInactive: boolean;
  readonly pendingJobName: string | undefined;
  readonly outputs: readonly TrackerOutput[];
}

/**
 * Moves the job on by one snapshot: ends it (the firmware's outcome, or the grace period run
 * out), holds it while inactive within the grace, or starts one when `jobActive` comes on.
 */
export function followJob(
  job: JobInProgress | undefined,
  outcome: SaidOutcome | undefined,
  snapshot: MachineSnapshot,
  flags: {
    readonly awaitingInactive: boolean;
    readonly pendingJobName: string | undefined;
    readonly hasBeam: boolean;
    readonly hasSpindle: boolean;
  },
  now: number,
  options: TrackerOptions,
): JobStep {
  const outputs: TrackerOutput[] = [];
  let { awaitingInactive, pendingJobName } = flags;
  const { hasBeam, hasSpindle } = flags;
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
    job = startJob(snapshot, pendingJobName, now, options);
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
  return { job, awaitingInactive, pendingJobName, outputs };
}

function startJob(
  snapshot: MachineSnapshot,
  name: string | undefined,
  now: number,
  options: TrackerOptions,
): JobInProgress {
  const energy = snapshot.metrics.energy_wh;
  // A power meter confirms a job seconds after it began: the job starts at the first crossing,
  // its energy counted from the counter then, and those seconds were working ones.
  const since = snapshot.jobSince;
  const startedAt = since && since.at < now ? since.at : now;
  const early = now - startedAt;
  const startEnergy = since?.energyWh ?? energy;
  return {
    id: `${options.machineId}-${startedAt}`,
    ...(name !== undefined ? { name } : {}),
    startedAt,
    activeMs: snapshot.state === 'running' ? early : 0,
    beamMs: snapshot.state === 'running' && snapshot.beamOn ? early : 0,
    spindleMs: snapshot.spindleOn ? early : 0,
    ...(startEnergy !== undefined
      ? { startEnergyWh: startEnergy, endEnergyWh: energy ?? startEnergy }
      : {}),
  };
}
