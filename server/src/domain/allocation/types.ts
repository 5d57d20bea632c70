/**
 * Plain data of a contended booking round: the machines with their opening hours, the members
 * with their priority weight and quota, the requests with their acceptable windows, and the
 * allocation an allocator returns. No behaviour here, so the HTTP layer, the store, the allocators
 * and the benchmark all speak the same shapes.
 *
 * Times are epoch milliseconds and intervals are half-open (`[start, end)`), so two bookings that
 * touch (`a.end === b.start`) do not overlap; durations and buffers are in minutes, as members
 * and managers think of them.
 * @module
 */

export type MachineKind = 'printer' | 'laser' | 'cnc' | 'other';

/** The kinds a request may ask for; anything else makes the request invalid. */
export const MACHINE_KINDS: readonly MachineKind[] = ['printer', 'laser', 'cnc', 'other'];

/** Half-open time interval in epoch ms: `start` included, `end` excluded. */
export interface Interval {
  start: number;
  end: number;
}

export interface AllocationMachine {
  id: string;
  kind: MachineKind;
  /** When the machine may be booked in this round (opening hours minus maintenance), any order. */
  available: Interval[];
  /** Minutes kept free after each booking (cool-down, cleaning, bed change) before the next one. */
  bufferMin: number;
  /** Its machine group ("prusa-mk4"), if any. */
  group?: string;
}

export interface AllocationMember {
  id: string;
  /** From the member's priority class, e.g. resident 2, occasional 1. Must be > 0. */
  weight: number;
  /** Minutes still allowed in the round; no quota when absent. */
  quotaMin?: number;
  /** Minutes used in previous weeks: on a tie, those who used less go first. */
  recentUseMin: number;
}

export interface AllocationRequest {
  id: string;
  member: string;
  /** A specific machine… */
  machine?: string;
  /** …or any machine of this kind. One of `machine` or `kind` is required. */
  kind?: MachineKind;
  /** …or any machine of this group (sliced files are model-specific: what people book). */
  group?: string;
  durationMin: number;
  /** Acceptable windows: the whole booking must fit inside one of them. */
  windows: Interval[];
  /** The member's own ranking of their requests, 1 = most wanted; unranked ones come last. */
  priority?: number;
  /** When the request was submitted (epoch ms): the FCFS order, and a tie-breaker for the fair one. */
  submittedAt: number;
}

export interface AllocationInput {
  machines: AllocationMachine[];
  members: AllocationMember[];
  requests: AllocationRequest[];
  /** Start times fall on multiples of this many minutes since the Unix epoch, e.g. 15. */
  granularityMin: number;
}

export interface Assignment {
  request: string;
  member: string;
  machine: string;
  start: number;
  end: number;
}

export type UnassignedReason = 'no_capacity' | 'quota' | 'no_machine_of_kind' | 'invalid';

export interface Unassigned {
  request: string;
  reason: UnassignedReason;
}

export interface AllocationResult {
  assignments: Assignment[];
  unassigned: Unassigned[];
}
