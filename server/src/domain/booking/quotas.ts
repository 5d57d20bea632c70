/**
 * Quotas per plan: hours or reservations per local day, week (Monday first) or month, over every
 * machine or one group's. A reservation counts in the period where it starts; several units
 * booked at once count as one reservation and as the hours of every unit; cancelled and rejected
 * reservations do not count, no-shows do (the time was held from others).
 * @module
 */
import type { Member, Plan, Reservation } from './model.js';
import type { QuotaPeriod, Refusal } from './refusals.js';
import type { Interval } from './site-calendar.js';
import { addDays, instantAt, localParts, type LocalDate } from './zoned-time.js';

/** The local period containing `instant`. */
export function periodAround(instant: number, period: QuotaPeriod, timezone: string): Interval {
  const p = localParts(instant, timezone);
  let first: LocalDate = p;
  let next: LocalDate;
  if (period === 'day') next = addDays(p, 1);
  else if (period === 'week') {
    first = addDays(p, 1 - p.weekday);
    next = addDays(first, 7);
  } else {
    first = { year: p.year, month: p.month, day: 1 };
    next =
      p.month === 12
        ? { year: p.year + 1, month: 1, day: 1 }
        : { year: p.year, month: p.month + 1, day: 1 };
  }
  return { start: instantAt(first, 0, timezone), end: instantAt(next, 0, timezone) };
}

const COUNTED = new Set(['pending_approval', 'confirmed', 'no_show', 'completed']);

/**
 * Which machines a group quota looks at: the group of the machine being booked, and the group
 * of each machine the member's other reservations hold (null: in no group).
 */
export interface QuotaGroups {
  readonly slotGroup: string | null | undefined;
  readonly groupOf: (machine: string) => string | null | undefined;
  /**
   * The batch the slot is a unit of, when the member books several units at once: the units
   * already counted in `others` with this batch and the slot are one booking.
   */
  readonly slotBatch?: string | undefined;
}

const NO_GROUPS: QuotaGroups = { slotGroup: null, groupOf: () => null };

/**
 * The quota refusals for a new booking `slot` of `member`, given their other reservations
 * (any machine, any period: those outside the periods are ignored). A quota of a group ("4 h a
 * week on the Prusa MK4") applies only to a slot on that group and counts only its reservations.
 */
/**
 * How long `member` may still use a machine from `at` before an hours quota of theirs is spent
 * (Infinity without one): what a walk-in, which has no end booked, is capped at.
 */
export function quotaRemainingMs(
  member: Member,
  plan: Plan,
  at: number,
  others: readonly Reservation[],
  timezone: string,
  groups: QuotaGroups = NO_GROUPS,
): number {
  if (member.quotaExempt) return Number.POSITIVE_INFINITY;
  let left = Number.POSITIVE_INFINITY;
  for (const quota of plan.quotas) {
    if (quota.hours === undefined) continue;
    if (quota.group !== undefined && quota.group !== groups.slotGroup) continue;
    const period = periodAround(at, quota.period, timezone);
    const used = others
      .filter(
        (r) =>
          r.member === member.id &&
          COUNTED.has(r.status) &&
          r.start >= period.start &&
          r.start < period.end &&
          (quota.group === undefined || groups.groupOf(r.machine) === quota.group),
      )
      .reduce((sum, r) => sum + (r.end - r.start), 0);
    left = Math.min(left, quota.hours * 3_600_000 - used);
  }
  return Math.max(0, left);
}

export function quotaRefusals(
  member: Member,
  plan: Plan,
  slot: Interval,
  others: readonly Reservation[],
  timezone: string,
  groups: QuotaGroups = NO_GROUPS,
): Refusal[] {
  if (member.quotaExempt) return [];
  const refusals: Refusal[] = [];
  for (const quota of plan.quotas) {
    if (quota.group !== undefined && quota.group !== groups.slotGroup) continue;
    const period = periodAround(slot.start, quota.period, timezone);
    const counted = others.filter(
      (r) =>
        r.member === member.id &&
        COUNTED.has(r.status) &&
        r.start >= period.start &&
        r.start < period.end &&
        (quota.group === undefined || groups.groupOf(r.machine) === quota.group),
    );
    if (quota.hours !== undefined) {
      const usedHours = counted.reduce((sum, r) => sum + (r.end - r.start), 0) / 3_600_000;
      if (usedHours + (slot.end - slot.start) / 3_600_000 > quota.hours + 1e-9) {
        refusals.push({
          code: 'quota_hours_reached',
          period: quota.period,
          ...(quota.group !== undefined ? { group: quota.group } : {}),
          limitHours: quota.hours,
          usedHours: Math.round(usedHours * 100) / 100,
        });
      }
    }
    // Units booked together are one booking: one visit, however many printers it feeds.
    const bookings = new Set(counted.map((r) => r.batch ?? r.id));
    const count =
      groups.slotBatch !== undefined && bookings.has(groups.slotBatch)
        ? bookings.size
        : bookings.size + 1;
    if (quota.bookings !== undefined && count > quota.bookings) {
      refusals.push({
        code: 'quota_bookings_reached',
        period: quota.period,
        ...(quota.group !== undefined ? { group: quota.group } : {}),
        limit: quota.bookings,
      });
    }
  }
  return refusals;
}
