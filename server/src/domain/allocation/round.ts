/**
 * A booking round prepared for allocation — requests validated and indexed, free time per
 * machine — and the best-fit placement search the fair allocator and FCFS share.
 * @module
 */
import {
  MACHINE_KINDS,
  type AllocationInput,
  type AllocationMachine,
  type AllocationMember,
  type AllocationRequest,
  type AllocationResult,
  type Assignment,
  type Interval,
  type Unassigned,
  type UnassignedReason,
} from './types.js';
import {
  ceilToGrid,
  floorToGrid,
  type FreeTime,
  MINUTE_MS,
  normaliseIntervals,
} from './free-time.js';

export interface PreparedRequest {
  readonly request: AllocationRequest;
  /** Position in the input: the last tie-breaker, so results never depend on sort stability. */
  readonly index: number;
  readonly durationMs: number;
  /** Sorted, disjoint. */
  readonly windows: readonly Interval[];
  /** Indices into {@link PreparedRound.machines} the request may use, in input order. */
  readonly machines: readonly number[];
}

/** The validated round: what both allocators start from. */
export interface PreparedRound {
  readonly machines: readonly AllocationMachine[];
  /** Per machine: availability, sorted and merged. */
  readonly available: readonly (readonly Interval[])[];
  /** Per machine: buffer in ms (negative buffers count as none). */
  readonly bufferMs: readonly number[];
  readonly gridMs: number;
  readonly requests: readonly PreparedRequest[];
  readonly members: ReadonlyMap<string, AllocationMember>;
  /** Requests that no allocator can place: 'invalid' or 'no_machine_of_kind', by input index. */
  readonly rejected: ReadonlyMap<number, UnassignedReason>;
}

/**
 * Validates the round. Bad requests are rejected with a reason instead of throwing, so one malformed
 * request never blocks everyone else's round; a bad granularity is a configuration error and throws.
 */
export function prepareRound(input: AllocationInput): PreparedRound {
  if (!Number.isFinite(input.granularityMin) || input.granularityMin <= 0) {
    throw new RangeError(
      `granularityMin must be a positive number of minutes, got ${String(input.granularityMin)}`,
    );
  }
  const gridMs = input.granularityMin * MINUTE_MS;
  const machineIndex = new Map<string, number>();
  const byKind = new Map<string, number[]>();
  const byGroup = new Map<string, number[]>();
  input.machines.forEach((m, i) => {
    if (machineIndex.has(m.id)) return; // a duplicate id would make assignments ambiguous: first one wins
    machineIndex.set(m.id, i);
    byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), i]);
    if (m.group !== undefined) byGroup.set(m.group, [...(byGroup.get(m.group) ?? []), i]);
  });
  const members = new Map<string, AllocationMember>();
  for (const m of input.members) if (!members.has(m.id)) members.set(m.id, m);

  const requests: PreparedRequest[] = [];
  const rejected = new Map<number, UnassignedReason>();
  const seen = new Set<string>();
  input.requests.forEach((request, index) => {
    const reason = rejectReason(request, members, machineIndex, input.machines, seen);
    seen.add(request.id);
    if (reason !== undefined) {
      rejected.set(index, reason);
      return;
    }
    const machines =
      request.machine !== undefined
        ? [machineIndex.get(request.machine) as number]
        : request.group !== undefined
          ? (byGroup.get(request.group) ?? [])
          : (byKind.get(request.kind as string) ?? []);
    if (machines.length === 0) {
      rejected.set(index, 'no_machine_of_kind');
      return;
    }
    requests.push({
      request,
      index,
      durationMs: request.durationMin * MINUTE_MS,
      windows: normaliseIntervals(request.windows),
      machines,
    });
  });
  return {
    machines: input.machines,
    available: input.machines.map((m) => normaliseIntervals(m.available)),
    bufferMs: input.machines.map((m) =>
      Number.isFinite(m.bufferMin) && m.bufferMin > 0 ? m.bufferMin * MINUTE_MS : 0,
    ),
    gridMs,
    requests,
    members,
    rejected,
  };
}

function rejectReason(
  r: AllocationRequest,
  members: ReadonlyMap<string, AllocationMember>,
  machineIndex: ReadonlyMap<string, number>,
  machines: readonly AllocationMachine[],
  seen: ReadonlySet<string>,
): UnassignedReason | undefined {
  if (seen.has(r.id)) return 'invalid';
  const member = members.get(r.member);
  if (
    member === undefined ||
    !(Number.isFinite(member.weight) && member.weight > 0) ||
    Number.isNaN(member.quotaMin)
  )
    return 'invalid';
  if (!(Number.isFinite(r.durationMin) && r.durationMin > 0)) return 'invalid';
  if (!Array.isArray(r.windows) || r.windows.length === 0) return 'invalid';
  if (
    r.windows.some((w) => !(Number.isFinite(w.start) && Number.isFinite(w.end) && w.end > w.start))
  )
    return 'invalid';
  if (r.machine !== undefined) {
    const i = machineIndex.get(r.machine);
    if (i === undefined) return 'invalid';
    // Both given is accepted only when they agree; a mismatch is a client bug worth surfacing.
    if (r.kind !== undefined && machines[i]?.kind !== r.kind) return 'invalid';
    return undefined;
  }
  if (r.group !== undefined) return typeof r.group === 'string' ? undefined : 'invalid';
  if (r.kind === undefined || !MACHINE_KINDS.includes(r.kind)) return 'invalid';
  return undefined;
}

/**
 * Records a booking: the machine loses `[start − buffer, end + buffer)`, so whatever comes next,
 * before or after, keeps the buffer. Symmetric on purpose: checking "buffer after each booking"
 * from both sides is exactly that.
 */
export function book(free: FreeTime, start: number, end: number, bufferMs: number): void {
  free.reserve(start - bufferMs, end + bufferMs);
}

/** Assembles the result: assignments by start then machine, unassigned in input order. */
export function buildResult(
  round: PreparedRound,
  assignments: Assignment[],
  reasons: ReadonlyMap<number, UnassignedReason>,
  input: AllocationInput,
): AllocationResult {
  const unassigned: Unassigned[] = [];
  input.requests.forEach((r, i) => {
    const reason = round.rejected.get(i) ?? reasons.get(i);
    if (reason !== undefined) unassigned.push({ request: r.id, reason });
  });
  assignments.sort(
    (a, b) => a.start - b.start || (a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0),
  );
  return { assignments, unassigned };
}

/** Where a request goes; `machine` indexes {@link PreparedRound.machines}. */
export interface Placement {
  machine: number;
  start: number;
}

/**
 * Best-fit placement: among every feasible (machine, start), the one that wastes least. For each
 * free interval met inside a window only the two extreme grid starts are tried (earliest and
 * latest): that is where a leftover piece vanishes; the starts in between only cut the gap in two.
 * Ranking, most important first:
 * 1. minutes lost: buffer time the booking eats, plus pieces left shorter than `minUsefulMs`
 *    (no request can use them);
 * 2. free minutes left in that free interval (classic best-fit: fill the tightest gap);
 * 3. number of pieces left (0, 1 or 2: flush against a neighbour beats splitting a gap);
 * 4. earlier start, then machine order.
 *
 * `skip` leaves out the free intervals of one machine inside a span (a gap about to be rebuilt).
 */
export function bestFitPlacement(
  round: PreparedRound,
  free: readonly FreeTime[],
  pr: PreparedRequest,
  minUsefulMs: number,
  skip?: { machine: number; from: number; to: number },
): Placement | undefined {
  const grid = round.gridMs;
  const d = pr.durationMs;
  let bestMachine = -1;
  let bestStart = 0;
  let bestWaste = Infinity;
  let bestLeft = Infinity;
  let bestPieces = Infinity;
  for (const m of pr.machines) {
    const ft = free[m] as FreeTime;
    const buf = round.bufferMs[m] as number;
    for (const w of pr.windows) {
      for (let i = ft.firstEndingAfter(w.start); i < ft.length; i += 1) {
        const fs = ft.start(i);
        if (fs >= w.end) break;
        const fe = ft.end(i);
        if (skip !== undefined && skip.machine === m && fs >= skip.from && fe <= skip.to) continue;
        const lo = ceilToGrid(Math.max(fs, w.start), grid);
        const hi = Math.min(fe, w.end);
        if (lo + d > hi) continue;
        const late = floorToGrid(hi - d, grid);
        for (let k = 0; k < 2; k += 1) {
          const s = k === 0 ? lo : late;
          if (k === 1 && late === lo) break;
          const before = Math.max(0, s - buf - fs);
          const after = Math.max(0, fe - (s + d + buf));
          const left = before + after;
          // Buffer minutes this booking eats (0 when it fills the gap exactly, one buffer when flush).
          const overhead = fe - fs - d - left;
          const waste =
            overhead +
            (before > 0 && before < minUsefulMs ? before : 0) +
            (after > 0 && after < minUsefulMs ? after : 0);
          const pieces = (before > 0 ? 1 : 0) + (after > 0 ? 1 : 0);
          if (
            waste < bestWaste ||
            (waste === bestWaste &&
              (left < bestLeft ||
                (left === bestLeft &&
                  (pieces < bestPieces || (pieces === bestPieces && s < bestStart)))))
          ) {
            bestMachine = m;
            bestStart = s;
            bestWaste = waste;
            bestLeft = left;
            bestPieces = pieces;
          }
        }
      }
    }
  }
  return bestMachine < 0 ? undefined : { machine: bestMachine, start: bestStart };
}
