import { describe, expect, it } from 'vitest';
import { failureLimiter, tokenBucket } from './rate-limit.js';

describe('rate limits', () => {
  it('lets 5 failures through, then doubles the wait, and forgets on success', () => {
    let now = 0;
    const l = failureLimiter({ clock: () => now });
    for (let i = 0; i < 5; i++) l.failure('a');
    expect(l.check('a')).toBe(0);
    l.failure('a');
    expect(l.check('a')).toBe(1000);
    l.failure('a');
    expect(l.check('a')).toBe(2000);
    now = 2000;
    expect(l.check('a')).toBe(0);
    l.success('a');
    l.failure('a');
    expect(l.check('a')).toBe(0);
    expect(l.check('b')).toBe(0);
  });

  it('keeps failures past a success when asked, until they age out', () => {
    let now = 0;
    const l = failureLimiter({ clock: () => now });
    const keep = { keep: { forgetAfterMs: 60_000 } };
    for (let i = 0; i < 4; i++) l.begin('g', undefined, keep).done(false);
    l.begin('g', undefined, keep).done(true);
    l.begin('g', undefined, keep).done(false);
    expect(l.begin('g', undefined, keep).wait).toBeGreaterThan(0);
    now = 59_999;
    expect(l.begin('g', undefined, keep).wait).toBeGreaterThan(0);
    now = 60_000;
    const later = l.begin('g', undefined, keep);
    expect(later.wait).toBe(0);
    later.done(true);
  });

  it('lets a burst through, then refills at the rate', () => {
    let now = 0;
    const b = tokenBucket(60, 3, () => now);
    expect([b.take('x'), b.take('x'), b.take('x')]).toEqual([0, 0, 0]);
    expect(b.take('x')).toBe(1000);
    now = 1000;
    expect(b.take('x')).toBe(0);
    expect(b.take('y')).toBe(0);
  });
});
