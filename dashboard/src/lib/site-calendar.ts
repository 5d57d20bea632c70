/**
 * Pure helpers of a site's calendar screens: the holiday calendar as the manager chooses it (a
 * French one, none, or another country's code) and back to the server's word (`country:BE`), a
 * closed day in words, and the closed day a booking day falls on.
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
