import { describe, expect, it } from 'vitest';
import { formatChange, formatReportValue, managerPeriods } from './report-view.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('managerPeriods', () => {
  it('offers last month first, then this month and the one before, the quarters and the year', () => {
    expect(managerPeriods(new Date(2026, 11, 2)).map((p) => p.id)).toEqual([
      '2026-11',
      '2026-12',
      '2026-10',
      '2026-Q4',
      '2026-Q3',
      '2026',
    ]);
  });

  it('goes back over the new year', () => {
    expect(
      managerPeriods(new Date(2027, 0, 15))
        .slice(0, 3)
        .map((p) => p.id),
    ).toEqual(['2026-12', '2027-01', '2026-11']);
  });
});

describe('formatReportValue', () => {
  it('writes each unit its way', () => {
    expect(formatReportValue(12.5, 'hours', false, 'fr')).toBe(`12,5${NBSP}h`);
    expect(formatReportValue(42.25, 'percent', false, 'fr')).toBe(`42,3${NNBSP}%`);
    expect(formatReportValue(42.25, 'percent', false, 'en')).toBe('42.3%');
    expect(formatReportValue(1234, 'people', false, 'en')).toBe('1,234');
    expect(formatReportValue(3.14, 'kwh', false, 'fr')).toBe(`3,1${NBSP}kWh`);
  });

  it('marks a secret cell and a missing one', () => {
    expect(formatReportValue(3, 'people', true, 'fr')).toBe('s');
    expect(formatReportValue(null, 'hours', false, 'fr')).toBe('—');
  });
});

describe('formatChange', () => {
  it('signs the change from the period before', () => {
    expect(formatChange(0.12, 'en')).toBe('+12%');
    expect(formatChange(-0.035, 'fr')).toBe(`-3,5${NNBSP}%`);
    expect(formatChange(0, 'en')).toBe('0%');
    expect(formatChange(null, 'fr')).toBe('');
  });
});
