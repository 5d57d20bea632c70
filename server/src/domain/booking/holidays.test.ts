import { describe, expect, it } from 'vitest';
import { isKnownCalendar, publicHolidays } from './holidays.js';
import { closureOn } from './site-calendar.js';

describe('holiday calendars of other countries', () => {
  it('closes a Belgian workshop on 21 July, and a French one not', () => {
    const be = publicHolidays(2026, 'country:BE');
    expect(be.find((h) => h.date === '2026-07-21')?.name.fr).toMatch(/nationale/i);
    expect(be.some((h) => h.date === '2026-07-14')).toBe(false);
    const site = {
      timezone: 'Europe/Brussels',
      openingHours: {},
      closures: [],
      holidays: 'country:BE' as const,
    };
    expect(closureOn(site, { year: 2026, month: 7, day: 21 })).toBeDefined();
    expect(
      closureOn({ ...site, holidays: 'fr' }, { year: 2026, month: 7, day: 21 }),
    ).toBeUndefined();
  });

  it('knows a region’s own holidays: Geneva keeps the Jeûne genevois, Zurich does not', () => {
    const geneva = publicHolidays(2026, 'country:CH-GE').map((h) => h.date);
    const zurich = publicHolidays(2026, 'country:CH-ZH').map((h) => h.date);
    // The Thursday after the first Sunday of September: 10 September 2026.
    expect(geneva).toContain('2026-09-10');
    expect(zurich).not.toContain('2026-09-10');
  });

  it('names known calendars and refuses unknown countries and regions', () => {
    expect(
      ['fr', 'fr-alsace-moselle', 'none', 'country:BE', 'country:CH-GE'].every(isKnownCalendar),
    ).toBe(true);
    expect(
      ['country:XX', 'country:CH-ZZ', 'country:be', 'belgique', 'country:'].some(isKnownCalendar),
    ).toBe(false);
  });
});
