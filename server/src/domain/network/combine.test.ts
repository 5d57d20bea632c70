import { describe, expect, it } from 'vitest';
import type { Figure, Report, Row, Table } from '../reports/types.js';
import { combineReports } from './combine.js';

const T = { fr: 'x', en: 'x' };
const period = {
  kind: 'month',
  label: '2026-11',
  firstDay: '2026-11-01',
  lastDay: '2026-11-30',
  start: 0,
  end: 1,
} as const;
const fig = (
  key: string,
  unit: Figure['unit'],
  value: number | null,
  suppressed = false,
): Figure => ({
  key,
  label: T,
  unit,
  value,
  previous: 0,
  change: null,
  suppressed,
  previousSuppressed: false,
  definition: T,
});
const row = (key: string, artisans: number | null): Row => ({
  key,
  label: { fr: key, en: key },
  values: { artisans },
  suppressed: artisans === null ? ['artisans'] : [],
});
const people = (rows: Row[], total: number | null): Table => ({
  key: 'status',
  title: T,
  definition: T,
  columns: [{ key: 'artisans', label: T, unit: 'people' }],
  rows,
  total: row('total', total),
});
const report = (f: Figure[], status: Table): Report => ({
  audience: 'funder',
  threshold: 5,
  sites: [],
  timezone: 'Europe/Paris',
  period,
  previous: period,
  figures: f,
  tables: [status],
  notes: [],
});
const member = (id: string) => ({ id, name: id });

describe('combineReports', () => {
  // Site A hid two small cells (3 and 2 people, total 25 published); site B published all.
  const a = report(
    [
      fig('wallHours', 'hours', 10),
      fig('openingHours', 'hours', 100),
      fig('utilisation', 'percent', 10),
      fig('artisans', 'people', 25),
    ],
    people([row('professional', 20), row('student', null), row('hobbyist', null)], 25),
  );
  const b = report(
    [
      fig('wallHours', 'hours', 30),
      fig('openingHours', 'hours', 300),
      fig('utilisation', 'percent', 30),
      fig('artisans', 'people', null, true),
    ],
    people([row('professional', 6), row('student', 7), row('hobbyist', 5)], 18),
  );
  const net = combineReports([
    { member: member('a'), report: a },
    { member: member('b'), report: b },
  ]);
  const status = net.tables.find((t) => t.key === 'status')!;
  const value = (key: string) => net.figures.find((f) => f.key === key)!;

  it('sums hours and averages shares weighted by what they are a share of', () => {
    expect(value('wallHours').value).toBe(40);
    expect(value('utilisation').value).toBe(25);
  });

  it('suppresses every sum that includes a suppressed cell, so B’s published cells cannot give A’s back', () => {
    expect(status.rows.map((r) => [r.key, r.values.artisans, r.suppressed])).toEqual([
      ['professional', 26, []],
      ['student', null, ['artisans']],
      ['hobbyist', null, ['artisans']],
    ]);
    expect(status.total!.values.artisans).toBe(43);
    // What subtraction gives: the two hidden network cells together (43 − 26 = 17), which is
    // B's published 7 + 5 plus A's hidden cells together (25 − 20 = 5, already in A's report):
    // neither of A's cells alone.
    expect(value('artisans')).toMatchObject({ value: null, suppressed: true });
  });
});
