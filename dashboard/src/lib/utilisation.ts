/**
 * Pure helpers of the fab manager's utilisation screen: the periods a manager asks for (this
 * week, last week, this month, the last 30 days, chosen dates) in the site's calendar, the heat
 * map's colour bucket and its busiest hour in words, shares of opening hours, and whether a
 * machine stood idle. The server computes the figures; these only read them.
 * @module
 */
import { formatNumber, NO_VALUE } from './format.js';
import { INTL_LOCALE, type Locale } from './locale.js';
import { zonedInstant } from './rounds.js';

export const PERIOD_KINDS = [
  'this-week',
  'last-week',
  'this-month',
  'last-30-days',
  'custom',
] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  /** ISO instants with the site's offset, as the API takes them. */
  readonly from: string;
  readonly to: string;
}

const DAY = 86_400_000;

/** "2026-12-02" ± days, on the calendar (no zone: a date is a date). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The site's date of an instant, "YYYY-MM-DD". */
export function siteDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(ms);
}

/** 0 = Monday … 6 = Sunday, of a calendar date. */
function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() + 6) % 7;
}

/**
 * The period a manager picked, from the site's midnights. A period under way ends now (the rest
 * of the week has not happened: counting it would dilute the shares); `custom` takes two dates,
 * both included. Null when the custom dates are missing or reversed.
 *
 * @example periodOf('last-week', Date.parse('2026-12-02T10:00:00Z'), 'Europe/Paris')
 * // { from: '2026-11-23T00:00:00+01:00', to: '2026-11-30T00:00:00+01:00' }
 */
export function periodOf(
  kind: PeriodKind,
  nowMs: number,
  timeZone: string,
  custom?: { readonly from: string; readonly to: string },
): Period | null {
  const today = siteDate(nowMs, timeZone);
  const midnight = (date: string) => zonedInstant(date, '00:00', timeZone);
  const now = new Date(Math.floor(nowMs / 60_000) * 60_000).toISOString();
  const monday = addDays(today, -weekdayOf(today));
  switch (kind) {
    case 'this-week':
      return { from: midnight(monday), to: now };
    case 'last-week':
      return { from: midnight(addDays(monday, -7)), to: midnight(monday) };
    case 'this-month':
      return { from: midnight(`${today.slice(0, 7)}-01`), to: now };
    case 'last-30-days':
      return { from: midnight(addDays(today, -29)), to: now };
    case 'custom': {
      const ok = (d: string | undefined) => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d);
      if (!custom || !ok(custom.from) || !ok(custom.to) || custom.from > custom.to) return null;
      return { from: midnight(custom.from), to: midnight(addDays(custom.to, 1)) };
    }
  }
}

/** How many whole days a period spans (for the words under the picker). */
export const periodDays = (p: Period) =>
  Math.max(1, Math.round((Date.parse(p.to) - Date.parse(p.from)) / DAY));

/** Seconds as hours, one decimal: `12,5 h`; `—` when missing. */
export function formatHoursOf(seconds: number | null | undefined, locale: Locale): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return NO_VALUE;
  return `${formatNumber(seconds / 3600, locale, 1)}\u00a0h`;
}

/**
 * A share (0–1) as a percentage with one decimal, not floored: a printer running 0,4 % of its
 * opening hours is not "0 %", the manager must see it ran at all.
 *
 * @example formatShare(0.125, 'fr') // '12,5 %'
 */
export function formatShare(share: number | null | undefined, locale: Locale): string {
  if (typeof share !== 'number' || !Number.isFinite(share)) return NO_VALUE;
  const value = formatNumber(Math.max(0, share) * 100, locale, 1);
  return locale === 'fr' ? `${value}\u202f%` : `${value}%`;
}

/** The heat map's five shades: 0 for an hour that never ran, 4 for the busiest. */
export type HeatLevel = 0 | 1 | 2 | 3 | 4;

/** The shade of a cell among the map's: quarters of the busiest cell, any running at all ≥ 1. */
export function heatLevel(seconds: number, busiest: number): HeatLevel {
  if (!(seconds > 0) || !(busiest > 0)) return 0;
  return Math.min(4, Math.max(1, Math.ceil((4 * seconds) / busiest))) as HeatLevel;
}

export interface BusiestHour {
  /** 0 = Monday. */
  readonly day: number;
  readonly hour: number;
  readonly seconds: number;
}

/** The cell that ran the most (the earliest of equals); null when nothing ran. */
export function busiestHour(heatmap: readonly (readonly number[])[]): BusiestHour | null {
  let best: BusiestHour | null = null;
  for (const [day, row] of heatmap.entries())
    for (const [hour, seconds] of row.entries())
      if (seconds > 0 && (!best || seconds > best.seconds)) best = { day, hour, seconds };
  return best;
}

/** The weekday's name, 0 = Monday: `mardi`, `Tuesday`. */
export function weekdayName(day: number, locale: Locale, width: 'long' | 'short' = 'long'): string {
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: width, timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, 1 + day),
  );
}

/** An hour of the day as a column heading: `14 h` in French, `14:00` in English. */
export const hourName = (hour: number, locale: Locale) =>
  locale === 'fr' ? `${hour}\u00a0h` : `${String(hour).padStart(2, '0')}:00`;

/** A cell's hour in words: `mardi 14 h–15 h`, `Tuesday 14:00–15:00`. */
export function hourSpan(day: number, hour: number, locale: Locale): string {
  return `${weekdayName(day, locale)} ${hourName(hour, locale)}–${hourName((hour + 1) % 24, locale)}`;
}

/** A machine stood idle when it was never busy (preparing, running or paused) in the period. */
export const isIdle = (u: { readonly busyShare: number }) => !(u.busyShare > 0);
