/**
 * Pure helpers of the material screens: grams as typed (`320`, `12,5`), grams in words, and the
 * lines an artisan may declare grams on.
 * @module
 */
import { formatNumber, NO_VALUE } from './format.js';
import type { Locale } from './locale.js';

/** Grams typed in a form: `320`, `12,5` or `12.5` → a number; anything else (or < 0) → null. */
export function gramsOf(text: string): number | null {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const g = Number(t);
  return g <= 1_000_000 ? g : null;
}

/** `320 g`, `1 250,5 g`; `—` when none is recorded. */
export function formatGrams(grams: number | null | undefined, locale: Locale): string {
  const n = formatNumber(grams, locale, 1);
  return n === NO_VALUE ? n : `${n}\u00a0g`;
}

/**
 * The usage session a member may declare grams on, from an accounting line: its only session,
 * while no grams are recorded (the server refuses more: a measured or declared figure is a
 * manager's to correct). A line of several sessions is a manager's too: which job used what is
 * not for the line to guess.
 */
export function declarableSession(line: {
  readonly usage: readonly string[];
  readonly materialGrams: number | null;
}): string | null {
  return line.usage.length === 1 && line.materialGrams === null ? (line.usage[0] ?? null) : null;
}
