import { describe, expect, it } from 'vitest';
import { serialQueue } from './serial.js';

describe('serial queue', () => {
  it('runs operations one at a time in arrival order, and a failure does not stop the next', async () => {
    const run = serialQueue();
    const log: string[] = [];
    let inside = 0;
    const op = (name: string, ms: number, fail = false) =>
      run(async () => {
        inside += 1;
        expect(inside).toBe(1);
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        inside -= 1;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([op('a', 20), op('b', 5, true), op('c', 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
