import { describe, expect, it } from 'vitest';
import {
  calendarChoiceOf,
  calendarOf,
  closedOn,
  closedRuns,
  formatLocalDate,
  openingOf,
  openingText,
} from './site-calendar.js';

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

describe('opening hours as typed', () => {
  it('reads ranges the French way or the server’s, in order', () => {
    expect(openingOf('13h30-18h, 9h-12h30')).toEqual([
      { open: '09:00', close: '12:30' },
      { open: '13:30', close: '18:00' },
    ]);
    expect(openingOf('09:00–19:00')).toEqual([{ open: '09:00', close: '19:00' }]);
    expect(openingOf('10 à 17')).toEqual([{ open: '10:00', close: '17:00' }]);
    expect(openingOf('  ')).toEqual([]);
  });

  it('refuses a range that closes before it opens, overlaps another, or is no time', () => {
    expect(openingOf('18h-9h')).toBeNull();
    expect(openingOf('9h-13h, 12h-18h')).toBeNull();
    expect(openingOf('9h-25h')).toBeNull();
    expect(openingOf('matin')).toBeNull();
    expect(openingOf('9h')).toBeNull();
  });

  it('writes the server’s ranges back as the field shows them', () => {
    expect(
      openingText([
        { open: '09:00', close: '12:30' },
        { open: '13:30', close: '18:00' },
      ]),
    ).toBe('09:00-12:30, 13:30-18:00');
    expect(openingText(undefined)).toBe('');
    const typed = '09:00-12:30, 13:30-18:00';
    expect(openingText(openingOf(typed) ?? [])).toBe(typed);
  });
});

describe('closed days in runs', () => {
  it('makes one line of a closure’s following days, a holiday inside it its own, across a year', () => {
    const closure = (date: string) => ({ date, kind: 'closure', reason: { fr: 'fin d’année' } });
    const holiday = (date: string, fr: string) => ({ date, kind: 'holiday', reason: { fr } });
    const runs = closedRuns([
      closure('2026-12-24'),
      holiday('2026-12-25', 'Noël'),
      closure('2026-12-26'),
      closure('2026-12-27'),
      closure('2026-12-31'),
      closure('2027-01-01'),
      holiday('2027-04-05', 'Lundi de Pâques'),
    ]);
    expect(runs.map((r) => [r.from, r.to])).toEqual([
      ['2026-12-24', '2026-12-24'],
      ['2026-12-25', '2026-12-25'],
      ['2026-12-26', '2026-12-27'],
      ['2026-12-31', '2027-01-01'],
      ['2027-04-05', '2027-04-05'],
    ]);
  });
});
