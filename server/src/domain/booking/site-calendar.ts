/**
 * A site's calendar: weekly opening hours in local time, closures (holidays, summer break) and
 * blackouts, turned into the instants during which machines can be booked. Pure: the same site
 * and period always give the same intervals.
 * @module
 */
import { publicHolidays, type HolidayCalendar } from './holidays.js';
import {
  addDays,
  compareDates,
  formatDate,
  instantAt,
  isoWeekday,
  localParts,
  parseClock,
  parseDate,
  type LocalDate,
} from './zoned-time.js';

/** Half-open `[start, end)` in epoch ms. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** `"09:00"`–`"18:00"`, local time. */
export interface OpeningRange {
  readonly open: string;
  readonly close: string;
}

/** ISO weekday (`"1"` Monday … `"7"` Sunday) → ranges; a missing day is closed. */
export type WeeklyHours = Partial<
  Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', readonly OpeningRange[]>
>;

/** Days the site is closed, inclusive, local dates. */
export interface Closure {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

export interface SiteCalendar {
  readonly timezone: string;
  readonly openingHours: WeeklyHours;
  readonly closures: readonly Closure[];
  readonly holidays: HolidayCalendar;
}

/** Why a day is closed, or undefined when it is an ordinary day. */
export function closureOn(site: SiteCalendar, date: LocalDate): string | undefined {
  const text = formatDate(date);
  const holiday = publicHolidays(date.year, site.holidays).find((h) => h.date === text);
  if (holiday) return holiday.name.fr;
  for (const c of site.closures) {
    if (compareDates(parseDate(c.from), date) <= 0 && compareDates(date, parseDate(c.to)) <= 0)
      return c.reason;
  }
  return undefined;
}

/** The opening intervals of one local day, as instants (empty on a closed day). */
export function openingOn(site: SiteCalendar, date: LocalDate): Interval[] {
  if (closureOn(site, date) !== undefined) return [];
  const ranges = site.openingHours[String(isoWeekday(date)) as keyof WeeklyHours] ?? [];
  return ranges
    .map((r) => ({
      start: instantAt(date, parseClock(r.open), site.timezone),
      end: instantAt(date, parseClock(r.close), site.timezone),
    }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start);
}

/** Every opening interval overlapping `[from, to)`, clipped to it. */
export function openIntervals(site: SiteCalendar, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  // One day before: a range of the previous local day cannot spill past midnight, but the
  // instant `from` may fall on a different local date than its UTC date.
  let day = addDays(localParts(from, site.timezone), -1);
  const last = localParts(to, site.timezone);
  while (compareDates(day, last) <= 0) {
    for (const i of openingOn(site, day)) {
      const start = Math.max(i.start, from);
      const end = Math.min(i.end, to);
      if (end > start) out.push({ start, end });
    }
    day = addDays(day, 1);
  }
  return mergeIntervals(out);
}

/** Sorted, with touching or overlapping intervals joined. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, i.end) };
    else out.push(i);
  }
  return out;
}

/** `intervals` minus `holes`, both sorted and merged. */
export function subtractIntervals(
  intervals: readonly Interval[],
  holes: readonly Interval[],
): Interval[] {
  const out: Interval[] = [];
  for (const i of intervals) {
    let start = i.start;
    for (const h of holes) {
      if (h.end <= start || h.start >= i.end) continue;
      if (h.start > start) out.push({ start, end: h.start });
      start = Math.max(start, h.end);
      if (start >= i.end) break;
    }
    if (start < i.end) out.push({ start, end: i.end });
  }
  return out;
}

export function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
}

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;
