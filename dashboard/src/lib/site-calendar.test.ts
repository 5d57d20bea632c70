import { describe, expect, it } from 'vitest';
import { calendarChoiceOf, calendarOf, closedOn, formatLocalDate } from './site-calendar.js';

describe('holiday calendar choice', () => {
  it('splits another country’s calendar into the choice and its code, and keeps French ones', () => {
    expect(calendarChoiceOf('country:CH-GE')).toEqual({ choice: 'country', country: 'CH-GE' });
    expect(calendarChoiceOf('fr-alsace-moselle')).toEqual({
      choice: 'fr-alsace-moselle',
      country: '',
    });
    expect(calendarChoiceOf('none')).toEqual({ choice: 'none', country: '' });
  });

  it('gives the server’s word back, uppercasing a code and refusing what is no ISO code', () => {
    expect(calendarOf('fr', 'BE')).toBe('fr');
    expect(calendarOf('country', ' be ')).toBe('country:BE');
    expect(calendarOf('country', 'ch-ge')).toBe('country:CH-GE');
    expect(calendarOf('country', 'Belgique')).toBeNull();
    expect(calendarOf('country', '')).toBeNull();
  });
});

describe('closed days in words', () => {
  it('writes a local day with its weekday, whatever the browser’s zone', () => {
    expect(formatLocalDate('2026-12-25', 'fr')).toBe('vendredi 25 décembre 2026');
    expect(formatLocalDate('2026-12-25', 'en')).toMatch(/^Friday,? 25 December 2026$/);
  });

  it('finds the closed day a booking day falls on, and none on an ordinary day', () => {
    const days = [{ date: '2026-12-25', reason: 'Noël' }];
    expect(closedOn(days, '2026-12-25')?.reason).toBe('Noël');
    expect(closedOn(days, '2026-12-24')).toBeUndefined();
  });
});
