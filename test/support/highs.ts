/**
 * The HiGHS MIP solver (npm `highs`, WebAssembly) for the allocator's optimum. The package ships
 * an ES build whose default export is the loader, but its types describe a CommonJS module whose
 * `default` is the loader: accept both shapes.
 * @module
 */
import highs from 'highs';

type Loader = typeof highs.default;
const loader: Loader = typeof highs === 'function' ? (highs as unknown as Loader) : highs.default;

export type Highs = Awaited<ReturnType<Loader>>;

/** Loads the solver; `solve(lp)` solves a CPLEX LP-format model quietly. */
export async function loadHighs(): Promise<{
  solve: (lp: string, timeLimitS?: number) => unknown;
}> {
  const solver = await loader();
  return {
    solve: (lp, timeLimitS = 120) =>
      solver.solve(lp, { output_flag: false, time_limit: timeLimitS }),
  };
}
