/**
 * A small deterministic generator (mulberry32) for simulators, tests and benchmarks: the same seed
 * gives the same workshop on every machine. The server's allocator keeps its own copy
 * (`server/src/testing/synthetic-round.ts`): the server does not import test code.
 * @module
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
