import { describe, expect, it } from 'vitest';
import { periodsToSend } from './periods.js';

describe('periodsToSend', () => {
  it('sends the month, quarter and year under way and the ones just before', () => {
    expect(periodsToSend(2026, 11)).toEqual([
      '2026-10',
      '2026-11',
      '2026-Q3',
      '2026-Q4',
      '2025',
      '2026',
    ]);
  });
  it('steps back across the year in January', () => {
    expect(periodsToSend(2027, 1)).toEqual([
      '2026-12',
      '2027-01',
      '2026-Q4',
      '2027-Q1',
      '2026',
      '2027',
    ]);
  });
});
