/**
 * The contract's machine kinds and states as values, for the browser bundle.
 *
 * Why not import them from `@manufacto/firmware-profiles/contract`? Its index also re-exports the
 * zod message schemas, and since the package does not declare `"sideEffects": false` the bundler
 * keeps them: +95 kB of zod on a wall screen that validates nothing with it. The types still come
 * from the contract, the compiler checks that these lists name every member, and
 * `vocabulary.test.ts` checks they equal the contract's own lists, order included.
 * @module
 */
import type { MachineKind, MachineState } from '@manufacto/firmware-profiles/contract';

/** Fails to compile when `List` misses a member of `Union`. */
type Covers<Union, List extends readonly Union[]> = [Exclude<Union, List[number]>] extends [never]
  ? List
  : never;

const kinds = ['printer', 'laser', 'cnc', 'other'] as const;
const states = [
  'offline',
  'idle',
  'preparing',
  'running',
  'paused',
  'error',
  'maintenance',
] as const;

export const MACHINE_KINDS: Covers<MachineKind, typeof kinds> = kinds;
export const MACHINE_STATES: Covers<MachineState, typeof states> = states;

/** As the contract's `isBusy`: a job is under way. */
export function isBusy(state: MachineState): boolean {
  return state === 'preparing' || state === 'running' || state === 'paused';
}
