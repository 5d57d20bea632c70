import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollClock } from './poll-clock.js';

describe('poll clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls the listeners of one period in the same round, and each round again', () => {
    const clock = createPollClock();
    const calls: string[] = [];
    clock.every(200, () => calls.push('a'));
    clock.every(200, () => calls.push('b'));
    clock.every(1000, () => calls.push('slow'));
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['a', 'b']);
    vi.advanceTimersByTime(800);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'slow']);
  });

  it('does not call a listener after its stop(), even when an earlier one of the round stopped it', () => {
    const clock = createPollClock();
    const calls: string[] = [];
    // The first runner's poll finds the port gone and stops the second runner (one port, two names).
    clock.every(200, () => {
      calls.push('first');
      stopSecond();
    });
    const stopSecond = clock.every(200, () => calls.push('second'));
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['first']);
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['first', 'first']);
  });

  it('calls a listener started during a round from the next round on', () => {
    const clock = createPollClock();
    const calls: string[] = [];
    let started = false;
    clock.every(200, () => {
      calls.push('first');
      if (started) return;
      started = true;
      clock.every(200, () => calls.push('late'));
    });
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['first']);
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['first', 'first', 'late']);
  });

  it('calls the rest of the round when a listener throws, and tells the throw once while it repeats', () => {
    const lines: string[] = [];
    const clock = createPollClock({ log: (line) => lines.push(line) });
    const calls: string[] = [];
    let fail = true;
    clock.every(200, () => calls.push('before'));
    clock.every(200, () => {
      if (fail) throw new Error('profile poll exploded');
      calls.push('mended');
    });
    clock.every(200, () => calls.push('after'));
    vi.advanceTimersByTime(600);
    expect(calls).toEqual(['before', 'after', 'before', 'after', 'before', 'after']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('profile poll exploded');
    fail = false;
    vi.advanceTimersByTime(200);
    expect(calls.slice(-3)).toEqual(['before', 'mended', 'after']);
    fail = true;
    vi.advanceTimersByTime(200);
    expect(lines).toHaveLength(2);
  });

  it('stops its timer when the last listener of a period stops, and one subscription stops once', () => {
    const clock = createPollClock();
    const calls: string[] = [];
    const fn = () => calls.push('fn');
    const stopOne = clock.every(200, fn);
    const stopTwo = clock.every(200, fn);
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['fn', 'fn']);
    stopOne();
    stopOne();
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['fn', 'fn', 'fn']);
    stopTwo();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(3);
  });
});
