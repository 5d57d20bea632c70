/**
 * A report as JSON (periods with ISO instants), as GET /api/reports answers it, a network
 * aggregate carries it, and back (the network reads member sites' reports from it).
 * @module
 */
import type { ReportPeriod } from '../domain/reports/period.js';
import type { Report } from '../domain/reports/types.js';

export interface PeriodJson {
  readonly kind: ReportPeriod['kind'];
  readonly label: string;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly from: string;
  readonly to: string;
}

export type ReportJson = Omit<Report, 'period' | 'previous'> & {
  readonly period: PeriodJson;
  readonly previous: PeriodJson;
};

const periodJson = (p: ReportPeriod): PeriodJson => ({
  kind: p.kind,
  label: p.label,
  firstDay: p.firstDay,
  lastDay: p.lastDay,
  from: new Date(p.start).toISOString(),
  to: new Date(p.end).toISOString(),
});

const periodOf = (p: PeriodJson): ReportPeriod => ({
  kind: p.kind,
  label: p.label,
  firstDay: p.firstDay,
  lastDay: p.lastDay,
  start: Date.parse(p.from),
  end: Date.parse(p.to),
});

export const reportJson = (r: Report): ReportJson => ({
  ...r,
  period: periodJson(r.period),
  previous: periodJson(r.previous),
});

export const reportFromJson = (j: ReportJson): Report => ({
  ...j,
  period: periodOf(j.period),
  previous: periodOf(j.previous),
});
