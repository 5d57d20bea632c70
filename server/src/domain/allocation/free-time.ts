/**
 * Free time of the machines in a round: sorted, disjoint intervals per machine, searched by
 * bisection, and the grid helpers placements use.
 * @module
 */
import type { Interval } from './types.js';

export const MINUTE_MS = 60_000;

/** Free time of one machine: sorted, disjoint half-open intervals in two parallel arrays. */
export class FreeTime {
  // Parallel number arrays rather than objects: binary search and splice stay cheap and cache-friendly.
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** `available` must be sorted and disjoint (see {@link normaliseIntervals}). */
  constructor(available: readonly Interval[]) {
    for (const i of available) {
      this.starts.push(i.start);
      this.ends.push(i.end);
    }
  }

  get length(): number {
    return this.starts.length;
  }

  start(i: number): number {
    return this.starts[i] as number;
  }

  end(i: number): number {
    return this.ends[i] as number;
  }

  /** Index of the first free interval ending after `t` (`length` if none). */
  firstEndingAfter(t: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes `[from, to)` from the free time; it may span several free intervals, or none. */
  reserve(from: number, to: number): void {
    const first = this.firstEndingAfter(from);
    let last = first;
    while (last < this.starts.length && (this.starts[last] as number) < to) last += 1;
    if (last === first) return;
    const keptStarts: number[] = [];
    const keptEnds: number[] = [];
    const headStart = this.starts[first] as number;
    if (headStart < from) {
      keptStarts.push(headStart);
      keptEnds.push(from);
    }
    const tailEnd = this.ends[last - 1] as number;
    if (tailEnd > to) {
      keptStarts.push(to);
      keptEnds.push(tailEnd);
    }
    this.starts.splice(first, last - first, ...keptStarts);
    this.ends.splice(first, last - first, ...keptEnds);
  }

  /** The free intervals lying inside `[from, to)`, e.g. to restore them with {@link replaceWithin}. */
  within(from: number, to: number): Interval[] {
    const out: Interval[] = [];
    for (
      let i = this.firstEndingAfter(from);
      i < this.starts.length && (this.starts[i] as number) < to;
      i += 1
    ) {
      out.push({ start: this.starts[i] as number, end: this.ends[i] as number });
    }
    return out;
  }

  /**
   * Replaces the free intervals inside `[from, to)` by `pieces` (sorted, disjoint, inside it). Only
   * for spans no free interval crosses, such as the gap between two bookings' buffers.
   */
  replaceWithin(from: number, to: number, pieces: readonly Interval[]): void {
    const first = this.firstEndingAfter(from);
    let last = first;
    while (last < this.starts.length && (this.starts[last] as number) < to) last += 1;
    this.starts.splice(first, last - first, ...pieces.map((p) => p.start));
    this.ends.splice(first, last - first, ...pieces.map((p) => p.end));
  }
}

/** Sorts intervals and merges those that overlap or touch; drops empty and non-finite ones. */
export function normaliseIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter((i) => Number.isFinite(i.start) && Number.isFinite(i.end) && i.end > i.start)
    .map((i) => ({ start: i.start, end: i.end }))
    .sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && i.start <= prev.end) prev.end = Math.max(prev.end, i.end);
    else merged.push(i);
  }
  return merged;
}

/** The smallest multiple of `grid` at or after `t`. */
export const ceilToGrid = (t: number, grid: number): number => Math.ceil(t / grid) * grid;

/** The largest multiple of `grid` at or before `t`. */
export const floorToGrid = (t: number, grid: number): number => Math.floor(t / grid) * grid;
