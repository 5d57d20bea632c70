import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressCounts } from './suppression.js';

/**
 * What someone reading the published table can learn of a suppressed cell: every value it can
 * take given the published cells, the published total and that a suppressed cell holds at least
 * one person (zeros are published). Brute force over the suppressed cells' sum.
 */
function possibleValues(counts: number[], threshold: number) {
  const s = suppressCounts(counts, threshold);
  const total = counts.reduce((a, b) => a + b, 0);
  const hiddenIdx = counts.flatMap((_, i) => (s.cells[i] ? [i] : []));
  const published = counts.reduce((a, c, i) => a + (s.cells[i] ? 0 : c), 0);
  return hiddenIdx.map((i) => {
    if (s.total) return { i, exact: false };
    const rest = total - published; // sum of the suppressed cells, known by subtraction
    const k = hiddenIdx.length;
    const min = 1;
    const max = rest - (k - 1);
    return { i, exact: min === max, max, value: counts[i] };
  });
}

describe('suppressCounts', () => {
  it('suppresses a small count and, by complementary suppression, the next smallest', () => {
    expect(suppressCounts([12, 3, 40])).toEqual({ cells: [true, true, false], total: false });
  });

  it('publishes zeros and counts at or above the threshold', () => {
    expect(suppressCounts([0, 5, 9])).toEqual({ cells: [false, false, false], total: false });
  });

  it('hides everything when the total itself is under the threshold', () => {
    expect(suppressCounts([1, 2, 0])).toEqual({ cells: [true, true, false], total: true });
  });

  it('does not let the total minus the published cells give back a lone suppressed cell', () => {
    const counts = [20, 2, 30];
    const s = suppressCounts(counts);
    const published = counts.reduce((a, c, i) => a + (s.cells[i] ? 0 : c), 0);
    // Without complementary suppression 52 − 20 − 30 = 2 would be the suppressed cell.
    expect(s.cells.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(52 - published).toBeGreaterThanOrEqual(5);
  });

  it('suppresses more when several ones would be pinned by their sum', () => {
    // Five cells of 1 sum to 5: each would be exactly 1 if only they were hidden.
    const s = suppressCounts([1, 1, 1, 1, 1, 50]);
    expect(s.cells).toEqual([true, true, true, true, true, true]);
    expect(s.total).toBe(false);
  });

  it('hides the total when all people sit in small cells that would be pinned', () => {
    expect(suppressCounts([1, 1, 1, 1, 1]).total).toBe(true);
  });

  it('never lets a suppressed small cell be recovered by subtraction (any table)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 8 }), (counts) => {
        const threshold = 5;
        for (const p of possibleValues(counts, threshold)) expect(p.exact).toBe(false);
        const s = suppressCounts(counts, threshold);
        counts.forEach((c, i) => {
          if (c > 0 && c < threshold) expect(s.cells[i]).toBe(true);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
