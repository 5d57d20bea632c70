/**
 * Rate limits kept in memory (one server process): failures back off exponentially per key
 * (login: email + client address), and a token bucket caps a caller's bookings per minute.
 * @module
 */

export interface FailureLimiter {
  /** ms to wait before the next attempt, 0 when allowed. */
  check(key: string): number;
  failure(key: string): void;
  success(key: string): void;
}

/** After `free` failures, each further one doubles the wait (1 s, 2 s, 4 s … up to `maxMs`). */
export function failureLimiter(
  options: { free?: number; maxMs?: number; clock?: () => number } = {},
): FailureLimiter {
  const free = options.free ?? 5;
  const maxMs = options.maxMs ?? 15 * 60_000;
  const clock = options.clock ?? Date.now;
  const state = new Map<string, { failures: number; until: number }>();
  return {
    check(key) {
      const s = state.get(key);
      return s ? Math.max(0, s.until - clock()) : 0;
    },
    failure(key) {
      const s = state.get(key) ?? { failures: 0, until: 0 };
      s.failures += 1;
      if (s.failures > free)
        s.until = clock() + Math.min(maxMs, 1000 * 2 ** (s.failures - free - 1));
      state.set(key, s);
      // Bound memory under a spray of keys: forget the oldest.
      if (state.size > 100_000) state.delete(state.keys().next().value!);
    },
    success(key) {
      state.delete(key);
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
