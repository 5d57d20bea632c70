/**
 * A site's calendar: weekly opening hours in local time, closures (holidays, summer break) and
 * blackouts, turned into the instants during which machines can be booked. Pure: the same site
 * and period always give the same intervals.
 * @module
 */
import { isPublicHoliday, publicHolidays, type HolidayCalendar } from './holidays.js';
import {
  addDays,
  compareDates,
  formatDate,
  instantAt,
  isoWeekday,
  localParts,
  offsetAt,
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

/** A day the site is closed, and why: a public holiday (named in both languages) or a closure. */
export interface ClosedDay {
  readonly date: string;
  readonly kind: 'holiday' | 'closure';
  readonly reason: { readonly fr: string; readonly en: string };
}

/**
 * The closed days of `days` local days from `from`, in date order: what a manager checks after
 * choosing a holiday calendar, and what the booking page says of a day with no slot. A closure
 * has one reason, written by the manager in one language: it stands for both.
 */
export function closedDaysFrom(site: SiteCalendar, from: LocalDate, days: number): ClosedDay[] {
  const closures = site.closures.map((c) => ({ ...c, f: parseDate(c.from), t: parseDate(c.to) }));
  const out: ClosedDay[] = [];
  for (let i = 0; i < days; i += 1) {
    const date = addDays(from, i);
    const text = formatDate(date);
    const holiday = publicHolidays(date.year, site.holidays).find((h) => h.date === text);
    if (holiday) {
      out.push({ date: text, kind: 'holiday', reason: holiday.name });
      continue;
    }
    const c = closures.find((x) => compareDates(x.f, date) <= 0 && compareDates(date, x.t) <= 0);
    if (c) out.push({ date: text, kind: 'closure', reason: { fr: c.reason, en: c.reason } });
  }
  return out;
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

/** Each weekday's ranges in minutes, parsed once per opening-hours object (sites are cached). */
const parsedHours = new WeakMap<
  WeeklyHours,
  ReadonlyMap<number, readonly { open: number; close: number }[]>
>();

function rangesByWeekday(hours: WeeklyHours) {
  let ranges = parsedHours.get(hours);
  if (!ranges) {
    const byDay = new Map<number, { open: number; close: number }[]>();
    for (const [day, rs] of Object.entries(hours))
      byDay.set(
        Number(day),
        (rs ?? []).map((r) => ({ open: parseClock(r.open), close: parseClock(r.close) })),
      );
    parsedHours.set(hours, (ranges = byDay));
  }
  return ranges;
}

/** Whether a day is closed (a holiday or a closure), with the closures parsed once per call. */
function closedDays(site: SiteCalendar): (date: LocalDate) => boolean {
  const closures = site.closures.map((c) => ({ from: parseDate(c.from), to: parseDate(c.to) }));
  return (date) =>
    isPublicHoliday(date, site.holidays) ||
    closures.some((c) => compareDates(c.from, date) <= 0 && compareDates(date, c.to) <= 0);
}

/**
 * Every opening interval overlapping `[from, to)`, clipped to it. One time-zone lookup per day
 * (a zone's offset at local noon is the whole day's when the days either side share it); the day
 * before a change and the day of it take `instantAt`'s exact path. A year of a site's hours is
 * read by every report: this is ~20× faster than converting each range on its own, and a test
 * holds it to `openingOn` day by day across both DST changes.
 */
export function openIntervals(site: SiteCalendar, from: number, to: number): Interval[] {
  const tz = site.timezone;
  const closed = closedDays(site);
  const ranges = rangesByWeekday(site.openingHours);
  const noonOffset = (d: LocalDate) => offsetAt(Date.UTC(d.year, d.month - 1, d.day, 12), tz);
  const out: Interval[] = [];
  // One day before: a range of the previous local day cannot spill past midnight, but the
  // instant `from` may fall on a different local date than its UTC date.
  let day = addDays(localParts(from, tz), -1);
  const last = localParts(to, tz);
  let prevOffset = noonOffset(addDays(day, -1));
  let offset = noonOffset(day);
  let nextOffset = noonOffset(addDays(day, 1));
  while (compareDates(day, last) <= 0) {
    const rs = ranges.get(isoWeekday(day)) ?? [];
    if (rs.length > 0 && !closed(day)) {
      const exact = offset !== nextOffset || offset !== prevOffset;
      const base = Date.UTC(day.year, day.month - 1, day.day);
      for (const r of rs) {
        const start = exact ? instantAt(day, r.open, tz) : base + r.open * 60_000 - offset;
        const end = exact ? instantAt(day, r.close, tz) : base + r.close * 60_000 - offset;
        const s = Math.max(start, from);
        const e = Math.min(end, to);
        if (e > s) out.push({ start: s, end: e });
      }
    }
    day = addDays(day, 1);
    prevOffset = offset;
    offset = nextOffset;
    nextOffset = noonOffset(addDays(day, 1));
  }
  return mergeIntervals(out);
}

/**
 * A local day as the booking rules read it, kept per site object: its closure, and the merged
 * opening intervals from the day before it to the day after it. Every booking asked for a slot
 * on a day worked out the holidays, the closures and the day's opening instants again (half of
 * the booking rules' time); a site is read through the sharing cache, and a site changed is a
 * new object, so what a site object says of a day never changes.
 */
interface DayAround {
  readonly closure: string | undefined;
  readonly from: number;
  readonly to: number;
  readonly open: readonly Interval[];
}

const daysAround = new WeakMap<SiteCalendar, Map<number, DayAround>>();

function dayAround(site: SiteCalendar, date: LocalDate): DayAround {
  let days = daysAround.get(site);
  if (!days) daysAround.set(site, (days = new Map()));
  const key = date.year * 10_000 + date.month * 100 + date.day;
  let day = days.get(key);
  if (!day) {
    const from = instantAt(addDays(date, -1), 0, site.timezone);
    const to = instantAt(addDays(date, 2), 0, site.timezone);
    day = { closure: closureOn(site, date), from, to, open: openIntervals(site, from, to) };
    // Bounded: a site's days are a few months of bookings ahead.
    if (days.size >= 1024) days.clear();
    days.set(key, day);
  }
  return day;
}

/** `closureOn`, kept per site object and day (see `DayAround`). */
export const closureOfDay = (site: SiteCalendar, date: LocalDate): string | undefined =>
  dayAround(site, date).closure;

/**
 * Whether `[start, end)` lies inside one opening interval — `openIntervals(site, start, end)` is
 * exactly the slot — or, with `startOnly`, whether `start` does. `date` is the local date of
 * `start`. From the day's intervals kept per site (see `DayAround`): a slot that runs past the
 * day after asks `openIntervals` itself.
 */
export function insideOpening(
  site: SiteCalendar,
  date: LocalDate,
  start: number,
  end: number,
  startOnly = false,
): boolean {
  const day = dayAround(site, date);
  const last = startOnly ? start + 60_000 : end;
  if (start < day.from || last > day.to || !(last > start)) {
    const open = openIntervals(site, start, last);
    return startOnly
      ? open.length === 1 && open[0]!.start === start
      : open.length === 1 && open[0]!.start === start && open[0]!.end === end;
  }
  // Merged intervals: the slot is inside one of them, or not inside the opening hours.
  return day.open.some((i) => i.start <= start && (startOnly ? start < i.end : end <= i.end));
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
