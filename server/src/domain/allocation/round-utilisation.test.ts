import { describe, expect, it } from 'vitest';
import { laser, paris, reservation, site } from '../../testing/booking-fixtures.js';
import { roundUtilisation } from './round-utilisation.js';

describe('a round’s utilisation', () => {
  it('is given per opening hours and per calendar week, not only over the whole period', () => {
    // Defect 10. Ten days from Monday 7 December; the laser is open 51 h in the first week
    // (5 × 9 h + Saturday's 6 h) and 27 h in the three days of the second.
    const period = { start: paris('2026-12-07T00:00'), end: paris('2026-12-17T00:00') };
    const figures = roundUtilisation({
      site,
      period,
      machines: [laser, { ...laser, id: 'laser-out', status: 'out_of_order' }],
      // Already held on Tuesday 8: 3 h; the round grants Monday 7, 9 h.
      held: [reservation({ start: paris('2026-12-08T09:00'), end: paris('2026-12-08T12:00') })],
      result: {
        assignments: [
          {
            request: 'q1',
            member: 'camille',
            machine: 'laser-1',
            start: paris('2026-12-07T09:00'),
            end: paris('2026-12-07T18:00'),
          },
        ],
        unassigned: [],
      },
    });
    expect(figures.openHoursUtilisation).toBeCloseTo(12 / 78);
    expect(figures['week:2026-12-07']).toBeCloseTo(12 / 51);
    expect(figures['week:2026-12-14']).toBe(0);
  });
});
