/**
 * Pure helpers of a site's calendar screens: the holiday calendar as the manager chooses it (a
 * French one, none, or another country's code) and back to the server's word (`country:BE`), a
 * closed day in words, the closed day a booking day falls on, and a day's opening (staffed) hours
 * as a manager types them (`9h-12h30, 13h30-18h`).
 * @module
 */
import { INTL_LOCALE, type Locale } from './locale.js';

export const CALENDAR_CHOICES = ['fr', 'fr-alsace-moselle', 'none', 'country'] as const;
export type CalendarChoice = (typeof CALENDAR_CHOICES)[number];

/** `country:CH-GE` → `{ choice: 'country', country: 'CH-GE' }`; `fr` → `{ choice: 'fr' }`. */
export function calendarChoiceOf(holidays: string): {
  readonly choice: CalendarChoice;
  readonly country: string;
} {
  if (holidays.startsWith('country:')) return { choice: 'country', country: holidays.slice(8) };
  const known = (CALENDAR_CHOICES as readonly string[]).includes(holidays);
  return { choice: known ? (holidays as CalendarChoice) : 'fr', country: '' };
}

/**
 * The server's word for a choice, or null when the country is not an ISO code (`BE`, `CH-GE`):
 * lowercase is taken as meant (`be` → `BE`); whether the country is known, the server says.
 */
export function calendarOf(choice: CalendarChoice, country: string): string | null {
  if (choice !== 'country') return choice;
  const code = country.trim().toUpperCase();
  return /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code) ? `country:${code}` : null;
}

/** A local day `2026-12-25` in words: `vendredi 25 décembre 2026` / `Friday, 25 December 2026`. */
export function formatLocalDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** The closed day among `days` that is `date`, if any (the booking page's "closed: Christmas"). */
export function closedOn<T extends { readonly date: string }>(
  days: readonly T[],
  date: string,
): T | undefined {
  return days.find((d) => d.date === date);
}

export interface OpeningRange {
  readonly open: string;
  readonly close: string;
}

/** ISO weekdays, Monday first, as the server keys opening hours. */
export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A day's ranges as the field shows them: `09:00-12:30, 13:30-18:00`; '' for a closed day. */
export function openingText(ranges: readonly OpeningRange[] | undefined): string {
  return (ranges ?? []).map((r) => `${r.open}-${r.close}`).join(', ');
}

const clock = (text: string): string | null => {
  const m = /^(\d{1,2})(?:[:h](\d{2})?)?$/i.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
};

/**
 * A day's ranges from what was typed (`9h-12h30, 13h30-18h`, `09:00–18:00`; empty: closed), in
 * order, or null when a range is no `open-close` with close after open, or ranges overlap.
 */
export function openingOf(text: string): OpeningRange[] | null {
  if (text.trim() === '') return [];
  const ranges: OpeningRange[] = [];
  for (const part of text.split(/[,;]/)) {
    const [a, b, ...rest] = part.split(/[-–—]|\sà\s/);
    const open = a === undefined ? null : clock(a);
    const close = b === undefined ? null : clock(b);
    if (rest.length || open === null || close === null || close <= open) return null;
    ranges.push({ open, close });
  }
  ranges.sort((x, y) => x.open.localeCompare(y.open));
  for (let i = 1; i < ranges.length; i += 1)
    if ((ranges[i]?.open ?? '') < (ranges[i - 1]?.close ?? '')) return null;
  return ranges.length > 6 ? null : ranges;
}

const nextDay = (date: string): string => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
};

/**
 * Closed days in runs: the days of one closure that follow each other are one line ("du jeudi 24
 * au mercredi 30 décembre"), a holiday in the middle of it a line of its own.
 */
export function closedRuns<
  T extends {
    readonly date: string;
    readonly kind: string;
    readonly reason: { readonly fr: string };
  },
>(days: readonly T[]): { readonly from: string; readonly to: string; readonly day: T }[] {
  const runs: { from: string; to: string; day: T }[] = [];
  for (const d of days) {
    const last = runs.at(-1);
    if (
      last &&
      nextDay(last.to) === d.date &&
      last.day.kind === d.kind &&
      last.day.reason.fr === d.reason.fr
    )
      last.to = d.date;
    else runs.push({ from: d.date, to: d.date, day: d });
  }
  return runs;
}
