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

export interface PollClockOptions {
  /** Where a listener's throw is told; the others of its round are still called. */
  readonly log?: (line: string) => void;
}

export function createPollClock(options: PollClockOptions = {}): PollClock {
  const log = options.log ?? ((line: string) => console.error(line));
  const beats = new Map<number, Beat>();
  return {
    every(periodMs, fn) {
      let beat = beats.get(periodMs);
      if (!beat) {
        const listeners = new Set<() => void>();
        // Listeners whose last call threw: told once, not five times a second.
        const throwing = new WeakSet<() => void>();
        const timer = setInterval(() => {
          // A copy, so that a runner started during the round waits for the next one; and a
          // listener stopped by an earlier one of the round (its port went) is not called after its
          // stop(). One listener's throw must not cost the others their poll.
          for (const listener of [...listeners]) {
            if (!listeners.has(listener)) continue;
            try {
              listener();
              throwing.delete(listener);
            } catch (error) {
              if (throwing.has(listener)) continue;
              throwing.add(listener);
              log(
                `poll clock: a ${periodMs} ms poll threw (told once while it keeps throwing): ${describe(error)}`,
              );
            }
          }
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

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The process's clock: every runner made without one of its own polls on it. */
export const sharedPollClock: PollClock = createPollClock();
