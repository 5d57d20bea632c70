/**
 * Statistical secrecy for funders: no published count may point at a person. A count of people
 * between 1 and `threshold - 1` is suppressed (primary suppression); then, so that the total
 * minus the published cells cannot give a suppressed cell back, more cells are suppressed, the
 * smallest first (complementary suppression), until the suppressed cells together hold at least
 * `threshold` people and more people than cells (so no suppressed cell's value can be pinned even
 * knowing each holds at least one). When that cannot be reached, the total is suppressed too.
 * Zeros are published: they name nobody.
 * @module
 */

export const DEFAULT_THRESHOLD = 5;

export interface Suppressed {
  /** Per cell: true when it must not be published. */
  readonly cells: readonly boolean[];
  /** The total must not be published either. */
  readonly total: boolean;
}

/**
 * Which cells of a one-dimensional table of people counts (whose sum is its published total)
 * must be suppressed.
 * @example suppressCounts([12, 3, 40]) // { cells: [true, true, false], total: false }
 */
export function suppressCounts(
  counts: readonly number[],
  threshold = DEFAULT_THRESHOLD,
): Suppressed {
  const total = counts.reduce((s, c) => s + c, 0);
  const hidden = counts.map((c) => c > 0 && c < threshold);
  if (total > 0 && total < threshold) return { cells: counts.map((c) => c > 0), total: true };
  const enough = () => {
    let sum = 0;
    let n = 0;
    hidden.forEach((h, i) => {
      if (h) {
        sum += counts[i]!;
        n++;
      }
    });
    return n === 0 || (n >= 2 && sum >= threshold && sum > n);
  };
  while (!enough()) {
    let pick = -1;
    counts.forEach((c, i) => {
      if (!hidden[i] && c > 0 && (pick < 0 || c < counts[pick]!)) pick = i;
    });
    if (pick < 0) return { cells: hidden, total: true };
    hidden[pick] = true;
  }
  return { cells: hidden, total: false };
}

/** A single published count of people (a headline figure): hidden when 1 to threshold - 1. */
export const suppressOne = (count: number, threshold = DEFAULT_THRESHOLD) =>
  count > 0 && count < threshold;
