import { describe, expect, it } from 'vitest';
import { parsePeriod, previousPeriod } from './period.js';

const TZ = 'Europe/Paris';

describe('parsePeriod', () => {
  it('reads a quarter in local time, across the October DST change', () => {
    const q = parsePeriod('2026-q4', TZ);
    expect(q).toMatchObject({
      kind: 'quarter',
      label: '2026-Q4',
      firstDay: '2026-10-01',
      lastDay: '2026-12-31',
    });
    expect(new Date(q.start).toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(new Date(q.end).toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('reads a month, a year and custom dates (both included)', () => {
    expect(parsePeriod('2026-02', TZ)).toMatchObject({ kind: 'month', lastDay: '2026-02-28' });
    expect(parsePeriod('2026', TZ)).toMatchObject({
      kind: 'year',
      firstDay: '2026-01-01',
      lastDay: '2026-12-31',
    });
    const c = parsePeriod('2026-11-02..2026-11-08', TZ);
    expect(c.end - c.start).toBe(7 * 86_400_000);
  });

  it('names what is wrong', () => {
    expect(() => parsePeriod('novembre', TZ)).toThrow(/expected a year \(2026\), a quarter/);
    expect(() => parsePeriod('2026-11-08..2026-11-02', TZ)).toThrow(
      /last day comes before the first/,
    );
    expect(() => parsePeriod('2026-02-30..2026-03-02', TZ)).toThrow(/not a calendar date/);
    expect(() => parsePeriod('2025-01-01..2026-12-31', TZ)).toThrow(/at most 400 days/);
  });
});

describe('previousPeriod', () => {
  it('is the period of the same kind just before', () => {
    expect(previousPeriod(parsePeriod('2026-Q1', TZ), TZ).label).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-01', TZ), TZ).label).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026', TZ), TZ).label).toBe('2025');
    expect(previousPeriod(parsePeriod('2026-11-02..2026-11-08', TZ), TZ).label).toBe(
      '2026-10-26..2026-11-01',
    );
  });
});
