/**
 * A usage session's part inside a report's period, by the one rule accounting and reports share
 * (`domain/telemetry/measured-hours.ts`: every measured hour appears exactly once, split at the period's
 * edges): the wall time, active time and energy go with the part in proportion (the gateway
 * reports them per job, not per minute), so a year is the sum of its months.
 * @module
 */
import type { Interval } from '../booking/site-calendar.js';
import { msInside, partInside, shareOf } from '../telemetry/measured-hours.js';

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

/** The part of `span` inside `period`, or null when they do not meet. A zero-length job belongs to the period holding its start. */
export function partIn(span: MeasuredSpan, period: Interval): SpanPart | null {
  const inside = partInside(span, period);
  const instant = span.end === span.start && span.start >= period.start && span.start < period.end;
  if (!inside && !instant) return null;
  return {
    start: inside?.start ?? span.start,
    end: inside?.end ?? span.start,
    share: instant ? 1 : msInside(span, period) / (span.end - span.start),
    wallSeconds: shareOf(span.wallSeconds, span, period),
    activeSeconds: shareOf(span.activeSeconds, span, period),
    energyWh: span.energyWh === null ? null : shareOf(span.energyWh, span, period),
  };
}
