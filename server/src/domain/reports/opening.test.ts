import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../demo/workshop.js';
import { openIntervals } from '../booking/site-calendar.js';
import { openingHoursOver } from './opening.js';

describe('openingHoursOver', () => {
  it('gives the site calendar’s opening intervals over any period, across DST changes', () => {
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
          expect(openingHoursOver(site, from, to)).toEqual(openIntervals(site, from, to));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('matches over the weeks of both DST changes in Paris exactly', () => {
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
      expect(openingHoursOver(site, from, to)).toEqual(openIntervals(site, from, to));
    }
  });
});
