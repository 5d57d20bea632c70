/**
 * The schedule being built by the fair allocator, with the repair move: a request that fits
 * nowhere may move one placed request out of its way, within that placed request's own windows.
 * @module
 */
import type { Interval } from './types.js';
import { ceilToGrid, floorToGrid, FreeTime } from './free-time.js';
import {
  book,
  bestFitPlacement,
  type Placement,
  type PreparedRequest,
  type PreparedRound,
} from './round.js';

/** A placed request. */
export interface PlacedRequest {
  readonly pr: PreparedRequest;
  machine: number;
  start: number;
  end: number;
}

/**
 * The schedule being built: free time and placed requests per machine, kept in step. They are
 * sorted by start (they never overlap, so by end too), which is what finding a placed request's
 * neighbours needs.
 */
export class Schedule {
  readonly free: FreeTime[];
  readonly placed: PlacedRequest[][];
  readonly all: PlacedRequest[] = [];

  constructor(readonly round: PreparedRound) {
    this.free = round.available.map((a) => new FreeTime(a));
    this.placed = round.available.map(() => []);
  }

  place(pr: PreparedRequest, machine: number, start: number): PlacedRequest {
    const b: PlacedRequest = { pr, machine, start, end: start + pr.durationMs };
    this.put(b);
    this.all.push(b);
    return b;
  }

  /** Books `b` where its fields say: free time and the machine's sorted list. */
  put(b: PlacedRequest): void {
    book(
      this.free[b.machine] as FreeTime,
      b.start,
      b.end,
      this.round.bufferMs[b.machine] as number,
    );
    const list = this.placed[b.machine] as PlacedRequest[];
    list.splice(this.firstEndingAfter(b.machine, b.start), 0, b);
  }

  /** Index of the first placed request of `machine` ending after `t`. */
  firstEndingAfter(machine: number, t: number): number {
    const list = this.placed[machine] as PlacedRequest[];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as PlacedRequest).end <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The free span placed request number `i` of `machine` would leave if it went away: from the
   * previous placed request's buffer (or the start of availability) to the next one's (or the end
   * of availability).
   */
  gapWithout(machine: number, i: number): Interval {
    const list = this.placed[machine] as PlacedRequest[];
    const b = list[i] as PlacedRequest;
    const buffer = this.round.bufferMs[machine] as number;
    const available = this.round.available[machine] as Interval[];
    let lo = 0;
    let hi = available.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((available[mid] as Interval).start <= b.start) lo = mid;
      else hi = mid - 1;
    }
    const open = available[lo] as Interval;
    const prev = list[i - 1];
    const next = list[i + 1];
    return {
      start: Math.max(open.start, prev === undefined ? -Infinity : prev.end + buffer),
      end: Math.min(open.end, next === undefined ? Infinity : next.start - buffer),
    };
  }

  /**
   * Tries to make room for `pr` by moving one placed request that blocks it: for each placed
   * request overlapping one of `pr`'s windows, if the gap it would leave holds `pr`, put `pr`
   * there and the moved placed request somewhere else it may go (its own windows and machines,
   * including what is left of that gap). Nobody loses a placed request; the moved one keeps its
   * machine kind, duration and windows.
   */
  placeByMoving(pr: PreparedRequest, minUsefulMs: number): boolean {
    const grid = this.round.gridMs;
    const d = pr.durationMs;
    for (const m of pr.machines) {
      const list = this.placed[m] as PlacedRequest[];
      const buffer = this.round.bufferMs[m] as number;
      for (const w of pr.windows) {
        for (let i = this.firstEndingAfter(m, w.start - buffer); i < list.length; i += 1) {
          const blocker = list[i] as PlacedRequest;
          if (blocker.start >= w.end + buffer) break;
          const gap = this.gapWithout(m, i);
          const lo = ceilToGrid(Math.max(gap.start, w.start), grid);
          const hi = Math.min(gap.end, w.end);
          if (lo + d > hi) continue;
          const late = floorToGrid(hi - d, grid);
          for (const s of late === lo ? [lo] : [lo, late]) {
            const moved =
              this.inGapBeside(blocker, gap, s, s + d, buffer) ??
              this.elsewhere(blocker, gap, minUsefulMs);
            // A place found elsewhere on this machine can still be within a buffer of `pr` when a
            // closure shorter than the buffer separates them: the only clash left to rule out.
            if (
              moved === undefined ||
              (moved.machine === m &&
                moved.start < s + d + buffer &&
                s < moved.start + blocker.pr.durationMs + buffer)
            )
              continue;
            // Commit: rebuild the gap as free, book `pr` in it, then the moved placed request where
            // it goes.
            list.splice(i, 1);
            (this.free[m] as FreeTime).replaceWithin(gap.start, gap.end, [gap]);
            const placed: PlacedRequest = { pr, machine: m, start: s, end: s + d };
            this.put(placed);
            this.all.push(placed);
            blocker.machine = moved.machine;
            blocker.start = moved.start;
            blocker.end = moved.start + blocker.pr.durationMs;
            this.put(blocker);
            this.version += 1;
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Bumped whenever free time grows (a move), which is what invalidates {@link elsewhereCache}. */
  private version = 0;
  private readonly elsewhereCache = new Map<
    PlacedRequest,
    { version: number; placement: Placement | undefined }
  >();

  /**
   * Where `b` could go outside `gap` (its own neighbourhood). Independent of what goes into the
   * gap, so it is cached until free time grows: most tries fail, and each would otherwise search
   * every machine of the moved placed request's kind again.
   */
  private elsewhere(b: PlacedRequest, gap: Interval, minUsefulMs: number): Placement | undefined {
    const cached = this.elsewhereCache.get(b);
    if (cached !== undefined && cached.version === this.version) return cached.placement;
    const placement = bestFitPlacement(this.round, this.free, b.pr, minUsefulMs, {
      machine: b.machine,
      from: gap.start,
      to: gap.end,
    });
    this.elsewhereCache.set(b, { version: this.version, placement });
    return placement;
  }

  /** The earliest start for `b` on its own machine in what `gap` keeps once `[start, end)` is booked there. */
  private inGapBeside(
    b: PlacedRequest,
    gap: Interval,
    start: number,
    end: number,
    buffer: number,
  ): Placement | undefined {
    const grid = this.round.gridMs;
    const d = b.pr.durationMs;
    const pieces = [
      { start: gap.start, end: start - buffer },
      { start: end + buffer, end: gap.end },
    ];
    for (const piece of pieces) {
      for (const w of b.pr.windows) {
        const s = ceilToGrid(Math.max(piece.start, w.start), grid);
        if (s + d <= Math.min(piece.end, w.end)) return { machine: b.machine, start: s };
      }
    }
    return undefined;
  }
}
