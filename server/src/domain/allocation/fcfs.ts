/**
 * First-come-first-served allocation: the baseline the fair allocator is measured against, and what
 * a booking calendar without a round does. Requests are taken in submission order and each goes to
 * its earliest feasible start on any acceptable machine; same constraints as the fair allocator
 * (buffers, windows, availability, grid, quotas).
 * @module
 */
import { ceilToGrid, FreeTime } from './free-time.js';
import {
  book,
  buildResult,
  prepareRound,
  type Placement,
  type PreparedRequest,
  type PreparedRound,
} from './round.js';
import type {
  AllocationInput,
  AllocationMachine,
  AllocationResult,
  Assignment,
  UnassignedReason,
} from './types.js';

/** Earliest feasible start over the request's machines; on a tie, the machine listed first. */
export function earliestPlacement(
  round: PreparedRound,
  free: readonly FreeTime[],
  pr: PreparedRequest,
): Placement | undefined {
  const grid = round.gridMs;
  const d = pr.durationMs;
  let best: Placement | undefined;
  for (const m of pr.machines) {
    const ft = free[m] as FreeTime;
    // Windows are sorted, so the first fit on a machine is its earliest; stop once past the best so far.
    search: for (const w of pr.windows) {
      if (best !== undefined && w.start >= best.start) break;
      for (let i = ft.firstEndingAfter(w.start); i < ft.length; i += 1) {
        const fs = ft.start(i);
        if (fs >= w.end || (best !== undefined && fs >= best.start)) break search;
        const s = ceilToGrid(Math.max(fs, w.start), grid);
        if (s + d <= Math.min(ft.end(i), w.end)) {
          if (best === undefined || s < best.start) best = { machine: m, start: s };
          break search;
        }
      }
    }
  }
  return best;
}

export function allocateFcfs(input: AllocationInput): AllocationResult {
  const round = prepareRound(input);
  const free = round.available.map((a) => new FreeTime(a));
  const reasons = new Map<number, UnassignedReason>();
  const assignments: Assignment[] = [];
  const quotaLeft = new Map<string, number>();
  for (const m of round.members.values())
    quotaLeft.set(m.id, m.quotaMin === undefined ? Infinity : Math.max(0, m.quotaMin));

  const order = [...round.requests].sort(
    (a, b) => a.request.submittedAt - b.request.submittedAt || a.index - b.index,
  );
  for (const pr of order) {
    const left = quotaLeft.get(pr.request.member) as number;
    if (pr.request.durationMin > left) {
      reasons.set(pr.index, 'quota');
      continue;
    }
    const p = earliestPlacement(round, free, pr);
    if (p === undefined) {
      reasons.set(pr.index, 'no_capacity');
      continue;
    }
    const end = p.start + pr.durationMs;
    book(free[p.machine] as FreeTime, p.start, end, round.bufferMs[p.machine] as number);
    assignments.push({
      request: pr.request.id,
      member: pr.request.member,
      machine: (round.machines[p.machine] as AllocationMachine).id,
      start: p.start,
      end,
    });
    quotaLeft.set(pr.request.member, left - pr.request.durationMin);
  }
  return buildResult(round, assignments, reasons, input);
}
