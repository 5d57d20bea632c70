import { describe, expect, it } from 'vitest';
import { backoff } from './backoff.js';

describe('backoff', () => {
  it('waits first, then doubles after each further failure, up to max', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoff(n, 500, 10_000))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000,
    ]);
  });

  it('treats no failure yet as the first', () => {
    expect(backoff(0, 60_000, 6 * 3_600_000)).toBe(60_000);
  });

  it('stays at max however many failures (no overflow to Infinity past the cap)', () => {
    expect(backoff(5000, 1000, 3_600_000)).toBe(3_600_000);
  });
});
