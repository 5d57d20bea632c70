/**
 * Wall-clock time in a site's time zone (Europe/Paris for most sites), without a dependency:
 * opening hours, slot grids and quota weeks are local, reservations are stored as instants.
 * `Intl.DateTimeFormat` knows the zone's rules, including the two DST changes a year.
 * @module
 */

/** A calendar day in a time zone. `month` 1–12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LocalParts extends LocalDate {
  /** Minutes since local midnight. */
  readonly minutes: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Throws a clear error for a zone name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  try {
    format(timeZone);
  } catch {
    throw new RangeError(
      `unknown time zone "${timeZone}" (expected an IANA name such as Europe/Paris)`,
    );
  }
}

/** The zone's wall clock read by Intl (~13 µs a call: what the offset cache saves). */
function intlWallClock(instant: number, timeZone: string) {
  const p: Record<string, number> = {};
  for (const part of format(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

const DAY_MS = 86_400_000;
const intlOffset = (instant: number, timeZone: string) =>
  intlWallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;

/**
 * Offsets per zone and UTC day: the offset at both ends of the day when they agree (a zone
 * changes its offset at most once a day), or NaN for a day with a change, read from Intl at
 * each instant. Bounded: a zone's map is emptied past ~11 years of days.
 */
const offsets = new Map<string, Map<number, number>>();

function cachedOffset(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let days = offsets.get(timeZone);
  if (!days) offsets.set(timeZone, (days = new Map()));
  const day = Math.floor(instant / DAY_MS);
  let offset = days.get(day);
  if (offset === undefined) {
    const first = intlOffset(day * DAY_MS, timeZone);
    const last = intlOffset((day + 1) * DAY_MS - 1000, timeZone);
    offset = first === last ? first : NaN;
    if (days.size >= 4096) days.clear();
    days.set(day, offset);
  }
  return Number.isNaN(offset) ? intlOffset(instant, timeZone) : offset;
}

function wallClock(instant: number, timeZone: string) {
  const d = new Date(Math.floor(instant / 1000) * 1000 + cachedOffset(instant, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The local date, minutes since midnight and weekday of an instant. */
export function localParts(instant: number, timeZone: string): LocalParts {
  const w = wallClock(instant, timeZone);
  return {
    year: w.year,
    month: w.month,
    day: w.day,
    minutes: w.hour * 60 + w.minute,
    weekday: isoWeekday(w),
  };
}

/** The zone's offset from UTC at `instant`, in ms (Paris: +1 h in winter, +2 h in summer). */
export function offsetAt(instant: number, timeZone: string): number {
  return cachedOffset(instant, timeZone);
}

/**
 * The instant of local `minutes` after midnight on `date`. `minutes` may be 1440 (the next
 * midnight). A wall time skipped by the spring change (02:30 on the last Sunday of March in
 * Paris) maps to the instant one hour later, as clocks do; an ambiguous autumn time maps to its
 * first occurrence.
 */
export function instantAt(date: LocalDate, minutes: number, timeZone: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  // The zone's offsets a day either side: equal on ordinary days, different around a change.
  const before = offsetAt(guess - 86_400_000, timeZone);
  const after = offsetAt(guess + 86_400_000, timeZone);
  const wanted = localParts(guess, 'UTC');
  const reads = (t: number) => {
    const p = localParts(t, timeZone);
    return p.day === wanted.day && p.minutes === wanted.minutes;
  };
  const matches = [guess - before, guess - after].filter(reads).sort((a, b) => a - b);
  return matches[0] ?? guess - before;
}

export function isoWeekday(date: LocalDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD`. */
export function formatDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function parseDate(text: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a date YYYY-MM-DD`);
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (formatDate(addDays(date, 0)) !== text)
    throw new RangeError(`"${text}" is not a calendar date`);
  return date;
}

/** `HH:MM` → minutes since midnight; `24:00` allowed as the end of a day. */
export function parseClock(text: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a time HH:MM`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440) throw new RangeError(`"${text}" is past 24:00`);
  return minutes;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
