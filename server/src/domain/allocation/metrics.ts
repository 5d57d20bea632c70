/**
 * Evaluation of an allocation: how much was granted (satisfied demand, utilisation, requests
 * satisfied), how fairly (Jain's index over members' weighted shares), and whether it is valid at
 * all ({@link findViolations}, the invariant checker the tests and the benchmark run on every result).
 * @module
 */
import { MINUTE_MS, normaliseIntervals } from './free-time.js';
import type { AllocationInput, AllocationResult, Assignment, Interval } from './types.js';

export interface AllocationMetrics {
  /** Minutes asked for by valid requests (invalid ones are not demand, they are errors). */
  readonly requestedMin: number;
  readonly grantedMin: number;
  /** Bookable machine minutes in the round. */
  readonly availableMin: number;
  /** grantedMin / requestedMin, 0–1. */
  readonly satisfiedDemand: number;
  /** grantedMin / availableMin, 0–1 (buffers make 1 unreachable). */
  readonly utilisation: number;
  /**
   * Jain's index, 1/n–1, over each member's granted minutes divided by their weighted max-min fair
   * share of the minutes granted in total (see {@link weightedFairShares}). 1 means every member got
   * exactly what weighted max-min fairness would give them.
   */
  readonly jain: number;
  /** The worst-off member's granted / fair share, 0–1: what max-min fairness tries to raise. */
  readonly minFairRatio: number;
  /** Valid requests. */
  readonly requests: number;
  readonly requestsSatisfied: number;
  /** Members with some demand: those Jain's index is over. */
  readonly members: number;
}

/** Jain's fairness index `(Σx)² / (n·Σx²)`; 1 for an empty or all-zero list (nobody is favoured). */
export function jainIndex(xs: readonly number[]): number {
  let sum = 0;
  let squares = 0;
  for (const x of xs) {
    sum += x;
    squares += x * x;
  }
  return squares === 0 ? 1 : (sum * sum) / (xs.length * squares);
}

/**
 * Weighted max-min fair division ("water-filling") of `total` minutes among members with a demand
 * cap and a weight: every member gets `min(demand, weight · λ)` with λ such that the shares add up
 * to `total` (or everyone's demand, if smaller). Raw `granted / weight` would call a member unfairly
 * treated merely for asking little; dividing by this share does not.
 */
export function weightedFairShares(
  members: readonly { demand: number; weight: number }[],
  total: number,
): number[] {
  const order = members
    .map((_, i) => i)
    .sort((a, b) => {
      const ma = members[a] as { demand: number; weight: number };
      const mb = members[b] as { demand: number; weight: number };
      return ma.demand / ma.weight - mb.demand / mb.weight;
    });
  const shares = new Array<number>(members.length).fill(0);
  let remaining = total;
  let weightLeft = members.reduce((s, m) => s + m.weight, 0);
  for (const i of order) {
    const m = members[i] as { demand: number; weight: number };
    const level = weightLeft > 0 ? remaining / weightLeft : 0;
    const share = Math.min(m.demand, m.weight * level);
    shares[i] = share;
    remaining -= share;
    weightLeft -= m.weight;
  }
  return shares;
}

const minutes = (a: Assignment) => (a.end - a.start) / MINUTE_MS;

export function evaluate(input: AllocationInput, result: AllocationResult): AllocationMetrics {
  const invalid = new Set(
    result.unassigned.filter((u) => u.reason === 'invalid').map((u) => u.request),
  );
  const valid = input.requests.filter((r) => !invalid.has(r.id));
  const requestedMin = valid.reduce((s, r) => s + r.durationMin, 0);
  const grantedMin = result.assignments.reduce((s, a) => s + minutes(a), 0);
  const availableMin = input.machines.reduce(
    (s, m) =>
      s + normaliseIntervals(m.available).reduce((t, i) => t + (i.end - i.start) / MINUTE_MS, 0),
    0,
  );

  const asked = new Map<string, number>();
  for (const r of valid) asked.set(r.member, (asked.get(r.member) ?? 0) + r.durationMin);
  const granted = new Map<string, number>();
  for (const a of result.assignments)
    granted.set(a.member, (granted.get(a.member) ?? 0) + minutes(a));
  const members = input.members
    .map((m) => ({
      id: m.id,
      weight: m.weight,
      demand: Math.min(asked.get(m.id) ?? 0, m.quotaMin ?? Infinity),
    }))
    .filter((m) => m.demand > 0 && m.weight > 0);
  const shares = weightedFairShares(
    members,
    Math.min(
      grantedMin,
      members.reduce((s, m) => s + m.demand, 0),
    ),
  );
  const ratios = members.map((m, i) => {
    const share = shares[i] as number;
    return share > 0 ? (granted.get(m.id) ?? 0) / share : 0;
  });

  return {
    requestedMin,
    grantedMin,
    availableMin,
    satisfiedDemand: requestedMin > 0 ? grantedMin / requestedMin : 1,
    utilisation: availableMin > 0 ? grantedMin / availableMin : 0,
    jain: jainIndex(ratios),
    minFairRatio: ratios.length > 0 ? Math.min(1, ...ratios) : 1,
    requests: valid.length,
    requestsSatisfied: result.assignments.length,
    members: members.length,
  };
}

const inside = (s: number, e: number, intervals: readonly Interval[]) =>
  intervals.some((i) => i.start <= s && e <= i.end);
const iso = (t: number) => new Date(t).toISOString();

/**
 * Every broken invariant of `result`, as sentences (empty when valid): unknown or twice-assigned
 * requests, wrong machine or member, wrong duration, start off the grid, outside the request's
 * windows or the machine's availability, two bookings closer than the machine's buffer, quota
 * exceeded, requests neither assigned nor unassigned.
 */
export function findViolations(input: AllocationInput, result: AllocationResult): string[] {
  const out: string[] = [];
  const grid = input.granularityMin * MINUTE_MS;
  const machines = new Map(input.machines.map((m) => [m.id, m]));
  const requests = new Map(input.requests.map((r) => [r.id, r]));
  const members = new Map(input.members.map((m) => [m.id, m]));
  const seen = new Set<string>();
  const perMachine = new Map<string, Assignment[]>();
  const perMember = new Map<string, number>();

  for (const a of result.assignments) {
    const r = requests.get(a.request);
    const m = machines.get(a.machine);
    if (r === undefined) {
      out.push(`assignment for unknown request ${a.request}`);
      continue;
    }
    if (seen.has(a.request)) out.push(`request ${a.request} is assigned twice`);
    seen.add(a.request);
    if (m === undefined) {
      out.push(`request ${a.request} is on unknown machine ${a.machine}`);
      continue;
    }
    if (a.member !== r.member)
      out.push(`request ${a.request} is credited to ${a.member}, not ${r.member}`);
    if (
      r.machine !== undefined
        ? r.machine !== m.id
        : r.group !== undefined
          ? r.group !== m.group
          : r.kind !== m.kind
    )
      out.push(`request ${a.request} is on ${m.id}, which it did not ask for`);
    if (a.end - a.start !== r.durationMin * MINUTE_MS)
      out.push(
        `request ${a.request} lasts ${(a.end - a.start) / MINUTE_MS} min, not ${r.durationMin}`,
      );
    if (a.start % grid !== 0)
      out.push(
        `request ${a.request} starts off the ${input.granularityMin}-min grid at ${iso(a.start)}`,
      );
    if (!inside(a.start, a.end, normaliseIntervals(r.windows)))
      out.push(`request ${a.request} at ${iso(a.start)} is outside its windows`);
    if (!inside(a.start, a.end, normaliseIntervals(m.available)))
      out.push(`request ${a.request} at ${iso(a.start)} is outside ${m.id}'s availability`);
    const list = perMachine.get(m.id) ?? [];
    list.push(a);
    perMachine.set(m.id, list);
    perMember.set(a.member, (perMember.get(a.member) ?? 0) + r.durationMin);
  }

  for (const [id, list] of perMachine) {
    const buffer = Math.max(0, (machines.get(id)?.bufferMin ?? 0) * MINUTE_MS);
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i += 1) {
      const prev = list[i - 1] as Assignment;
      const next = list[i] as Assignment;
      if (prev.end + buffer > next.start)
        out.push(
          `${next.request} starts ${(next.start - prev.end) / MINUTE_MS} min after ${prev.request} ends on ${id} (buffer ${buffer / MINUTE_MS} min)`,
        );
    }
  }

  for (const [id, used] of perMember) {
    const quota = members.get(id)?.quotaMin;
    if (quota !== undefined && used > quota)
      out.push(`member ${id} got ${used} min, over their ${quota}-min quota`);
  }

  for (const u of result.unassigned) {
    if (!requests.has(u.request)) out.push(`unassigned entry for unknown request ${u.request}`);
    else if (seen.has(u.request)) out.push(`request ${u.request} is both assigned and unassigned`);
    seen.add(u.request);
  }
  for (const r of input.requests)
    if (!seen.has(r.id)) out.push(`request ${r.id} is neither assigned nor unassigned`);
  return out;
}
