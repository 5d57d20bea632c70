/**
 * Pure formatters for the wall: durations, "depuis …", temperatures, rates and percentages, in
 * French and English. Units stay glued to their number with a non-breaking space (U+00A0) so a
 * value never wraps across two lines; `Intl` adds its own narrow no-break spaces (U+202F) as the
 * French thousands separator and before `%`.
 * @module
 */
import { INTL_LOCALE, type Locale } from './locale.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** Unit words that differ between the languages. */
const WORDS: Readonly<
  Record<Locale, { day: string; since: string; justNow: string; rpm: string }>
> = {
  fr: { day: 'j', since: 'depuis', justNow: "à l'instant", rpm: 'tr/min' },
  en: { day: 'd', since: 'for', justNow: 'just now', rpm: 'rpm' },
};

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_LOCALE[locale], options);
    numberFormats.set(key, format);
  }
  return format;
}

/** The placeholder shown for a value the machine does not report. */
export const NO_VALUE = '—';

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A number in the locale's style: `12 000` (U+202F) in French, `12,000` in English.
 *
 * @example formatNumber(1234.5, 'fr', 1) // '1 234,5'
 */
export function formatNumber(
  value: number | null | undefined,
  locale: Locale,
  maxFractionDigits = 0,
): string {
  if (!isFiniteNumber(value)) return NO_VALUE;
  return numberFormat(locale, { maximumFractionDigits: maxFractionDigits }).format(value);
}

/**
 * A percentage given as 0–100: `42 %` in French, `42%` in English. Rounded down so that a job at
 * 99.7 % does not read 100 % before it ends.
 */
export function formatPercent(pct: number | null | undefined, locale: Locale): string {
  if (!isFiniteNumber(pct)) return NO_VALUE;
  const value = formatNumber(Math.floor(Math.min(100, Math.max(0, pct))), locale);
  // Written out rather than left to Intl: ICU builds disagree on the space before % in French.
  return locale === 'fr' ? `${value}${NNBSP}%` : `${value}%`;
}

/**
 * A length of time, coarse as a person reads it on a wall: `45 s`, `12 min`, `1 h 05 min`, `2 h`,
 * `3 j 4 h` (`3 d 4 h` in English). Negative or missing durations give `—`.
 *
 * @example formatDuration(3900, 'fr') // '1 h 05 min'
 */
export function formatDuration(seconds: number | null | undefined, locale: Locale): string {
  if (!isFiniteNumber(seconds) || seconds < 0) return NO_VALUE;
  const total = Math.floor(seconds);
  if (total < 60) return `${total}${NBSP}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}${NBSP}min`;
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 24) {
    return restMinutes === 0
      ? `${hours}${NBSP}h`
      : `${hours}${NBSP}h${NBSP}${String(restMinutes).padStart(2, '0')}${NBSP}min`;
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  const day = WORDS[locale].day;
  return restHours === 0
    ? `${days}${NBSP}${day}`
    : `${days}${NBSP}${day}${NBSP}${restHours}${NBSP}h`;
}

/**
 * How long a machine has been in its state: `depuis 12 min` / `for 12 min`, and `à l'instant` /
 * `just now` under a minute (or when the clocks disagree and `since` lies in the future).
 */
export function formatSince(since: string | number, nowMs: number, locale: Locale): string {
  const start = typeof since === 'number' ? since : Date.parse(since);
  if (!Number.isFinite(start)) return NO_VALUE;
  const seconds = (nowMs - start) / 1000;
  if (seconds < 60) return WORDS[locale].justNow;
  return `${WORDS[locale].since} ${formatDuration(seconds, locale)}`;
}

/**
 * A temperature with its target: `212 / 215 °C`; without a target (or a target of 0, the heater
 * off) just `23 °C`.
 */
export function formatTemperature(
  actual: number | null | undefined,
  target: number | null | undefined,
  locale: Locale,
): string {
  if (!isFiniteNumber(actual)) return NO_VALUE;
  const now = formatNumber(actual, locale);
  if (!isFiniteNumber(target) || target <= 0) return `${now}${NBSP}°C`;
  return `${now} / ${formatNumber(target, locale)}${NBSP}°C`;
}

/** Units of the rates the wall shows. */
export type RateUnit = 'mm/min' | 'rpm';

/** A feed or spindle speed: `1 500 mm/min`, `12 000 tr/min` (`12,000 rpm`). */
export function formatRate(
  value: number | null | undefined,
  unit: RateUnit,
  locale: Locale,
): string {
  if (!isFiniteNumber(value)) return NO_VALUE;
  const word = unit === 'rpm' ? WORDS[locale].rpm : unit;
  return `${formatNumber(value, locale)}${NBSP}${word}`;
}

/** A power reading: `120 W`, `1,2 kW` from 1 000 W up. */
export function formatPower(watts: number | null | undefined, locale: Locale): string {
  if (!isFiniteNumber(watts)) return NO_VALUE;
  if (Math.abs(watts) >= 1000) return `${formatNumber(watts / 1000, locale, 1)}${NBSP}kW`;
  return `${formatNumber(watts, locale)}${NBSP}W`;
}

/** Wall clock: `14:05` in both languages (24-hour). */
export function formatClock(nowMs: number, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(nowMs);
}

/**
 * A moment of today or of another day: the clock alone today (`09:45`), with the date otherwise
 * (`30 nov., 09:45` / `30 Nov, 09:45`), and the year when it is not this year's. "Since 09:45"
 * for a check awaited since yesterday would read as this morning.
 */
export function formatMoment(ms: number, nowMs: number, locale: Locale, timeZone?: string): string {
  const day = (at: number) =>
    new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      timeZone,
    }).format(at);
  const [then, today] = [day(ms), day(nowMs)];
  if (then === today) return formatClock(ms, locale, timeZone);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    day: 'numeric',
    month: 'short',
    ...(then.slice(0, 4) === today.slice(0, 4) ? {} : { year: 'numeric' as const }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(ms);
}

/** The date under the clock: `samedi 22 novembre` / `Saturday 22 November`. */
export function formatDay(nowMs: number, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone,
  }).format(nowMs);
}

/** A day tab of the week calendar: `lun. 30` / `Mon 30`. */
export function formatShortDay(dayMs: number, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { weekday: 'short', day: 'numeric' }).format(
    dayMs,
  );
}

/** A length of time chosen in minutes: `30 min`, `1 h`, `1 h 30`. */
export function formatMinutes(minutes: number, locale: Locale): string {
  return formatDuration(minutes * 60, locale);
}

/**
 * A file's size: `850 o`, `18,2 Ko`, `3,4 Mo` in French (octets), `18.2 kB`, `3.4 MB` in English;
 * powers of 1000, as file managers show them.
 *
 * @example formatBytes(18_204, 'fr') // '18,2 Ko'
 */
export function formatBytes(bytes: number | null | undefined, locale: Locale): string {
  if (!isFiniteNumber(bytes) || bytes < 0) return NO_VALUE;
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(value, locale, unit === 0 ? 0 : 1)}${NNBSP}${units[unit]}`;
}

/** When a note was written: `2 déc. 2026, 14:35` / `2 Dec 2026, 14:35`. */
export function formatWritten(ms: number, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(ms);
}
