/**
 * One poll clock for every serial machine: the machines polled at the same rate share one timer,
 * so all their polls go out in the same event-loop turn. Sixteen timers of their own fired at
 * sixteen moments of each period, each a wake-up for one write; on one clock the machines' answers
 * also come back together, and the outbox commits them in one transaction and the publisher sends
 * them in one socket write (`outbox.ts`, `publisher.ts`).
 * @module
 */

export interface PollClock {
  /** Calls `fn` every `periodMs`, with the others of that period; returns the way to stop. */
  every(periodMs: number, fn: () => void): () => void;
}

interface Beat {
  readonly timer: NodeJS.Timeout;
  readonly listeners: Set<() => void>;
}

export function createPollClock(): PollClock {
  const beats = new Map<number, Beat>();
  return {
    every(periodMs, fn) {
      let beat = beats.get(periodMs);
      if (!beat) {
        const listeners = new Set<() => void>();
        const timer = setInterval(() => {
          // A copy: a listener that stops (its port went) or a runner that starts must not skew the round.
          for (const listener of [...listeners]) listener();
        }, periodMs);
        timer.unref();
        beat = { timer, listeners };
        beats.set(periodMs, beat);
      }
      // A wrapper per subscription, so the same function can be subscribed twice and stopped once.
      const entry = () => fn();
      beat.listeners.add(entry);
      const own = beat;
      return () => {
        own.listeners.delete(entry);
        if (own.listeners.size === 0 && beats.get(periodMs) === own) {
          clearInterval(own.timer);
          beats.delete(periodMs);
        }
      };
    },
  };
}

/** The process's clock: every runner made without one of its own polls on it. */
export const sharedPollClock: PollClock = createPollClock();
