/**
 * Quotas per plan: hours or bookings per local day, week (Monday first) or month. A booking
 * counts in the period where it starts; cancelled and refused bookings do not count, no-shows do
 * (the time was held from others).
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
 * The quota refusals for a new booking `slot` of `member`, given their other reservations
 * (any machine, any period: those outside the periods are ignored).
 */
export function quotaRefusals(
  member: Member,
  plan: Plan,
  slot: Interval,
  others: readonly Reservation[],
  timezone: string,
): Refusal[] {
  if (member.quotaExempt) return [];
  const refusals: Refusal[] = [];
  for (const quota of plan.quotas) {
    const period = periodAround(slot.start, quota.period, timezone);
    const counted = others.filter(
      (r) =>
        r.member === member.id &&
        COUNTED.has(r.status) &&
        r.start >= period.start &&
        r.start < period.end,
    );
    if (quota.hours !== undefined) {
      const usedHours = counted.reduce((sum, r) => sum + (r.end - r.start), 0) / 3_600_000;
      if (usedHours + (slot.end - slot.start) / 3_600_000 > quota.hours + 1e-9) {
        refusals.push({
          code: 'quota_hours_reached',
          period: quota.period,
          limitHours: quota.hours,
          usedHours: Math.round(usedHours * 100) / 100,
        });
      }
    }
    if (quota.bookings !== undefined && counted.length + 1 > quota.bookings) {
      refusals.push({
        code: 'quota_bookings_reached',
        period: quota.period,
        limit: quota.bookings,
      });
    }
  }
  return refusals;
}
