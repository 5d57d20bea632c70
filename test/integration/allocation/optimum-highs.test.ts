/**
 * The allocator's optimum model solved by the real HiGHS solver (npm `highs`, WebAssembly): the
 * optimum is a valid schedule and no heuristic beats it on granted minutes.
 */
import { describe, expect, it } from 'vitest';
import { allocateFair } from '../../../server/src/domain/allocation/allocate.js';
import { allocateFcfs } from '../../../server/src/domain/allocation/fcfs.js';
import { evaluate, findViolations } from '../../../server/src/domain/allocation/metrics.js';
import { solveOptimum } from '../../support/allocation-optimum.js';
import { syntheticRound } from '../../../server/src/testing/synthetic-round.js';
import { loadHighs } from '../../support/highs.js';

describe('optimum by HiGHS', () => {
  it('finds a valid schedule granting at least as much as the fair allocator and FCFS', async () => {
    const highs = await loadHighs();
    for (const seed of [4, 5]) {
      const { input } = syntheticRound({ seed, requests: 20, machines: 3, days: 1, members: 8 });
      const optimum = solveOptimum(input, (lp) => highs.solve(lp, 60));
      expect(findViolations(input, optimum)).toEqual([]);
      const granted = (r: ReturnType<typeof allocateFair>) =>
        r.assignments.reduce((s, a) => s + (a.end - a.start), 0);
      expect(granted(optimum)).toBeGreaterThanOrEqual(granted(allocateFair(input)));
      expect(granted(optimum)).toBeGreaterThanOrEqual(granted(allocateFcfs(input)));
      expect(evaluate(input, optimum).satisfiedDemand).toBeGreaterThan(0);
    }
  });
});
