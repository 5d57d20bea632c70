/**
 * Jobs a device's own history reports (Moonraker's `server.history.list` at each connection,
 * `notify_history_changed` at each end), reconciled with the jobs the tracker saw live: a job that
 * ran while the gateway could not see it becomes a usage session after the reconnection; one that
 * was seen is not counted twice; one the lost link cut short is corrected with its true end and
 * outcome (same job id: the server's usage session is rewritten, not doubled). Pure: the runner
 * keeps the state, and a file keeps it across restarts.
 * @module
 */
import type { PastJob } from '@manufacto/firmware-profiles';
import type { FinishedJob } from '@manufacto/firmware-profiles/contract';
import type { TrackerOutput } from './tracker.js';

/** A job accounted for: seen live by the tracker, or taken from the device's history. */
export interface SeenJob {
  readonly id: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Ended by the lost link, not by the machine: the history may say how it really ended. */
  readonly cutShort?: boolean;
  readonly deviceJobId?: string;
}

export interface PastJobsState {
  /**
   * History jobs that ended at or before this are accounted for. A gateway's first start sets it
   * to that moment: a printer's months of history before Manufacto are not its usage sessions.
   */
  readonly watermark: number;
  /** The latest jobs accounted for, newest last (at most `KEEP`). */
  readonly seen: readonly SeenJob[];
}

const KEEP = 50;
/** Device and gateway clocks differ a little: the gateway's view of a job ends this much later. */
const SLACK_MS = 5000;

export function initialPastJobs(now: number): PastJobsState {
  return { watermark: now, seen: [] };
}

function remember(state: PastJobsState, job: SeenJob): PastJobsState {
  return {
    watermark: Math.max(state.watermark, job.endedAt),
    seen: [...state.seen.filter((s) => s.id !== job.id), job].slice(-KEEP),
  };
}

/** The tracker finished a job (a live one): remember it, and whether the lost link ended it. */
export function recordLiveJob(
  state: PastJobsState,
  job: FinishedJob,
  cutShort: boolean,
): PastJobsState {
  const seen = { id: job.id, startedAt: job.startedAt, endedAt: job.endedAt };
  return remember(state, cutShort ? { ...seen, cutShort: true } : seen);
}

/**
 * The same job, seen twice: they share more than half of the shorter one. Clocks a few seconds
 * apart keep almost all of a job in common; two jobs back to back (a print farm's plate changer)
 * share nothing.
 */
function overlaps(a: { startedAt: number; endedAt: number }, b: PastJob): boolean {
  const common = Math.min(a.endedAt, b.endedAt) - Math.max(a.startedAt, b.startedAt);
  const shorter = Math.min(a.endedAt - a.startedAt, b.endedAt - b.startedAt);
  return common > 0 && common >= shorter / 2;
}

function finished(id: string, startedAt: number, past: PastJob): TrackerOutput {
  return {
    channel: 'event',
    type: 'job_finished',
    job: {
      id,
      ...(past.name !== undefined ? { name: past.name } : {}),
      startedAt,
      endedAt: past.endedAt,
      outcome: past.outcome,
      ...(past.reason !== undefined ? { reason: past.reason } : {}),
      wallSeconds: Math.max(0, past.endedAt - startedAt) / 1000,
      activeSeconds: Math.min(past.activeSeconds, Math.max(0, past.endedAt - startedAt) / 1000),
      ...(past.energyWh !== undefined ? { energyWh: past.energyWh } : {}),
    },
  };
}

/**
 * One job from the device's history. `live` is the job the tracker follows now, if any: a history
 * entry overlapping it is that job, which the tracker will finish itself.
 */
export function takePastJob(
  state: PastJobsState,
  past: PastJob,
  machineId: string,
  live: { readonly startedAt: number } | undefined,
): { state: PastJobsState; outputs: TrackerOutput[] } {
  const none = { state, outputs: [] };
  if (past.endedAt <= state.watermark && !state.seen.some((s) => s.cutShort)) return none;
  if (state.seen.some((s) => s.deviceJobId === past.deviceJobId)) return none;
  if (live && live.startedAt <= past.endedAt + SLACK_MS) return none;
  const met = state.seen.filter((s) => overlaps(s, past));
  const mark = (s: SeenJob): PastJobsState =>
    remember(state, {
      ...s,
      endedAt: Math.max(s.endedAt, past.endedAt),
      deviceJobId: past.deviceJobId,
    });
  // Seen live and ended by the machine: the tracker's session stands.
  const whole = met.find((s) => !s.cutShort);
  if (whole) return { state: mark(whole), outputs: [] };
  // Cut short by the lost link: the same session, with the machine's own end and outcome.
  const cut = met.at(-1);
  if (cut) {
    const { cutShort: _c, ...rest } = cut;
    return { state: mark(rest), outputs: [finished(cut.id, cut.startedAt, past)] };
  }
  if (past.endedAt <= state.watermark) return none;
  // Never seen: it ran while the gateway was away. Its id is stable, from the device's start.
  const id = `${machineId}-${past.startedAt}`;
  return {
    state: remember(state, {
      id,
      startedAt: past.startedAt,
      endedAt: past.endedAt,
      deviceJobId: past.deviceJobId,
    }),
    outputs: [finished(id, past.startedAt, past)],
  };
}
