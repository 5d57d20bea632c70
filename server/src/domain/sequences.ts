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

/**
 * One gateway's bookkeeping. `observe` updates it in place: copying a window of thousands of
 * numbers for every message would cost more than the rest of the ingest.
 */
export interface GatewaySequence {
  /** Highest seq seen, -1 before the first. */
  highest: number;
  /** Numbers seen in (highest - WINDOW, highest]; older ones are pruned now and then. */
  readonly seen: Set<number>;
  /** Numbers skipped and not (yet) arrived: lost unless they come late. */
  losses: number;
  duplicates: number;
}

export function emptySequence(): GatewaySequence {
  return { highest: -1, seen: new Set(), losses: 0, duplicates: 0 };
}

/** Restores from what the store kept (highest and losses); the window starts empty. */
export function restoredSequence(highest: number, losses: number): GatewaySequence {
  return { highest, seen: new Set(highest >= 0 ? [highest] : []), losses, duplicates: 0 };
}

export type Observation = 'new' | 'duplicate' | 'late';

export function observe(sequence: GatewaySequence, seq: number): Observation {
  const { highest, seen } = sequence;
  if (seq > highest) {
    // Before the first message we know nothing of what came earlier: no losses to count.
    if (highest >= 0) sequence.losses += seq - highest - 1;
    sequence.highest = seq;
    seen.add(seq);
    // Prune in one sweep once the set holds two windows: amortised O(1) per message.
    if (seen.size > 2 * SEQUENCE_WINDOW) {
      const floor = seq - SEQUENCE_WINDOW;
      for (const n of seen) if (n <= floor) seen.delete(n);
    }
    return 'new';
  }
  if (seq <= highest - SEQUENCE_WINDOW || seen.has(seq)) {
    // Outside the window we cannot tell: count it as a duplicate rather than twice.
    sequence.duplicates += 1;
    return 'duplicate';
  }
  seen.add(seq);
  sequence.losses = Math.max(0, sequence.losses - 1);
  return 'late';
}
