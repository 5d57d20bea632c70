/**
 * Exact optimum of a small round, to measure how far the heuristics are from the best packing.
 * Builds a CPLEX-LP-format MIP — one binary variable per (request, machine, grid start) candidate;
 * each request at most once; on each machine, no two chosen candidates closer than its buffer;
 * each member within their quota; maximise granted minutes — hands it to a solver given as a
 * parameter, and reads the solution back.
 *
 * The solver is injected so this module stays pure and dependency-free; it expects the shape of
 * `highs.solve(lpText, options)` from the `highs` npm package (HiGHS compiled to WebAssembly):
 * `{ Status: 'Optimal' | …, ObjectiveValue?: number, Columns: { [name]: { Primal?: number } } }`.
 * The model grows with (requests × machines × grid starts in windows): keep it to tens of requests.
 *
 * @example
 * import loadHighs from 'highs';
 * const highs = await loadHighs();
 * const best = solveOptimum(input, (lp) => highs.solve(lp, { output_flag: false, time_limit: 60 }));
 * @module
 */
import { ceilToGrid, MINUTE_MS } from '../../server/src/domain/allocation/free-time.js';
import {
  buildResult,
  prepareRound,
  type PreparedRound,
} from '../../server/src/domain/allocation/round.js';
import type {
  AllocationInput,
  AllocationMachine,
  AllocationResult,
  Assignment,
  Interval,
  UnassignedReason,
} from '../../server/src/domain/allocation/types.js';

/** Solves CPLEX-LP text; its answer is read as highs' `solve` output (checked at run time). */
export type LpSolve = (lpText: string) => unknown;

/** One binary variable of the model: request `request` (prepared index) on `machine` at `start`. */
export interface Candidate {
  readonly request: number;
  readonly machine: number;
  readonly start: number;
  readonly end: number;
}

export interface OptimumModel {
  /** The model in CPLEX LP format; variable `x<k>` is `candidates[k]`. */
  readonly lp: string;
  readonly candidates: readonly Candidate[];
  readonly constraints: number;
  readonly round: PreparedRound;
}

export interface OptimumResult extends AllocationResult {
  /** highs' model status, e.g. 'Optimal' or 'Time limit reached' (then the best found so far). */
  readonly status: string;
  readonly optimal: boolean;
  readonly grantedMin: number;
}

export interface OptimumOptions {
  /** Refuse models with more binary variables than this (default 100,000): the MIP would not finish. */
  maxCandidates?: number;
}

/** Intersection of two sorted, disjoint interval lists. */
function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i += 1;
    else j += 1;
  }
  return out;
}

/** `coef x12 + coef x13 …` wrapped every few terms: LP files are read line by line, keep lines short. */
function sum(terms: readonly (readonly [coef: number, k: number])[]): string {
  const parts = terms.map(([c, k], i) => `${i > 0 ? '+ ' : ''}${c === 1 ? '' : `${c} `}x${k}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 12) lines.push(parts.slice(i, i + 12).join(' '));
  return lines.join('\n   ');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function buildOptimumModel(
  input: AllocationInput,
  options: OptimumOptions = {},
): OptimumModel {
  const round = prepareRound(input);
  const max = options.maxCandidates ?? 100_000;
  const grid = round.gridMs;
  const candidates: Candidate[] = [];
  round.requests.forEach((pr, r) => {
    for (const m of pr.machines) {
      for (const slot of intersect(round.available[m] as Interval[], pr.windows)) {
        for (let s = ceilToGrid(slot.start, grid); s + pr.durationMs <= slot.end; s += grid) {
          candidates.push({ request: r, machine: m, start: s, end: s + pr.durationMs });
          if (candidates.length > max)
            throw new RangeError(
              `the exact optimum needs more than ${max} candidates: use a smaller instance`,
            );
        }
      }
    }
  });

  const rows: string[] = [];
  // Each request at most once.
  const perRequest = new Map<number, number[]>();
  for (const [k, c] of candidates.entries()) push(perRequest, c.request, k);
  for (const [r, ks] of perRequest)
    if (ks.length > 1) rows.push(` r${r}: ${sum(ks.map((k) => [1, k]))} <= 1`);

  // No overlap on a machine, buffer included: a candidate occupies [start, end + buffer). Those
  // intervals form an interval graph, whose maximal cliques are the sets alive just before one
  // ends; one "≤ 1" row per maximal clique is the tightest and smallest formulation.
  round.machines.forEach((_, m) => {
    const buffer = round.bufferMs[m] as number;
    const onMachine = candidates.map((c, k) => ({ c, k })).filter(({ c }) => c.machine === m);
    onMachine.sort((a, b) => a.c.start - b.c.start || a.k - b.k);
    let active: { c: Candidate; k: number }[] = [];
    let grown = false;
    let clique = 0;
    const emit = () => {
      if (grown && active.length > 1)
        rows.push(` m${m}c${clique++}: ${sum(active.map(({ k }) => [1, k]))} <= 1`);
      grown = false;
    };
    for (let i = 0; i < onMachine.length; ) {
      const t = (onMachine[i] as { c: Candidate }).c.start;
      const still = active.filter(({ c }) => c.end + buffer > t);
      if (still.length < active.length) emit();
      active = still;
      for (; i < onMachine.length && (onMachine[i] as { c: Candidate }).c.start === t; i += 1)
        active.push(onMachine[i] as { c: Candidate; k: number });
      grown = true;
    }
    emit();
  });

  // Quotas, only for members who asked for more than theirs.
  const perMember = new Map<string, [number, number][]>();
  candidates.forEach((c, k) => {
    const member = (round.requests[c.request] as { request: { member: string } }).request.member;
    push(perMember, member, [(c.end - c.start) / MINUTE_MS, k]);
  });
  let q = 0;
  for (const [id, terms] of perMember) {
    const quota = round.members.get(id)?.quotaMin;
    if (quota === undefined) continue;
    const asked = round.requests
      .filter((pr) => pr.request.member === id)
      .reduce((s, pr) => s + pr.request.durationMin, 0);
    if (asked > quota) rows.push(` q${q++}: ${sum(terms)} <= ${Math.max(0, quota)}`);
  }

  const lines = [
    `\\ Manufacto booking round, exact optimum: ${candidates.length} candidates, ${round.requests.length} requests, ${round.machines.length} machines`,
    'Maximize',
    ` obj: ${sum(candidates.map((c, k) => [(c.end - c.start) / MINUTE_MS, k]))}`,
  ];
  if (rows.length > 0) lines.push('Subject To', ...rows);
  if (candidates.length > 0) {
    lines.push('Binary');
    for (let k = 0; k < candidates.length; k += 20)
      lines.push(
        ` ${candidates
          .slice(k, k + 20)
          .map((_, i) => `x${k + i}`)
          .join(' ')}`,
      );
  }
  lines.push('End', '');
  return { lp: lines.join('\n'), candidates, constraints: rows.length, round };
}

/** Statuses after which highs still reports the best solution found so far. */
const INCUMBENT_STATUSES = new Set([
  'Time limit reached',
  'Iteration limit reached',
  'Bound on objective reached',
  'Target for objective reached',
  'Interrupted by user',
]);

/**
 * Reads highs' answer back into assignments. Throws when the solver reports no solution, or when the
 * chosen candidates break a constraint (a malformed or mismatched answer must not pass for an optimum).
 */
export function readOptimumSolution(
  model: OptimumModel,
  input: AllocationInput,
  answer: unknown,
): OptimumResult {
  if (
    typeof answer !== 'object' ||
    answer === null ||
    typeof (answer as { Status?: unknown }).Status !== 'string'
  ) {
    throw new TypeError('the solver answer has no Status: expected the output of highs.solve()');
  }
  const { Status: status, Columns: columns } = answer as {
    Status: string;
    Columns?: Record<string, { Primal?: unknown } | undefined>;
  };
  const optimal = status === 'Optimal';
  if (!optimal && !INCUMBENT_STATUSES.has(status))
    throw new Error(`the solver found no solution: ${status}`);
  if (typeof columns !== 'object' || columns === null)
    throw new TypeError('the solver answer has no Columns');

  const { round, candidates } = model;
  const chosen = candidates.filter((_, k) => {
    const primal = columns[`x${k}`]?.Primal;
    return typeof primal === 'number' && primal > 0.5;
  });
  const assignments: Assignment[] = [];
  const placed = new Set<number>();
  const grantedBy = new Map<string, number>();
  for (const c of chosen) {
    if (placed.has(c.request)) throw new Error('the solver chose one request twice');
    placed.add(c.request);
    const pr = round.requests[c.request] as (typeof round.requests)[number];
    assignments.push({
      request: pr.request.id,
      member: pr.request.member,
      machine: (round.machines[c.machine] as AllocationMachine).id,
      start: c.start,
      end: c.end,
    });
    grantedBy.set(
      pr.request.member,
      (grantedBy.get(pr.request.member) ?? 0) + pr.request.durationMin,
    );
  }
  const byMachine = [...chosen].sort((a, b) => a.machine - b.machine || a.start - b.start);
  for (let i = 1; i < byMachine.length; i += 1) {
    const prev = byMachine[i - 1] as Candidate;
    const next = byMachine[i] as Candidate;
    if (
      prev.machine === next.machine &&
      prev.end + (round.bufferMs[next.machine] as number) > next.start
    )
      throw new Error('the solver chose two overlapping bookings');
  }

  const reasons = new Map<number, UnassignedReason>();
  round.requests.forEach((pr, r) => {
    if (placed.has(r)) return;
    const quota = round.members.get(pr.request.member)?.quotaMin;
    const over =
      quota !== undefined &&
      (grantedBy.get(pr.request.member) ?? 0) + pr.request.durationMin > quota;
    reasons.set(pr.index, over ? 'quota' : 'no_capacity');
  });
  const result = buildResult(round, assignments, reasons, input);
  const grantedMin = assignments.reduce((s, a) => s + (a.end - a.start) / MINUTE_MS, 0);
  // A mismatch means the answer is for another model (or columns were renamed): refuse it.
  const objective = (answer as { ObjectiveValue?: unknown }).ObjectiveValue;
  if (
    typeof objective === 'number' &&
    Number.isFinite(objective) &&
    Math.abs(objective - grantedMin) > 0.5
  ) {
    throw new Error(
      `the solver's objective (${objective}) does not match its chosen bookings (${grantedMin} min)`,
    );
  }
  return { ...result, status, optimal, grantedMin };
}

/** Builds the model, solves it with `solve` (e.g. `highs.solve`), reads the optimum back. */
export function solveOptimum(
  input: AllocationInput,
  solve: LpSolve,
  options: OptimumOptions = {},
): OptimumResult {
  const model = buildOptimumModel(input, options);
  // Nothing to choose from: no model to send (an empty objective is not valid LP).
  if (model.candidates.length === 0)
    return readOptimumSolution(model, input, { Status: 'Optimal', Columns: {} });
  return readOptimumSolution(model, input, solve(model.lp));
}
