/**
 * Pure helpers of the accounting and audit screens: a month in the site's calendar as the API's
 * period, the CSV export's address, and an audit entry's target split into its kind and id.
 * @module
 */
import { zonedInstant } from './rounds.js';

/** "2026-11" → that month's first midnight to the next month's, in `timeZone`. */
export function monthRange(month: string, timeZone: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`not a month: "${month}" (YYYY-MM)`);
  const year = Number(m[1]);
  const index = Number(m[2]);
  const next = index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, '0')}`;
  return {
    from: zonedInstant(`${month}-01`, '00:00', timeZone),
    to: zonedInstant(`${next}-01`, '00:00', timeZone),
  };
}

/** The month a date falls in, "YYYY-MM" (local time of the browser: the manager's month). */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The usage lines as CSV for the bookkeeper: a plain link, the session cookie goes with it. */
export function accountingCsvUrl(query: {
  from: string;
  to: string;
  site: string | null;
  /** The CSV's language: the dashboard's (a download link cannot set Accept-Language). */
  lang?: string;
}): string {
  const params = new URLSearchParams({ format: 'csv', from: query.from, to: query.to });
  if (query.lang) params.set('lang', query.lang);
  if (query.site) params.set('site', query.site);
  return `/api/accounting/lines?${params}`;
}

/** "member:nadia-benali" → { kind: 'member', id: 'nadia-benali' }; no colon: kind ''. */
export function targetOf(target: string): { kind: string; id: string } {
  const at = target.indexOf(':');
  return at < 0
    ? { kind: '', id: target }
    : { kind: target.slice(0, at), id: target.slice(at + 1) };
}
