/**
 * The machine tracker: a pure state machine between a profile's snapshots and the messages the
 * gateway publishes. It decides when the state changed (one retained message per change), when
 * readings moved enough to be worth a telemetry message, and when a job starts and ends, with its
 * wall, active, beam and spindle time. No I/O, no clock: `now` comes in with every call.
 *
 * Its parts: the words it carries (`tracker-model.ts`), a job's life (`tracker-job.ts`) and when
 * readings go out (`tracker-readings.ts`); this file composes them and says what the state is.
 * @module
 */
import type { StateDetail } from '@manufacto/firmware-profiles/contract';
import type { MachineSnapshot, ProfileNotice } from '@manufacto/firmware-profiles';
import {
  accrue,
  asOfInactive,
  finish,
  followJob,
  meterEnergy,
  type SaidOutcome,
} from './tracker-job.js';
import type {
  JobInProgress,
  TrackerOptions,
  TrackerOutput,
  TrackerState,
  TrackerStep,
} from './tracker-model.js';
import { readingsToSend } from './tracker-readings.js';

export {
  initialTrackerState,
  type TrackerOptions,
  type TrackerOutput,
  type TrackerState,
  type TrackerStep,
} from './tracker-model.js';

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
  let job: JobInProgress | undefined = tracker.job
    ? meterEnergy(accrue(tracker.job, tracker.last, now), snapshot.metrics)
    : undefined;
  let pendingJobName = tracker.pendingJobName;
  const hasBeam = snapshot.beamOn !== undefined || tracker.last?.snapshot.beamOn !== undefined;
  const hasSpindle =
    snapshot.spindleOn !== undefined || tracker.last?.snapshot.spindleOn !== undefined;

  let outcome: SaidOutcome | undefined;
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

  const step = followJob(
    job,
    outcome,
    snapshot,
    { awaitingInactive: tracker.awaitingInactive, pendingJobName, hasBeam, hasSpindle },
    now,
    options,
  );
  outputs.push(...step.outputs);
  job = step.job;
  pendingJobName = step.pendingJobName;

  let sentMetrics = tracker.sentMetrics;
  let sentMetricsAt = tracker.sentMetricsAt;
  const metrics = readingsToSend(
    { metrics: sentMetrics, at: sentMetricsAt },
    snapshot.metrics,
    linkErrors,
    now,
    options,
  );
  if (metrics) {
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
      awaitingInactive: step.awaitingInactive,
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
