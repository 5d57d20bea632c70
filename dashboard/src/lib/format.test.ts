import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatMoment,
  formatDay,
  formatDuration,
  formatNumber,
  formatPercent,
  formatPower,
  formatRate,
  formatSince,
  formatTemperature,
  formatWritten,
  NO_VALUE,
} from './format.js';

// Written out so that a test failure shows which space is wrong.
const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('formatDuration', () => {
  it('shows seconds under a minute', () => {
    expect(formatDuration(45, 'fr')).toBe(`45${NBSP}s`);
    expect(formatDuration(0, 'en')).toBe(`0${NBSP}s`);
  });

  it('shows whole minutes under an hour, rounding down', () => {
    expect(formatDuration(60, 'fr')).toBe(`1${NBSP}min`);
    expect(formatDuration(12 * 60 + 59, 'fr')).toBe(`12${NBSP}min`);
  });

  it('shows hours with two-digit minutes', () => {
    expect(formatDuration(3900, 'fr')).toBe(`1${NBSP}h${NBSP}05${NBSP}min`);
    expect(formatDuration(3900, 'en')).toBe(`1${NBSP}h${NBSP}05${NBSP}min`);
    expect(formatDuration(2 * 3600, 'fr')).toBe(`2${NBSP}h`);
  });

  it('shows days and hours with the day letter of each language', () => {
    expect(formatDuration(3 * 86400 + 4 * 3600 + 120, 'fr')).toBe(`3${NBSP}j${NBSP}4${NBSP}h`);
    expect(formatDuration(3 * 86400, 'en')).toBe(`3${NBSP}d`);
  });

  it('gives a dash for negative, missing or non-finite durations', () => {
    expect(formatDuration(-5, 'fr')).toBe(NO_VALUE);
    expect(formatDuration(undefined, 'fr')).toBe(NO_VALUE);
    expect(formatDuration(Number.NaN, 'en')).toBe(NO_VALUE);
  });
});

describe('formatSince', () => {
  const now = Date.parse('2026-11-22T14:30:00Z');

  it('says "depuis" with the duration in French and "for" in English', () => {
    expect(formatSince('2026-11-22T14:18:00Z', now, 'fr')).toBe(`depuis 12${NBSP}min`);
    expect(formatSince('2026-11-22T13:25:00Z', now, 'en')).toBe(`for 1${NBSP}h${NBSP}05${NBSP}min`);
  });

  it('says "à l\'instant" under a minute and when the start lies in the future', () => {
    expect(formatSince('2026-11-22T14:29:30Z', now, 'fr')).toBe("à l'instant");
    expect(formatSince('2026-11-22T14:35:00Z', now, 'en')).toBe('just now');
  });

  it('accepts epoch milliseconds and rejects unparsable dates', () => {
    expect(formatSince(now - 120_000, now, 'fr')).toBe(`depuis 2${NBSP}min`);
    expect(formatSince('not a date', now, 'fr')).toBe(NO_VALUE);
  });
});

describe('formatNumber', () => {
  it('groups thousands with a narrow no-break space in French and a comma in English', () => {
    expect(formatNumber(12000, 'fr')).toBe(`12${NNBSP}000`);
    expect(formatNumber(12000, 'en')).toBe('12,000');
  });

  it('uses the decimal comma in French', () => {
    expect(formatNumber(1234.56, 'fr', 1)).toBe(`1${NNBSP}234,6`);
    expect(formatNumber(1234.56, 'en', 1)).toBe('1,234.6');
  });
});

describe('formatPercent', () => {
  it('puts a narrow no-break space before % in French only', () => {
    expect(formatPercent(42, 'fr')).toBe(`42${NNBSP}%`);
    expect(formatPercent(42, 'en')).toBe('42%');
  });

  it('rounds down so that a job never reads 100 % before it ends, and clamps to 0–100', () => {
    expect(formatPercent(99.7, 'en')).toBe('99%');
    expect(formatPercent(130, 'en')).toBe('100%');
    expect(formatPercent(-3, 'en')).toBe('0%');
    expect(formatPercent(null, 'fr')).toBe(NO_VALUE);
  });
});

describe('formatTemperature', () => {
  it('shows actual / target °C', () => {
    expect(formatTemperature(212.4, 215, 'fr')).toBe(`212 / 215${NBSP}°C`);
  });

  it('leaves out a missing target and a target of 0 (heater off)', () => {
    expect(formatTemperature(23, 0, 'fr')).toBe(`23${NBSP}°C`);
    expect(formatTemperature(23, undefined, 'en')).toBe(`23${NBSP}°C`);
  });

  it('gives a dash without a reading', () => {
    expect(formatTemperature(undefined, 215, 'fr')).toBe(NO_VALUE);
  });
});

describe('formatRate and formatPower', () => {
  it('writes spindle speeds in tr/min in French and rpm in English', () => {
    expect(formatRate(12000, 'rpm', 'fr')).toBe(`12${NNBSP}000${NBSP}tr/min`);
    expect(formatRate(12000, 'rpm', 'en')).toBe(`12,000${NBSP}rpm`);
  });

  it('writes feed rates in mm/min', () => {
    expect(formatRate(1500, 'mm/min', 'fr')).toBe(`1${NNBSP}500${NBSP}mm/min`);
  });

  it('switches to kW from 1 000 W', () => {
    expect(formatPower(120, 'fr')).toBe(`120${NBSP}W`);
    expect(formatPower(1250, 'fr')).toBe(`1,3${NBSP}kW`);
    expect(formatPower(1250, 'en')).toBe(`1.3${NBSP}kW`);
  });
});

describe('formatClock and formatDay', () => {
  const at = Date.parse('2026-11-22T13:05:00Z');

  it('shows a 24-hour clock in both languages', () => {
    expect(formatClock(at, 'fr', 'Europe/Paris')).toBe('14:05');
    expect(formatClock(at, 'en', 'Europe/Paris')).toBe('14:05');
  });

  it('names the weekday and month in the language', () => {
    expect(formatDay(at, 'fr', 'Europe/Paris')).toBe('dimanche 22 novembre');
    expect(formatDay(at, 'en', 'Europe/Paris')).toBe('Sunday 22 November');
  });
});

describe('formatMoment', () => {
  const now = Date.parse('2026-12-01T09:00:00Z');

  it('is the clock alone for a moment of today', () => {
    expect(formatMoment(Date.parse('2026-12-01T08:45:00Z'), now, 'fr', 'Europe/Paris')).toBe(
      '09:45',
    );
  });

  it('gives the date of another day, and the year of another year', () => {
    const yesterday = Date.parse('2026-11-30T17:10:00Z');
    expect(formatMoment(yesterday, now, 'fr', 'Europe/Paris')).toBe('30 nov., 18:10');
    expect(formatMoment(yesterday, now, 'en', 'Europe/Paris')).toBe('30 Nov, 18:10');
    expect(formatMoment(Date.parse('2025-12-31T10:00:00Z'), now, 'fr', 'Europe/Paris')).toBe(
      '31 déc. 2025, 11:00',
    );
  });

  it('reads the day in the time zone given (23:30 UTC is tomorrow in Paris)', () => {
    const late = Date.parse('2026-11-30T23:30:00Z');
    expect(formatMoment(late, now, 'fr', 'Europe/Paris')).toBe('00:30');
  });
});

describe('formatWritten', () => {
  it('dates a maintenance note with its day, short month, year and time', () => {
    const at = Date.parse('2026-12-02T13:35:00Z');
    expect(formatWritten(at, 'fr', 'Europe/Paris')).toBe('2 déc. 2026, 14:35');
    expect(formatWritten(at, 'en', 'Europe/Paris')).toBe('2 Dec 2026, 14:35');
  });
});
