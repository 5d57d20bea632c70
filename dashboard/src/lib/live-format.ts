/**
 * Pure formatters for what the wall and the machine page say about time around a machine: how old
 * its data is ("il y a 3 min"), and when a slot starts or ends ("11:30", "mer. 11:30").
 * @module
 */
import { formatDuration } from './format.js';
import { INTL_LOCALE, type Locale } from './locale.js';

/**
 * Data older than this is said to be old. A gateway resends readings every 60 s by default
 * (`telemetry.heartbeatSeconds`) even when nothing moves: two and a half heartbeats missed is a
 * link that stalls, not a quiet machine.
 */
export const STALE_AFTER_S = 150;

/** Seconds since `updatedAt` (ISO 8601) at `nowMs`, never negative; null when unreadable. */
export function dataAgeSeconds(updatedAt: string, nowMs: number): number | null {
  const at = Date.parse(updatedAt);
  if (!Number.isFinite(at)) return null;
  return Math.max(0, (nowMs - at) / 1000);
}

/**
 * How old a machine's data is, when old enough to say: `il y a 3 min` / `3 min ago`; null while
 * it is fresh (under `STALE_AFTER_S`).
 *
 * @example formatDataAge('2026-12-02T10:00:00Z', Date.parse('2026-12-02T10:03:10Z'), 'fr') // 'il y a 3 min'
 */
export function formatDataAge(updatedAt: string, nowMs: number, locale: Locale): string | null {
  const age = dataAgeSeconds(updatedAt, nowMs);
  if (age === null || age < STALE_AFTER_S) return null;
  const duration = formatDuration(age, locale);
  return locale === 'fr' ? `il y a ${duration}` : `${duration} ago`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function timeFormat(locale: Locale, withDay: boolean, timeZone?: string): Intl.DateTimeFormat {
  const key = `${locale}|${withDay}|${timeZone ?? ''}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      ...(withDay ? { weekday: 'short' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    timeFormats.set(key, format);
  }
  return format;
}

const dayKey = (ms: number, timeZone?: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(ms);

/**
 * The time of a slot's edge as the wall says it: `11:30` today, `mer. 11:30` (`Wed 11:30`) on
 * another day, so that "next: 9:00" never hides that it is tomorrow.
 */
export function formatSlotTime(
  ms: number,
  nowMs: number,
  locale: Locale,
  timeZone?: string,
): string {
  const sameDay = dayKey(ms, timeZone) === dayKey(nowMs, timeZone);
  return timeFormat(locale, !sameDay, timeZone).format(ms);
}
