import { describe, expect, it } from 'vitest';
import { reportPeriods, reportUrl } from './report-periods.js';

describe('reportPeriods', () => {
  it('offers the quarter under way, the last full quarter, this year and last year', () => {
    expect(reportPeriods(new Date(2026, 11, 1)).map((p) => p.id)).toEqual([
      '2026-Q4',
      '2026-Q3',
      '2026',
      '2025',
    ]);
  });

  it('takes the last quarter of the year before in January', () => {
    expect(reportPeriods(new Date(2027, 0, 15)).map((p) => p.id)).toEqual([
      '2027-Q1',
      '2026-Q4',
      '2027',
      '2026',
    ]);
  });
});

describe('reportUrl', () => {
  it('names the period, the format and the language for the server', () => {
    expect(reportUrl('2026-Q4', 'pdf', 'fr')).toBe(
      '/api/reports?period=2026-Q4&format=pdf&lang=fr',
    );
  });
});
