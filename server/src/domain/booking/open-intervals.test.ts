import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../demo/workshop.js';
import {
  mergeIntervals,
  openIntervals,
  openingOn,
  type Interval,
  type SiteCalendar,
} from './site-calendar.js';
import { addDays, compareDates, localParts } from './zoned-time.js';

/** The exact path: each local day's ranges converted one by one (`openingOn`), clipped, merged. */
function exactly(site: SiteCalendar, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  const last = localParts(to, site.timezone);
  for (
    let day = addDays(localParts(from, site.timezone), -1);
    compareDates(day, last) <= 0;
    day = addDays(day, 1)
  )
    for (const i of openingOn(site, day)) {
      const start = Math.max(i.start, from);
      const end = Math.min(i.end, to);
      if (end > start) out.push({ start, end });
    }
  return mergeIntervals(out);
}

describe('openIntervals (one offset lookup per day)', () => {
  it('gives the exact day-by-day opening intervals over any period, across DST changes', () => {
    const site = {
      ...DEMO_SITE,
      // A late range too, and one that starts at midnight, so the DST nights matter.
      openingHours: {
        ...DEMO_SITE.openingHours,
        '7': [
          { open: '00:00', close: '04:00' },
          { open: '20:00', close: '24:00' },
        ],
      },
    };
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 24 }),
        fc.integer({ min: 1, max: 60 * 24 }),
        (h, len) => {
          const from = start + h * 3_600_000;
          const to = from + len * 3_600_000;
          expect(openIntervals(site, from, to)).toEqual(exactly(site, from, to));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('matches over the weeks of both DST changes in Paris exactly, and in a zone changing at midnight', () => {
    const site = {
      ...DEMO_SITE,
      openingHours: { ...DEMO_SITE.openingHours, '7': [{ open: '01:00', close: '05:00' }] },
    };
    for (const [a, b] of [
      ['2026-03-23', '2026-04-02'],
      ['2026-10-19', '2026-10-29'],
    ] as const) {
      const from = Date.parse(`${a}T00:00:00Z`);
      const to = Date.parse(`${b}T00:00:00Z`);
      expect(openIntervals(site, from, to)).toEqual(exactly(site, from, to));
    }
    // Santiago changes its clocks at midnight (the day's first hour is skipped or repeated).
    const santiago = { ...site, timezone: 'America/Santiago', holidays: 'none' as const };
    for (const [a, b] of [
      ['2026-04-01', '2026-04-10'],
      ['2026-09-01', '2026-09-12'],
    ] as const) {
      const from = Date.parse(`${a}T00:00:00Z`);
      const to = Date.parse(`${b}T00:00:00Z`);
      expect(openIntervals(santiago, from, to)).toEqual(exactly(santiago, from, to));
    }
  });
});
