/**
 * Rate limits kept in memory (one server process): failures back off exponentially per key
 * (login: email + client address), and a token bucket caps a caller's bookings per minute.
 * @module
 */

import { backoff } from '../domain/retry/backoff.js';

export interface FailureLimiter {
  /** ms to wait before the next attempt, 0 when allowed. */
  check(key: string): number;
  failure(key: string, free?: number): void;
  success(key: string): void;
  /**
   * Counts an attempt before it is checked, so parallel attempts cannot all slip through: ms to
   * wait (nothing counted) or 0, and then `done(ok)` once the answer is known. `free` lowers the
   * free attempts of this key (an account under attack). `keep`: a success does not forget the
   * key's failures (they age out `forgetAfterMs` after the last one): where any caller's right
   * answer is at hand (a member's own code typed on a shared gateway), forgetting on success
   * would let them guess between two of their own codes without end.
   */
  begin(
    key: string,
    free?: number,
    options?: { keep?: { forgetAfterMs: number } },
  ): { wait: number; done: (ok: boolean) => void };
}

/** After `free` failures, each further one doubles the wait (1 s, 2 s, 4 s … up to `maxMs`). */
export function failureLimiter(
  options: { free?: number; maxMs?: number; clock?: () => number } = {},
): FailureLimiter {
  const free = options.free ?? 5;
  const maxMs = options.maxMs ?? 15 * 60_000;
  const clock = options.clock ?? Date.now;
  const state = new Map<
    string,
    { failures: number; until: number; pending: number; last: number; forgetAfterMs: number }
  >();
  const entry = (key: string) => {
    let s = state.get(key);
    // Failures kept past successes age out once the key has been quiet long enough.
    if (s && s.pending === 0 && s.failures > 0 && clock() - s.last >= s.forgetAfterMs) {
      state.delete(key);
      s = undefined;
    }
    if (!s) {
      s = { failures: 0, until: 0, pending: 0, last: 0, forgetAfterMs: Number.POSITIVE_INFINITY };
      state.set(key, s);
      // Bound memory under a spray of keys: forget the oldest.
      if (state.size > 100_000) state.delete(state.keys().next().value!);
    }
    return s;
  };
  const check = (key: string) => {
    const s = state.get(key);
    return s ? Math.max(0, s.until - clock()) : 0;
  };
  const failure = (key: string, freeHere = free) => {
    const s = entry(key);
    s.failures += 1;
    s.last = clock();
    if (s.failures > freeHere) s.until = clock() + backoff(s.failures - freeHere, 1000, maxMs);
  };
  return {
    check,
    failure: (key, freeHere) => failure(key, freeHere),
    success(key) {
      state.delete(key);
    },
    begin(key, freeHere = free, options = {}) {
      const s = entry(key);
      if (options.keep) s.forgetAfterMs = options.keep.forgetAfterMs;
      const wait = check(key);
      // Attempts in flight count as failures until they are known: the 6th parallel guess waits.
      if (wait || s.failures + s.pending >= freeHere)
        return { wait: wait || 1000, done: () => undefined };
      s.pending += 1;
      return {
        wait: 0,
        done: (ok) => {
          const now = state.get(key);
          if (now) now.pending = Math.max(0, now.pending - 1);
          if (ok) {
            if (!options.keep) state.delete(key);
          } else failure(key, freeHere);
        },
      };
    },
  };
}

export interface Bucket {
  /** ms to wait, 0 when the request may go (and is counted). */
  take(key: string): number;
}

/** `perMinute` requests per key, with bursts up to `burst`. */
export function tokenBucket(
  perMinute: number,
  burst = perMinute,
  clock: () => number = Date.now,
): Bucket {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rate = perMinute / 60_000;
  return {
    take(key) {
      const now = clock();
      const b = buckets.get(key) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + (now - b.at) * rate);
      b.at = now;
      buckets.set(key, b);
      if (buckets.size > 100_000) buckets.delete(buckets.keys().next().value!);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - b.tokens) / rate);
    },
  };
}
