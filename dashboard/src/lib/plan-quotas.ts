/**
 * A plan's quotas as a manager edits them: one row per quota (period, hours, reservations,
 * machine group), text fields as typed, turned back into the server's quotas with the rows that
 * are wrong named — a quota gives hours, a number of reservations (the API's `bookings`) or both;
 * a group limits it to that group's reservations.
 * @module
 */

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export interface Quota {
  readonly period: Period;
  readonly hours?: number | undefined;
  readonly bookings?: number | undefined;
  readonly group?: string | undefined;
}

export interface QuotaRow {
  readonly period: Period;
  readonly hours: string;
  readonly bookings: string;
  /** '' : every machine. */
  readonly group: string;
}

const decimal = (n: number, fr: boolean) => (fr ? String(n).replace('.', ',') : String(n));

export function quotaRows(quotas: readonly Quota[], locale: 'fr' | 'en'): QuotaRow[] {
  return quotas.map((q) => ({
    period: q.period,
    hours: q.hours === undefined ? '' : decimal(q.hours, locale === 'fr'),
    bookings: q.bookings === undefined ? '' : String(q.bookings),
    group: q.group ?? '',
  }));
}

export const EMPTY_ROW: QuotaRow = { period: 'week', hours: '', bookings: '', group: '' };

/**
 * The server's quotas from the rows, or the 1-based numbers of the rows that are wrong: hours a
 * positive number (up to a month's 744), reservations a whole number, at least one of them given.
 */
export function quotasOf(rows: readonly QuotaRow[]): {
  readonly quotas: Quota[];
  readonly wrong: number[];
} {
  const quotas: Quota[] = [];
  const wrong: number[] = [];
  rows.forEach((r, i) => {
    const h = r.hours.trim().replace(',', '.');
    const b = r.bookings.trim();
    const hours = h === '' ? undefined : /^\d+(\.\d+)?$/.test(h) ? Number(h) : Number.NaN;
    const bookings = b === '' ? undefined : /^\d+$/.test(b) ? Number(b) : Number.NaN;
    const bad =
      (hours === undefined && bookings === undefined) ||
      (hours !== undefined && !(hours > 0 && hours <= 744)) ||
      (bookings !== undefined && !(bookings >= 1 && bookings <= 1000));
    if (bad) wrong.push(i + 1);
    else
      quotas.push({
        period: r.period,
        ...(hours === undefined ? {} : { hours }),
        ...(bookings === undefined ? {} : { bookings }),
        ...(r.group.trim() ? { group: r.group.trim() } : {}),
      });
  });
  return { quotas, wrong };
}
