/**
 * Per-gateway sequence bookkeeping: drops a second copy of (gateway, seq) and counts gaps as
 * losses. A gateway's outbox resends what the broker did not acknowledge, and retained states are
 * delivered again to every new subscriber, so duplicates are normal; gaps are not.
 *
 * Pure data: a `GatewaySequence` per gateway, updated by `observe`. A window of recent numbers
 * below the highest one remembers which arrived, so a late message filling a gap is accepted and
 * the loss taken back.
 *
 * Epochs: each gateway outbox has an id made when it is created (a new install, or a new data
 * folder). Its sequence starts again at 0 there, which would otherwise read as duplicates of
 * everything already seen: a message of a new epoch starts a new count (losses are counted per
 * epoch, and in total); messages of an epoch already left behind are duplicates.
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
  /**
   * Which numbers in (highest - WINDOW, highest] arrived: 1 at `n % WINDOW` for each. A ring, not
   * a Set of numbers: adding each message's number to a Set and sweeping it was 2.5 % of the
   * server's busy time under load.
   */
  readonly seen: Uint8Array;
  /** Numbers skipped and not (yet) arrived: lost unless they come late. */
  losses: number;
  duplicates: number;
  /** The outbox's epoch the numbers belong to (undefined: a gateway that sends none). */
  epoch: string | undefined;
  /** Losses within the current epoch (`losses` adds up every epoch). */
  epochLosses: number;
  /** Epochs left behind, newest last (a few, in memory only). */
  readonly retired: string[];
}

/** How many past epochs are remembered, so that a late copy from one does not restart a count. */
const RETIRED_EPOCHS = 8;

export function emptySequence(): GatewaySequence {
  return {
    highest: -1,
    seen: new Uint8Array(SEQUENCE_WINDOW),
    losses: 0,
    duplicates: 0,
    epoch: undefined,
    epochLosses: 0,
    retired: [],
  };
}

/** Restores from what the store kept (highest, losses, epoch); the window starts empty. */
export function restoredSequence(
  highest: number,
  losses: number,
  epoch?: string | null,
  epochLosses = 0,
): GatewaySequence {
  const seen = new Uint8Array(SEQUENCE_WINDOW);
  if (highest >= 0) seen[highest % SEQUENCE_WINDOW] = 1;
  return {
    ...emptySequence(),
    highest,
    seen,
    losses,
    epoch: epoch ?? undefined,
    epochLosses,
  };
}

/** `epoch`: the first message of a new epoch (a reinstalled gateway), counted from scratch. */
export type Observation = 'new' | 'duplicate' | 'late' | 'epoch';

export function observe(sequence: GatewaySequence, seq: number, epoch?: string): Observation {
  if (epoch !== undefined && epoch !== sequence.epoch) {
    if (sequence.retired.includes(epoch)) {
      sequence.duplicates += 1;
      return 'duplicate';
    }
    const first = sequence.epoch === undefined && sequence.highest < 0;
    if (sequence.epoch !== undefined) {
      sequence.retired.push(sequence.epoch);
      if (sequence.retired.length > RETIRED_EPOCHS) sequence.retired.shift();
    }
    sequence.epoch = epoch;
    if (!first) {
      sequence.highest = -1;
      sequence.seen.fill(0);
      sequence.epochLosses = 0;
      observeNumber(sequence, seq);
      return 'epoch';
    }
  }
  return observeNumber(sequence, seq);
}

function observeNumber(sequence: GatewaySequence, seq: number): Exclude<Observation, 'epoch'> {
  const { highest, seen } = sequence;
  if (seq > highest) {
    // Before the first message we know nothing of what came earlier: no losses to count.
    if (highest >= 0) {
      sequence.losses += seq - highest - 1;
      sequence.epochLosses += seq - highest - 1;
    }
    // The slots between held numbers a window older, forgotten now; then this one.
    if (highest < 0 || seq - highest >= SEQUENCE_WINDOW) seen.fill(0);
    else for (let n = highest + 1; n < seq; n += 1) seen[n % SEQUENCE_WINDOW] = 0;
    seen[seq % SEQUENCE_WINDOW] = 1;
    sequence.highest = seq;
    return 'new';
  }
  if (seq <= highest - SEQUENCE_WINDOW || seen[seq % SEQUENCE_WINDOW] === 1) {
    // Outside the window we cannot tell: count it as a duplicate rather than twice.
    sequence.duplicates += 1;
    return 'duplicate';
  }
  seen[seq % SEQUENCE_WINDOW] = 1;
  sequence.losses = Math.max(0, sequence.losses - 1);
  sequence.epochLosses = Math.max(0, sequence.epochLosses - 1);
  return 'late';
}
