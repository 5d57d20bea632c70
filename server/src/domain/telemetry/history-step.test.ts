import { describe, expect, it } from 'vitest';
import { historyStep, MAX_POINTS } from './history-step.js';

const H = 3_600_000;

describe('historyStep', () => {
  it('reads an hour every 10 s, a day every 5 min, a week every 30 min', () => {
    expect(historyStep(0, H)).toBe(10_000);
    expect(historyStep(0, 24 * H)).toBe(5 * 60_000);
    expect(historyStep(0, 7 * 24 * H)).toBe(30 * 60_000);
  });

  it('never gives more than MAX_POINTS points, up to a year', () => {
    for (const hours of [0.01, 1, 3, 12, 30, 100, 500, 2000, 8784]) {
      const to = hours * H;
      expect(Math.ceil(to / historyStep(0, to)), `${hours} h`).toBeLessThanOrEqual(MAX_POINTS);
    }
  });
});
