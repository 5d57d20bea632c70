/**
 * Allocator benchmark: the fair allocator against first-come-first-served on seeded contended weeks
 * (run time, satisfied demand, utilisation, Jain's index), and, when a MIP solver is given, the gap
 * between the fair allocation and the exact optimum of a small round.
 * Targets (read, not asserted): 10,000 requests over 100 machines in < 1 s; fair above FCFS on
 * Jain's index and not below it on satisfied demand.
 *
 * @example
 * import loadHighs from 'highs';
 * const highs = await loadHighs();
 * const figures = await benchAllocation((lp) => highs.solve(lp, { output_flag: false, time_limit: 120 }));
 * console.log(formatAllocationFigures(figures).join('\n'));
 * @module
 */
import { allocateFair } from '../../server/src/domain/allocation/allocate.js';
import { allocateFcfs } from '../../server/src/domain/allocation/fcfs.js';
import { evaluate, findViolations } from '../../server/src/domain/allocation/metrics.js';
import { buildOptimumModel, readOptimumSolution } from '../support/allocation-optimum.js';
import { syntheticRound } from '../../server/src/testing/synthetic-round.js';
import type {
  AllocationInput,
  AllocationResult,
} from '../../server/src/domain/allocation/types.js';

export interface AllocatorFigure {
  /** Median of three warm runs. */
  ms: number;
  /** First run, JIT still cold: what a server sees once a week. */
  coldMs: number;
  satisfiedDemand: number;
  utilisation: number;
  jain: number;
  requestsSatisfied: number;
  /** Broken invariants (overlap, buffer, windows, grid, quota): must be 0. */
  violations: number;
}

export interface AllocationScenario {
  name: string;
  requests: number;
  machines: number;
  members: number;
  /** Requested / bookable minutes. */
  demandFactor: number;
  fair: AllocatorFigure;
  fcfs: AllocatorFigure;
}

export interface OptimumGap {
  seed: number;
  requests: number;
  machines: number;
  candidates: number;
  solveMs: number;
  /** False when the solver stopped early (then `optimumMin` is only the best found). */
  optimal: boolean;
  optimumMin: number;
  fairMin: number;
  fcfsMin: number;
  /** 1 − fair / optimum. */
  fairGap: number;
  fcfsGap: number;
  /** Jain's index of each: the optimum maximises minutes, not fairness, so it is usually the least fair. */
  optimumJain: number;
  fairJain: number;
  fcfsJain: number;
}

export interface AllocationFigures {
  scenarios: AllocationScenario[];
  /** Present when a solver was given. */
  optimum?: OptimumGap[];
}

const SCENARIOS = [
  { name: '1,000 requests / 20 machines', requests: 1_000, machines: 20, seed: 2026 },
  { name: '10,000 requests / 100 machines', requests: 10_000, machines: 100, seed: 2027 },
];
/** Small enough for an exact MIP in seconds: one day, 30 requests, 4 machines, 12 members. */
const SMALL = { requests: 30, machines: 4, days: 1, members: 12 };
const SMALL_SEEDS = [1, 2, 3];

function measure(
  input: AllocationInput,
  allocate: (i: AllocationInput) => AllocationResult,
): AllocatorFigure {
  let start = performance.now();
  const result = allocate(input);
  const coldMs = performance.now() - start;
  const times: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    start = performance.now();
    allocate(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const m = evaluate(input, result);
  return {
    ms: times[1] as number,
    coldMs,
    satisfiedDemand: m.satisfiedDemand,
    utilisation: m.utilisation,
    jain: m.jain,
    requestsSatisfied: m.requestsSatisfied,
    violations: findViolations(input, result).length,
  };
}

/**
 * Runs the scenarios; with `solve` (highs' `solve`, sync or async), also the optimum gaps.
 * FCFS runs first on each instance so that the fair allocator does not get a warmer JIT for free.
 */
export async function benchAllocation(solve?: (lp: string) => unknown): Promise<AllocationFigures> {
  const scenarios: AllocationScenario[] = [];
  for (const s of SCENARIOS) {
    const { input, meta } = syntheticRound({
      seed: s.seed,
      requests: s.requests,
      machines: s.machines,
    });
    const fcfs = measure(input, allocateFcfs);
    const fair = measure(input, allocateFair);
    scenarios.push({
      name: s.name,
      requests: s.requests,
      machines: s.machines,
      members: input.members.length,
      demandFactor: meta.demandFactor,
      fair,
      fcfs,
    });
  }
  if (solve === undefined) return { scenarios };

  const optimum: OptimumGap[] = [];
  for (const seed of SMALL_SEEDS) {
    const { input } = syntheticRound({ seed, ...SMALL });
    const model = buildOptimumModel(input);
    const start = performance.now();
    const answer =
      model.candidates.length === 0 ? { Status: 'Optimal', Columns: {} } : await solve(model.lp);
    const solveMs = performance.now() - start;
    const best = readOptimumSolution(model, input, answer);
    const fair = evaluate(input, allocateFair(input));
    const fcfs = evaluate(input, allocateFcfs(input));
    const gap = (min: number) => (best.grantedMin > 0 ? 1 - min / best.grantedMin : 0);
    optimum.push({
      seed,
      requests: SMALL.requests,
      machines: SMALL.machines,
      candidates: model.candidates.length,
      solveMs,
      optimal: best.optimal,
      optimumMin: best.grantedMin,
      fairMin: fair.grantedMin,
      fcfsMin: fcfs.grantedMin,
      fairGap: gap(fair.grantedMin),
      fcfsGap: gap(fcfs.grantedMin),
      optimumJain: evaluate(input, best).jain,
      fairJain: fair.jain,
      fcfsJain: fcfs.jain,
    });
  }
  return { scenarios, optimum };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The figures as the lines `npm run bench` prints. */
export function formatAllocationFigures(f: AllocationFigures): string[] {
  const lines = ['allocator  ms (cold)        satisfied  utilisation  Jain   requests  violations'];
  for (const s of f.scenarios) {
    lines.push(`${s.name}, ${s.members} members, demand ${s.demandFactor.toFixed(2)}× capacity`);
    for (const [name, a] of [
      ['fair', s.fair],
      ['fcfs', s.fcfs],
    ] as const) {
      lines.push(
        `${name.padEnd(9)}  ${a.ms.toFixed(0).padStart(5)} (${a.coldMs.toFixed(0).padStart(5)})  ${pct(a.satisfiedDemand).padStart(9)}  ${pct(a.utilisation).padStart(11)}  ${a.jain.toFixed(3)}  ${String(a.requestsSatisfied).padStart(8)}  ${String(a.violations).padStart(10)}`,
      );
    }
  }
  for (const o of f.optimum ?? []) {
    lines.push(
      `optimum seed ${o.seed} (${o.requests} requests, ${o.machines} machines, ${o.candidates} candidates): ${o.optimumMin} min${o.optimal ? '' : ' (not proven optimal)'} in ${o.solveMs.toFixed(0)} ms, Jain ${o.optimumJain.toFixed(3)}; fair ${o.fairMin} min (gap ${pct(o.fairGap)}, Jain ${o.fairJain.toFixed(3)}), FCFS ${o.fcfsMin} min (gap ${pct(o.fcfsGap)}, Jain ${o.fcfsJain.toFixed(3)})`,
    );
  }
  return lines;
}
