/**
 * The periods a funder downloads a report for, in the server's period syntax (`2026-Q4`, `2026`):
 * the quarter under way, the last full quarter, this year and last year. Pure, for the funder page.
 * @module
 */
export interface ReportPeriod {
  /** What the server's `period` parameter takes. */
  readonly id: string;
  readonly kind: 'quarter' | 'year';
  readonly year: number;
  /** 1–4 for a quarter. */
  readonly quarter?: number;
}

/** The quarter under way first (in local time: a report is about a site's calendar). */
export function reportPeriods(now: Date): ReportPeriod[] {
  const year = now.getFullYear();
  const quarter = Math.floor(now.getMonth() / 3) + 1;
  const last = quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
  const q = (y: number, n: number): ReportPeriod => ({
    id: `${y}-Q${n}`,
    kind: 'quarter',
    year: y,
    quarter: n,
  });
  return [
    q(year, quarter),
    q(last.year, last.quarter),
    { id: String(year), kind: 'year', year },
    { id: String(year - 1), kind: 'year', year: year - 1 },
  ];
}

/** A download link: the session cookie goes with it; `lang` picks the report's language. */
export const reportUrl = (period: string, format: 'pdf' | 'xlsx' | 'csv', lang: string) =>
  `/api/reports?${new URLSearchParams({ period, format, lang })}`;

/** The network report's download link (GET /api/network/report), for a network's funder. */
export const networkReportUrl = (
  network: string,
  period: string,
  format: 'pdf' | 'xlsx' | 'csv',
  lang: string,
) => `/api/network/report?${new URLSearchParams({ network, period, format, lang })}`;
