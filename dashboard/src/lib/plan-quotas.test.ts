import { describe, expect, it } from 'vitest';
import { quotaRows, quotasOf } from './plan-quotas.js';

describe('a plan’s quotas as rows', () => {
  it('shows hours with a French decimal comma and an empty group for every machine', () => {
    expect(
      quotaRows(
        [
          { period: 'week', hours: 6.5 },
          { period: 'day', bookings: 2, group: 'prusa-mk4' },
        ],
        'fr',
      ),
    ).toEqual([
      { period: 'week', hours: '6,5', bookings: '', group: '' },
      { period: 'day', hours: '', bookings: '2', group: 'prusa-mk4' },
    ]);
  });

  it('gives the server’s quotas back, a group only where one is chosen', () => {
    const rows = quotaRows([{ period: 'week', hours: 6.5 }], 'fr');
    expect(
      quotasOf([...rows, { period: 'day', hours: '2', bookings: '1', group: ' prusa-mk4 ' }]),
    ).toEqual({
      quotas: [
        { period: 'week', hours: 6.5 },
        { period: 'day', hours: 2, bookings: 1, group: 'prusa-mk4' },
      ],
      wrong: [],
    });
  });

  it('names the rows that give nothing, or no number, or too much', () => {
    const row = { period: 'week' as const, group: '' };
    expect(
      quotasOf([
        { ...row, hours: '', bookings: '' },
        { ...row, hours: 'six', bookings: '' },
        { ...row, hours: '', bookings: '1,5' },
        { ...row, hours: '800', bookings: '' },
        { ...row, hours: '0', bookings: '' },
        { ...row, hours: '4', bookings: '' },
      ]).wrong,
    ).toEqual([1, 2, 3, 4, 5]);
  });
});
