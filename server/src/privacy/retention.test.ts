import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { startRetention } from './retention.js';

describe('the retention schedule', () => {
  it('runs once at start, then stop() answers only once the pass in flight is over', async () => {
    let passes = 0;
    let began!: () => void;
    let release!: () => void;
    const second = new Promise<void>((r) => (began = r));
    const privacy = {
      applyRetention: async () => {
        passes += 1;
        if (passes === 2) {
          began();
          await new Promise<void>((r) => (release = r));
        }
        return { erased: [], notices: 0, sessions: 0 };
      },
    };
    const retention = await startRetention(privacy, {
      inactiveDays: 1095,
      noticeDays: 365,
      log: createLogger('error'),
      everyMs: 1,
    });
    expect(passes).toBe(1);
    await second;
    let stopped = false;
    const stopping = retention.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(passes).toBe(2);
  });
});
