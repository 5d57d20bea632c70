/**
 * The tracker's words: its options, what it asks the runner to publish, and the state it carries
 * from one snapshot to the next (a job in progress among it).
 * @module
 */
import type {
  DeviceState,
  FinishedJob,
  Metrics,
  StateDetail,
} from '@manufacto/firmware-profiles/contract';
import type { MachineSnapshot } from '@manufacto/firmware-profiles';

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

export interface JobInProgress {
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
