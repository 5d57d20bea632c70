/**
 * Per-gateway sequence bookkeeping: drops a second copy of (gateway, seq) and counts gaps as
 * losses. A gateway's outbox resends what the broker did not acknowledge, and retained states are
 * delivered again to every new subscriber, so duplicates are normal; gaps are not.
 *
 * Pure data: a `GatewaySequence` per gateway, updated by `observe`. A window of recent numbers
 * below the highest one remembers which arrived, so a late message filling a gap is accepted and
 * the loss taken back.
 * @module
 */

/** How many numbers below the highest are remembered individually. */
export const SEQUENCE_WINDOW = 4096;

export interface GatewaySequence {
  /** Highest seq seen, -1 before the first. */
  readonly highest: number;
  /** Numbers in (highest - WINDOW, highest] that were seen. */
  readonly seen: ReadonlySet<number>;
  /** Numbers skipped and not (yet) arrived: lost unless they come late. */
  readonly losses: number;
  readonly duplicates: number;
}

export const emptySequence: GatewaySequence = { highest: -1, seen: new Set(), losses: 0, duplicates: 0 };

/** Restores from what the store kept (highest and losses); the window starts empty. */
export function restoredSequence(highest: number, losses: number): GatewaySequence {
  return { highest, seen: new Set(highest >= 0 ? [highest] : []), losses, duplicates: 0 };
}

export type Observation = 'new' | 'duplicate' | 'late';

export function observe(sequence: GatewaySequence, seq: number): { sequence: GatewaySequence; observation: Observation } {
  const { highest, seen } = sequence;
  if (seq > highest) {
    const next = new Set(seen);
    next.add(seq);
    const floor = seq - SEQUENCE_WINDOW;
    if (next.size > SEQUENCE_WINDOW) for (const n of next) if (n <= floor) next.delete(n);
    // Before the first message we know nothing of what came earlier: no losses to count.
    const skipped = highest < 0 ? 0 : seq - highest - 1;
    return { sequence: { ...sequence, highest: seq, seen: next, losses: sequence.losses + skipped }, observation: 'new' };
  }
  if (seq <= highest - SEQUENCE_WINDOW || seen.has(seq)) {
    // Outside the window we cannot tell: treat as a duplicate rather than count it twice.
    return { sequence: { ...sequence, duplicates: sequence.duplicates + 1 }, observation: 'duplicate' };
  }
  const next = new Set(seen);
  next.add(seq);
  return { sequence: { ...sequence, seen: next, losses: Math.max(0, sequence.losses - 1) }, observation: 'late' };
}
