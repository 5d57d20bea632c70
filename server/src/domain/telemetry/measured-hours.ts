/**
 * The one rule for counting measured time, shared by accounting and the funders' reports:
 * **every measured hour appears exactly once** — a usage session counts in each period it
 * overlaps, for the part inside it (split at the period's edges, never wholly where it starts),
 * for its member when known and as unattributed use otherwise. Whatever happens to a reservation
 * afterwards (cancelled, moved) does not remove measured time. Pure.
 *
 * Use `partInside` for one period, `splitAtEdges` for a series of periods (days, weeks, months):
 * the pieces of a span always add up to the span.
 * @module
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The part of `span` inside `[from, to)`, or null when they do not overlap. */
export function partInside<S extends Span>(span: S, period: Span): (S & Span) | null {
  const start = Math.max(span.start, period.start);
  const end = Math.min(span.end, period.end);
  return end > start ? { ...span, start, end } : null;
}

/** Milliseconds of `span` inside `period`. */
export const msInside = (span: Span, period: Span): number =>
  Math.max(0, Math.min(span.end, period.end) - Math.max(span.start, period.start));

/**
 * `span` cut at each of `edges` that falls strictly inside it: consecutive pieces, in order,
 * whose lengths add up to the span's. Edges need not be sorted nor inside the span.
 * @example splitAtEdges({ start: 0, end: 10 }, [4]) // [{ start: 0, end: 4 }, { start: 4, end: 10 }]
 */
export function splitAtEdges<S extends Span>(span: S, edges: readonly number[]): (S & Span)[] {
  if (!(span.end > span.start)) return [];
  const cuts = [...new Set(edges.filter((e) => e > span.start && e < span.end))].sort(
    (a, b) => a - b,
  );
  const points = [span.start, ...cuts, span.end];
  return points.slice(1).map((end, i) => ({ ...span, start: points[i]!, end }));
}

/**
 * A quantity measured over a whole span (active seconds, energy) shared out in proportion to the
 * time inside the period: the shares over a split add up to the whole.
 */
export function shareOf(total: number, span: Span, period: Span): number {
  const length = span.end - span.start;
  if (length <= 0) return period.start <= span.start && span.start < period.end ? total : 0;
  return (total * msInside(span, period)) / length;
}
