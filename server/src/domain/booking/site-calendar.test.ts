import { describe, expect, it } from 'vitest';
import { easterSunday, publicHolidays } from './holidays.js';
import {
  closedDaysFrom,
  closureOn,
  openIntervals,
  subtractIntervals,
  type SiteCalendar,
} from './site-calendar.js';

const site: SiteCalendar = {
  timezone: 'Europe/Paris',
  openingHours: {
    '1': [
      { open: '09:00', close: '12:30' },
      { open: '13:30', close: '18:00' },
    ],
    '2': [{ open: '09:00', close: '18:00' }],
    '3': [{ open: '09:00', close: '18:00' }],
    '6': [{ open: '10:00', close: '16:00' }],
  },
  closures: [{ from: '2026-08-03', to: '2026-08-21', reason: 'fermeture estivale' }],
  holidays: 'fr',
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('site calendar', () => {
  it('computes Easter and the French public holidays that follow it', () => {
    expect(easterSunday(2026)).toEqual({ year: 2026, month: 4, day: 5 });
    expect(easterSunday(2027)).toEqual({ year: 2027, month: 3, day: 28 });
    const dates = publicHolidays(2026, 'fr').map((h) => h.date);
    expect(dates).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
    expect(publicHolidays(2026, 'fr-alsace-moselle').map((h) => h.date)).toContain('2026-04-03');
  });

  it('says why a day is closed: a public holiday or a closure', () => {
    expect(closureOn(site, { year: 2026, month: 4, day: 6 })).toBe('Lundi de Pâques');
    expect(closureOn(site, { year: 2026, month: 8, day: 10 })).toBe('fermeture estivale');
    expect(closureOn(site, { year: 2026, month: 4, day: 7 })).toBeUndefined();
  });

  it('lists the coming closed days in order: holidays named in both languages, then closures', () => {
    const days = closedDaysFrom(site, { year: 2026, month: 7, day: 31 }, 18);
    expect(days[0]).toEqual({
      date: '2026-08-03',
      kind: 'closure',
      reason: { fr: 'fermeture estivale', en: 'fermeture estivale' },
    });
    expect(days.find((d) => d.date === '2026-08-15')).toEqual({
      date: '2026-08-15',
      kind: 'holiday',
      reason: { fr: 'Assomption', en: expect.stringMatching(/Assumption/) },
    });
    expect(days.map((d) => d.date)).toEqual(
      [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map(
        (d) => `2026-08-${String(d).padStart(2, '0')}`,
      ),
    );
    expect(
      closedDaysFrom(
        { ...site, holidays: 'none', closures: [] },
        { year: 2026, month: 12, day: 20 },
        14,
      ),
    ).toEqual([]);
    expect(
      closedDaysFrom(
        { ...site, holidays: 'fr', closures: [] },
        { year: 2026, month: 12, day: 20 },
        14,
      ).map((d) => d.date),
    ).toEqual(['2026-12-25', '2027-01-01']);
  });

  it('lists the opening intervals of a week in UTC, lunch break and closed days included', () => {
    // Week of Monday 6 April 2026: Monday is Easter Monday (closed), Thursday/Friday/Sunday closed.
    const week = openIntervals(
      site,
      Date.parse('2026-04-05T22:00:00Z'),
      Date.parse('2026-04-12T22:00:00Z'),
    );
    expect(week.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-04-07T07:00:00.000Z', '2026-04-07T16:00:00.000Z'],
      ['2026-04-08T07:00:00.000Z', '2026-04-08T16:00:00.000Z'],
      ['2026-04-11T08:00:00.000Z', '2026-04-11T14:00:00.000Z'],
    ]);
    const monday = openIntervals(
      site,
      Date.parse('2026-04-12T22:00:00Z'),
      Date.parse('2026-04-13T22:00:00Z'),
    );
    expect(monday.map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-04-13T07:00:00.000Z', '2026-04-13T10:30:00.000Z'],
      ['2026-04-13T11:30:00.000Z', '2026-04-13T16:00:00.000Z'],
    ]);
  });

  it('keeps opening at 09:00 local across the autumn change: 07:00Z before, 08:00Z after', () => {
    const a = openIntervals(
      site,
      Date.parse('2026-10-20T00:00:00Z'),
      Date.parse('2026-10-21T00:00:00Z'),
    );
    const b = openIntervals(
      site,
      Date.parse('2026-10-27T00:00:00Z'),
      Date.parse('2026-10-28T00:00:00Z'),
    );
    expect(iso(a[0]!.start)).toBe('2026-10-20T07:00:00.000Z');
    expect(iso(b[0]!.start)).toBe('2026-10-27T08:00:00.000Z');
  });

  it('subtracts busy time from free time', () => {
    expect(
      subtractIntervals(
        [{ start: 0, end: 100 }],
        [
          { start: 10, end: 20 },
          { start: 90, end: 120 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 20, end: 90 },
    ]);
  });
});
