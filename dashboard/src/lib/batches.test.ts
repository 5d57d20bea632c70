import { describe, expect, it } from 'vitest';
import { byBatch } from './batches.js';

describe('reservations of one batch', () => {
  it('stand together where the first stands, others alone in order', () => {
    const r = (id: string, batch: string | null) => ({ id, batch });
    const groups = byBatch([r('a', null), r('b1', 'B'), r('c', null), r('b2', 'B'), r('d', 'D')]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([['a'], ['b1', 'b2'], ['c'], ['d']]);
  });
});
