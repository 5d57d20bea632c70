/**
 * A site's opening hours over a long period (a year, and the year before for the trend), as
 * `openIntervals` of the site calendar gives them, with one time-zone lookup per day instead of
 * several per opening range: the zone's offset at local noon is the offset of the whole day,
 * except around a DST change, where the day before and the day of the change take the calendar's
 * exact path. Public holidays are worked out once per year. A test holds it equal to
 * `openIntervals` over random periods across both DST changes.
 * @module
 */
import { publicHolidays } from '../booking/holidays.js';
import {
  instantAt,
  localParts,
  offsetAt,
  parseClock,
  parseDate,
  addDays,
  compareDates,
  formatDate,
  isoWeekday,
  type LocalDate,
} from '../booking/zoned-time.js';
import {
  mergeIntervals,
  type Interval,
  type SiteCalendar,
  type WeeklyHours,
} from '../booking/site-calendar.js';

export function openingHoursOver(site: SiteCalendar, from: number, to: number): Interval[] {
  const tz = site.timezone;
  const holidays = new Map<number, Set<string>>();
  const closed = (d: LocalDate) => {
    let h = holidays.get(d.year);
    if (!h) {
      h = new Set(publicHolidays(d.year, site.holidays).map((x) => x.date));
      holidays.set(d.year, h);
    }
    if (h.has(formatDate(d))) return true;
    return site.closures.some(
      (c) => compareDates(parseDate(c.from), d) <= 0 && compareDates(d, parseDate(c.to)) <= 0,
    );
  };
  const ranges = new Map<string, { open: number; close: number }[]>();
  for (const [day, rs] of Object.entries(site.openingHours as WeeklyHours))
    ranges.set(
      day,
      (rs ?? []).map((r) => ({ open: parseClock(r.open), close: parseClock(r.close) })),
    );

  const noonOffset = (d: LocalDate) => offsetAt(Date.UTC(d.year, d.month - 1, d.day, 12), tz);
  const out: Interval[] = [];
  let day = addDays(localParts(from, tz), -1);
  const last = localParts(to, tz);
  let offset = noonOffset(day);
  let nextOffset = noonOffset(addDays(day, 1));
  let prevOffset = noonOffset(addDays(day, -1));
  while (compareDates(day, last) <= 0) {
    const rs = ranges.get(String(isoWeekday(day))) ?? [];
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
