/**
 * Pure formatters of the manager's accounting: hours (prepaid, used, billed) and euros from the
 * server's cents, in French and English; the unit stays glued to its number (U+00A0).
 * @module
 */
import { formatNumber, NO_VALUE } from './format.js';
import { INTL_LOCALE, type Locale } from './locale.js';

const NBSP = '\u00a0';

/**
 * Hours to two decimals at most: `12,5 h` in French, `12.5 h` in English; `—` when missing.
 *
 * @example formatHours(1.25, 'fr') // '1,25 h'
 */
export function formatHours(hours: number | null | undefined, locale: Locale): string {
  const n = formatNumber(hours, locale, 2);
  return n === NO_VALUE ? n : `${n}${NBSP}h`;
}

const euroFormats: Partial<Record<Locale, Intl.NumberFormat>> = {};

/**
 * Cents as euros, always two decimals: `1 234,50 €` in French, `€1,234.50` in English.
 *
 * @example formatEuros(123450, 'fr') // '1 234,50 €'
 */
export function formatEuros(cents: number | null | undefined, locale: Locale): string {
  if (typeof cents !== 'number' || !Number.isFinite(cents)) return NO_VALUE;
  euroFormats[locale] ??= new Intl.NumberFormat(INTL_LOCALE[locale], {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const amount = euroFormats[locale].format(Math.abs(cents) / 100);
  const sign = cents < 0 ? '-' : '';
  // Written out rather than Intl's currency style: its French minus and spaces vary by ICU build.
  return locale === 'fr' ? `${sign}${amount}${NBSP}€` : `${sign}€${amount}`;
}
