import { describe, expect, it } from 'vitest';
import {
  addDays,
  busiestHour,
  formatHoursOf,
  formatShare,
  heatLevel,
  hourSpan,
  isIdle,
  periodOf,
} from './utilisation.js';

// Wednesday 2 December 2026, 11:00 in Paris.
const NOW = Date.parse('2026-12-02T10:00:30Z');

describe('the periods a manager picks', () => {
  it('starts this week on the site’s Monday midnight and ends it now', () => {
    expect(periodOf('this-week', NOW, 'Europe/Paris')).toEqual({
      from: '2026-11-30T00:00:00+01:00',
      to: '2026-12-02T10:00:00.000Z',
    });
  });

  it('gives last week as Monday to Monday, whole', () => {
    expect(periodOf('last-week', NOW, 'Europe/Paris')).toEqual({
      from: '2026-11-23T00:00:00+01:00',
      to: '2026-11-30T00:00:00+01:00',
    });
  });

  it('reads the month and the last 30 days in the site’s calendar, not the browser’s', () => {
    expect(periodOf('this-month', NOW, 'Europe/Paris')?.from).toBe('2026-12-01T00:00:00+01:00');
    // 23:30 UTC on 30 November is already 1 December in Nouméa (UTC+11).
    const late = Date.parse('2026-11-30T23:30:00Z');
    expect(periodOf('this-month', late, 'Pacific/Noumea')?.from).toBe('2026-12-01T00:00:00+11:00');
    expect(periodOf('last-30-days', NOW, 'Europe/Paris')?.from).toBe('2026-11-03T00:00:00+01:00');
  });

  it('takes both custom dates included, and none when they are missing or reversed', () => {
    expect(
      periodOf('custom', NOW, 'Europe/Paris', { from: '2026-10-24', to: '2026-10-25' }),
    ).toEqual({ from: '2026-10-24T00:00:00+02:00', to: '2026-10-26T00:00:00+01:00' });
    expect(periodOf('custom', NOW, 'Europe/Paris', { from: '2026-10-25', to: '2026-10-24' })).toBe(
      null,
    );
    expect(periodOf('custom', NOW, 'Europe/Paris', { from: '', to: '2026-10-24' })).toBe(null);
  });

  it('adds days across a month and a year', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('figures in words', () => {
  it('writes seconds as hours with one decimal, the unit kept with the number', () => {
    expect(formatHoursOf(5400, 'fr')).toBe('1,5\u00a0h');
    expect(formatHoursOf(5400, 'en')).toBe('1.5\u00a0h');
    expect(formatHoursOf(undefined, 'fr')).toBe('—');
  });

  it('writes a small share as itself, not as 0 %', () => {
    expect(formatShare(0.004, 'fr')).toBe('0,4\u202f%');
    expect(formatShare(0.125, 'en')).toBe('12.5%');
    expect(formatShare(Number.NaN, 'fr')).toBe('—');
  });

  it('names a cell’s hour: mardi 14 h–15 h, Tuesday 14:00–15:00, midnight after 23 h', () => {
    expect(hourSpan(1, 14, 'fr')).toBe('mardi 14\u00a0h–15\u00a0h');
    expect(hourSpan(1, 14, 'en')).toBe('Tuesday 14:00–15:00');
    expect(hourSpan(6, 23, 'fr')).toBe('dimanche 23\u00a0h–0\u00a0h');
  });
});

describe('the heat map', () => {
  it('shades by quarters of the busiest cell, any running at least the first shade', () => {
    expect(heatLevel(0, 3600)).toBe(0);
    expect(heatLevel(1, 3600)).toBe(1);
    expect(heatLevel(900, 3600)).toBe(1);
    expect(heatLevel(901, 3600)).toBe(2);
    expect(heatLevel(2700, 3600)).toBe(3);
    expect(heatLevel(3600, 3600)).toBe(4);
    expect(heatLevel(0, 0)).toBe(0);
  });

  it('finds the busiest hour, the earliest of equals, and none when nothing ran', () => {
    const map = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
    expect(busiestHour(map)).toBe(null);
    map[1]![14] = 3600;
    map[3]![9] = 3600;
    map[1]![13] = 1800;
    expect(busiestHour(map)).toEqual({ day: 1, hour: 14, seconds: 3600 });
  });

  it('calls a machine idle when it was never busy in the period', () => {
    expect(isIdle({ busyShare: 0 })).toBe(true);
    expect(isIdle({ busyShare: 0.001 })).toBe(false);
  });
});
