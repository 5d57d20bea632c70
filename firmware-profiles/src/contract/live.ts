/**
 * The live view of a machine as the server serves it: `GET /api/machines` lists these, and the
 * live feed (`GET /api/live`, Server-Sent Events) sends one in a `machine` event at each change.
 * @module
 */
import type { Metrics } from './metrics.js';
import type { MachineKind, MachineState, StateDetail } from './states.js';

export interface MachineView {
  readonly id: string;
  readonly site: string;
  readonly name: string;
  readonly kind: MachineKind;
  readonly profile: string;
  readonly firmware: string | null;
  readonly state: MachineState;
  readonly detail: StateDetail | null;
  readonly reason: string | null;
  /** The reason as a stable code when the gateway gave one (`contract/reasons.ts` words it). */
  readonly reasonCode: string | null;
  /** When the machine entered its state, ISO 8601. */
  readonly since: string;
  /** Latest reading of each metric (merged across telemetry messages). */
  readonly metrics: Metrics;
  /** The job under way, if any. */
  readonly job: {
    readonly id: string;
    readonly name: string | null;
    readonly startedAt: string;
  } | null;
  /**
   * The after-use check the machine awaits before anyone starts it again (its rules ask for one
   * and its last use ended unconfirmed): what to check and since when (ISO 8601), or null. The
   * server sets it from its grants, not a gateway; it changes when a use ends and when the check
   * is confirmed. Names nobody: the wall is public.
   */
  readonly awaitingCheck: { readonly what: string; readonly since: string } | null;
  /** Gateway that reports this machine, and whether it is connected. */
  readonly gateway: string | null;
  readonly gatewayOnline: boolean;
  /** Last message about this machine, ISO 8601. */
  readonly updatedAt: string;
}

/** Events of the live feed (`event:` field of the SSE stream) and their `data` payloads. */
export interface LiveEvents {
  /** Sent on connect for every machine, then on every change of one machine. */
  machine: MachineView;
  /** Periodic keep-alive with the server time, ISO 8601. */
  ping: { readonly now: string };
}
