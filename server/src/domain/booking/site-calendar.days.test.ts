/**
 * The booking rules read a slot's day from `insideOpening` and `closureOfDay`, which keep each
 * site's days: they must say what `openIntervals` and `closureOn` say of the same slot, on
 * ordinary days, around both DST changes, across midnight, past the day after, and for a site
 * changed (a new object) after its days were kept.
 */
import { describe, expect, it } from 'vitest';
import {
  closureOfDay,
  closureOn,
  insideOpening,
  openIntervals,
  type SiteCalendar,
} from './site-calendar.js';
import { localParts } from './zoned-time.js';

const site: SiteCalendar = {
  timezone: 'Europe/Paris',
  openingHours: {
    '1': [
      { open: '09:00', close: '12:30' },
      { open: '13:30', close: '18:00' },
    ],
    '2': [{ open: '09:00', close: '24:00' }],
    '3': [
      { open: '00:00', close: '02:00' },
      { open: '09:00', close: '18:00' },
    ],
    '5': [{ open: '01:30', close: '03:30' }],
    '6': [{ open: '10:00', close: '16:00' }],
    '7': [{ open: '00:00', close: '24:00' }],
  },
  closures: [{ from: '2026-08-03', to: '2026-08-21', reason: 'fermeture estivale' }],
  holidays: 'fr',
};

const MIN = 60_000;
/** A fixed sequence in [0, 1): the same slots every run. */
function seededRandom(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}
/** The rules' reading before the days were kept. */
const inside = (s: SiteCalendar, start: number, end: number) => {
  const open = openIntervals(s, start, end);
  return open.length === 1 && open[0]!.start === start && open[0]!.end === end;
};
const startInside = (s: SiteCalendar, start: number) => {
  const open = openIntervals(s, start, start + MIN);
  return open.length === 1 && open[0]!.start === start;
};

describe("a site's kept days", () => {
  it('say what openIntervals and closureOn say, slot by slot, around the DST changes too', () => {
    const random = seededRandom(7);
    // Around the spring change (29 March 2026), a summer closure and the autumn change (25 October).
    const windows = ['2026-03-26T00:00:00Z', '2026-07-30T00:00:00Z', '2026-10-22T00:00:00Z'];
    let insides = 0;
    for (const w of windows)
      for (let i = 0; i < 1500; i++) {
        const start = Date.parse(w) + Math.floor(random() * 7 * 96) * 15 * MIN;
        const minutes = [15, 30, 60, 120, 240, 600, 1440, 3000][Math.floor(random() * 8)]!;
        const end = start + minutes * MIN;
        const day = localParts(start, site.timezone);
        expect(closureOfDay(site, day)).toBe(closureOn(site, day));
        const got = insideOpening(site, day, start, end);
        expect(got, `${new Date(start).toISOString()} + ${minutes} min`).toBe(
          inside(site, start, end),
        );
        expect(insideOpening(site, day, start, end, true)).toBe(startInside(site, start));
        if (got) insides += 1;
      }
    // Both answers met often enough for the comparison to mean something.
    expect(insides).toBeGreaterThan(300);
    expect(insides).toBeLessThan(4000);
  });

  it('a slot of no length is never inside', () => {
    const start = Date.parse('2026-12-06T12:00:00Z'); // a Sunday, open all day
    const day = localParts(start, site.timezone);
    expect(insideOpening(site, day, start, start)).toBe(false);
    expect(insideOpening(site, day, start, start + 15 * MIN)).toBe(true);
  });

  it('are kept per site object: a site changed is read anew', () => {
    const start = Date.parse('2026-12-07T08:00:00Z'); // Monday 09:00 in Paris
    const day = localParts(start, site.timezone);
    expect(insideOpening(site, day, start, start + 60 * MIN)).toBe(true);
    const later = {
      ...site,
      openingHours: { ...site.openingHours, '1': [{ open: '10:00', close: '12:00' }] },
    };
    expect(insideOpening(later, day, start, start + 60 * MIN)).toBe(false);
    const closed = {
      ...site,
      closures: [{ from: '2026-12-07', to: '2026-12-07', reason: 'inventaire' }],
    };
    expect(closureOfDay(closed, day)).toBe('inventaire');
    expect(closureOfDay(site, day)).toBeUndefined();
  });
});
