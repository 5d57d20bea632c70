/**
 * How finely a machine's history is read for a chart: one mean per step, the smallest round step
 * that keeps a range under `MAX_POINTS` points — a screen is a few hundred pixels wide, and a
 * week of 5 Hz telemetry is three million readings.
 * @module
 */

/** At most this many points per field in one answer. */
export const MAX_POINTS = 400;

const S = 1000;
/** Steps a person reads on an axis (10 s … 1 day), in milliseconds. */
export const HISTORY_STEPS_MS = [
  10 * S,
  30 * S,
  60 * S,
  2 * 60 * S,
  5 * 60 * S,
  10 * 60 * S,
  15 * 60 * S,
  30 * 60 * S,
  3_600 * S,
  2 * 3_600 * S,
  6 * 3_600 * S,
  12 * 3_600 * S,
  86_400 * S,
] as const;

/**
 * The step for `[from, to)`, in milliseconds.
 *
 * @example historyStep(0, 3_600_000) // 10 000: an hour in 360 points
 */
export function historyStep(from: number, to: number): number {
  const wanted = Math.max(0, to - from) / MAX_POINTS;
  return HISTORY_STEPS_MS.find((step) => step >= wanted) ?? HISTORY_STEPS_MS.at(-1)!;
}
