/**
 * The sharing domain's plain data: sites, machines as bookable things, organisations, plans,
 * members, trainings, reservations. No I/O; the store maps rows to these.
 * @module
 */
import type { HolidayCalendar } from './holidays.js';
import type { QuotaPeriod } from './refusals.js';
import type { Closure, Interval, WeeklyHours } from './site-calendar.js';

export type MachineKind = 'printer' | 'laser' | 'cnc' | 'other';
export type MachineStatus = 'in_service' | 'maintenance' | 'out_of_order';
/** What a machine charges for: the slot, the measured use, or the slot plus any overrun. */
export type BillingMode = 'reserved' | 'used' | 'reserved_plus_overrun';

/** A period during which nobody books (an event, an inventory), on a site or one machine. */
export interface Blackout extends Interval {
  readonly reason: string;
}

/** Rules of a site, overridable per machine. Lengths in minutes. */
export interface BookingRules {
  /** Slots start and end on this grid of local time. */
  readonly granularityMin: number;
  readonly minMin: number;
  readonly maxMin: number;
  /** Cancelling free of charge until this long before the start. */
  readonly cancelDeadlineMin: number;
  readonly moveDeadlineMin: number;
  /** A reservation with no use after this long becomes a no-show. */
  readonly noShowGraceMin: number;
  /**
   * When a slot's job ends well before its end, the rest is released (offered to the waitlist)
   * after this long with nothing running.
   */
  readonly releaseGraceMin: number;
  /**
   * Which part of a slot must lie in staffed (opening) hours: all of it, or only its start — a
   * 12–60 h print starts while staff are there and runs on unattended overnight and through
   * closed days. A per-machine rule (a printer yes, a laser never). Absent: `whole_slot`.
   */
  readonly staffedHours?: StaffedHours | undefined;
  /**
   * Whether a person may start a machine nobody holds, at the machine (access at the machine):
   * `allowed` (absent too) while it is free for the minimum reservation, or `refused`: book first.
   */
  readonly walkIns?: 'allowed' | 'refused' | undefined;
  /**
   * An after-use check required before the machine frees up, in words ("nettoyer le plateau,
   * aspirer la chambre"): once a grant at the machine ends, nobody starts it again until its
   * person or a manager confirms the check. Absent or empty: none.
   */
  readonly afterUseCheck?: string | undefined;
}

/** `whole_slot`: the slot lies inside opening hours; `start`: only its start does. */
export type StaffedHours = 'whole_slot' | 'start';

export const DEFAULT_RULES: BookingRules = {
  granularityMin: 15,
  minMin: 30,
  maxMin: 240,
  cancelDeadlineMin: 120,
  moveDeadlineMin: 120,
  noShowGraceMin: 15,
  releaseGraceMin: 15,
  staffedHours: 'whole_slot',
};

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  readonly openingHours: WeeklyHours;
  readonly closures: readonly Closure[];
  readonly holidays: HolidayCalendar;
  readonly blackouts: readonly Blackout[];
  readonly rules: BookingRules;
}

export interface BookableMachine {
  readonly id: string;
  readonly site: string;
  readonly name: string;
  readonly kind: MachineKind;
  readonly status: MachineStatus;
  readonly hourlyRateCents: number;
  /** Kept free after each reservation: cooling, cleaning. */
  readonly bufferMin: number;
  /** The training a member needs (its id; the API's `qualification`), or null. */
  readonly qualification: string | null;
  /** Each reservation waits for a manager's approval. */
  readonly needsApproval: boolean;
  readonly billingMode: BillingMode;
  readonly rules: Partial<BookingRules>;
  readonly blackouts: readonly Blackout[];
  /**
   * The machine group within its site ("prusa-mk4": the four Prusa MK4), or null. Sliced files
   * are model-specific, so a group is what people really book ("any of the group").
   */
  readonly group?: string | null | undefined;
  /** Material billed beside time (filament, resin), per kilogram; 0 or absent: not billed. */
  readonly materialRateCentsPerKg?: number | undefined;
}

export type OrganisationKind = 'business' | 'association' | 'school' | 'public' | 'other';

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  /** 14 digits, for businesses. */
  readonly siret: string | null;
}

export interface Quota {
  readonly period: QuotaPeriod;
  /** Counts only reservations of machines of this group (and applies only to them); absent: all. */
  readonly group?: string | undefined;
  readonly hours?: number;
  /** How many reservations (the API keeps `bookings`: stored quotas and scripts carry it). */
  readonly bookings?: number;
}

export interface Plan {
  readonly id: string;
  /** The site whose plan it is; null or absent: common to every site (an admin's). */
  readonly site?: string | null | undefined;
  readonly name: string;
  /** 1 is served first (resident professionals), then 2, 3… */
  readonly priorityClass: number;
  readonly bookAheadDays: number;
  readonly quotas: readonly Quota[];
}

export interface Member {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly organisation: string | null;
  readonly plan: string;
  readonly active: boolean;
  /** In the override group: quotas do not apply (staff, a residency). */
  readonly quotaExempt: boolean;
}

export interface Training {
  readonly id: string;
  /** The site whose training it is; null or absent: common to every site (an admin's). */
  readonly site?: string | null | undefined;
  readonly name: string;
  /** Valid this many months after it was granted; null: no expiry. */
  readonly validityMonths: number | null;
  /** Lapses when its holder has not used a machine needing it for this many months; null: never. */
  readonly lapseAfterMonths: number | null;
}

export interface TrainingGrant {
  readonly member: string;
  readonly qualification: string;
  readonly grantedAt: number;
  readonly grantedBy: string;
}

export type ReservationStatus =
  | 'pending_approval'
  | 'confirmed'
  | 'cancelled'
  | 'no_show'
  | 'completed'
  | 'rejected';

/** The statuses that hold machine time. */
export const HOLDING_STATUSES: readonly ReservationStatus[] = ['pending_approval', 'confirmed'];

export interface Reservation extends Interval {
  readonly id: string;
  readonly site: string;
  readonly machine: string;
  readonly member: string;
  readonly status: ReservationStatus;
  /** `end` plus the machine's buffer: what the store keeps free. */
  readonly blocksUntil: number;
  readonly createdAt: number;
  /**
   * When the schedule keeper gave the rest of the slot back because its job ended early (the
   * reservation is then completed): time after it is not the holder's any more.
   */
  readonly releasedAt?: number | null | undefined;
  /** Several units booked at once (one request for N machines of a group) share this id. */
  readonly batch?: string | null | undefined;
}

export function rulesFor(site: Site, machine: BookableMachine): BookingRules {
  return { ...site.rules, ...machine.rules };
}
