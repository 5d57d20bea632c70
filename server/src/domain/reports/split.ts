/**
 * Every measured hour appears exactly once: a usage session that crosses a period's edge counts
 * only its part inside the period, and its active time and energy go with that part in proportion
 * (the gateway reports them per job, not per minute). The parts of one session over adjacent
 * periods add up to the whole session, so a year is the sum of its months.
 * @module
 */
import type { Interval } from '../booking/site-calendar.js';

export interface MeasuredSpan extends Interval {
  readonly wallSeconds: number;
  readonly activeSeconds: number;
  readonly energyWh: number | null;
}

export interface SpanPart {
  /** The part of [start, end) inside the period. */
  readonly start: number;
  readonly end: number;
  /** Share of the whole span, 0–1. */
  readonly share: number;
  readonly wallSeconds: number;
  readonly activeSeconds: number;
  readonly energyWh: number | null;
}

/** The part of `span` inside `period`, or null when they do not meet. */
export function partIn(span: MeasuredSpan, period: Interval): SpanPart | null {
  const start = Math.max(span.start, period.start);
  const end = Math.min(span.end, period.end);
  if (end <= start) {
    // A zero-length job (aborted at once) belongs to the period holding its start.
    if (span.end === span.start && span.start >= period.start && span.start < period.end)
      return {
        start,
        end: start,
        share: 1,
        wallSeconds: span.wallSeconds,
        activeSeconds: span.activeSeconds,
        energyWh: span.energyWh,
      };
    return null;
  }
  const share = span.end > span.start ? (end - start) / (span.end - span.start) : 1;
  return {
    start,
    end,
    share,
    wallSeconds: span.wallSeconds * share,
    activeSeconds: span.activeSeconds * share,
    energyWh: span.energyWh === null ? null : span.energyWh * share,
  };
}
