/**
 * Pure helpers of the manager's report screen: the periods offered (the last three months, this
 * quarter and the last, this year), a figure's value in its unit (hours, people, %, kWh; "s" for a
 * cell kept secret), and the change from the period before.
 * @module
 */
import { formatHours } from './amounts.js';
import { formatNumber, NO_VALUE } from './format.js';
import type { Locale } from './locale.js';
import { reportPeriods } from './report-periods.js';

export type ReportUnit = 'hours' | 'count' | 'people' | 'percent' | 'kwh' | 'text';

export interface PeriodChoice {
  /** The server's `period`: `2026-11`, `2026-Q4`, `2026`. */
  readonly id: string;
  readonly kind: 'month' | 'quarter' | 'year';
}

const month = (y: number, m: number): PeriodChoice => ({
  id: `${y}-${String(m + 1).padStart(2, '0')}`,
  kind: 'month',
});

/** Last month first (the one a manager reports on), this month, the one before; then quarters and the year. */
export function managerPeriods(now: Date): PeriodChoice[] {
  const y = now.getFullYear();
  const m = now.getMonth();
  const back = (n: number) => {
    const d = new Date(y, m - n, 1);
    return month(d.getFullYear(), d.getMonth());
  };
  const [thisQuarter, lastQuarter, thisYear] = reportPeriods(now);
  return [
    back(1),
    back(0),
    back(2),
    ...[thisQuarter, lastQuarter, thisYear].flatMap((p) =>
      p ? [{ id: p.id, kind: p.kind } as PeriodChoice] : [],
    ),
  ];
}

const NBSP = '\u00a0';

/** A report value as read on screen; `s` when statistical secrecy hides it. */
export function formatReportValue(
  value: number | string | null,
  unit: ReportUnit,
  suppressed: boolean,
  locale: Locale,
): string {
  if (suppressed) return 's';
  if (value === null) return NO_VALUE;
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'hours':
      return formatHours(value, locale);
    case 'percent':
      return `${formatNumber(value, locale, 1)}${locale === 'fr' ? '\u202f' : ''}%`;
    case 'kwh':
      return `${formatNumber(value, locale, 1)}${NBSP}kWh`;
    default:
      return formatNumber(value, locale);
  }
}

/** The change from the period before, signed: `+12 %`, `-3,5 %`; nothing when unknown. */
export function formatChange(change: number | null, locale: Locale): string {
  if (change === null || !Number.isFinite(change)) return '';
  const pct = Math.round(change * 1000) / 10;
  const sign = pct > 0 ? '+' : pct < 0 ? '-' : '';
  return `${sign}${formatNumber(Math.abs(pct), locale, 1)}${locale === 'fr' ? '\u202f' : ''}%`;
}
