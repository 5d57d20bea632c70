import { describe, expect, it } from 'vitest';
import { findViolations } from '../../server/src/domain/allocation/metrics.js';
import { buildOptimumModel, solveOptimum } from './allocation-optimum.js';
import type { AllocationInput } from '../../server/src/domain/allocation/types.js';

const at = (hhmm: string) => Date.parse(`2025-01-06T${hhmm}:00Z`);
const span = (from: string, to: string) => ({ start: at(from), end: at(to) });

/**
 * One printer open 09:00–10:30, a 30-minute grid. Anna wants an hour, Bob half an hour, any time.
 * Candidates, in variable order: x0 Anna 09:00, x1 Anna 09:30, x2 Bob 09:00, x3 Bob 09:30, x4 Bob 10:00.
 */
const instance = (bufferMin = 0, quotaMin?: number): AllocationInput => ({
  machines: [{ id: 'p1', kind: 'printer', available: [span('09:00', '10:30')], bufferMin }],
  members: [
    { id: 'anna', weight: 1, recentUseMin: 0, ...(quotaMin === undefined ? {} : { quotaMin }) },
    { id: 'bob', weight: 1, recentUseMin: 0 },
  ],
  requests: [
    {
      id: 'anna-1h',
      member: 'anna',
      kind: 'printer',
      durationMin: 60,
      windows: [span('09:00', '10:30')],
      submittedAt: 1,
    },
    {
      id: 'bob-30',
      member: 'bob',
      kind: 'printer',
      durationMin: 30,
      windows: [span('09:00', '10:30')],
      submittedAt: 2,
    },
  ],
  granularityMin: 30,
});

/** What `highs.solve` returns for a MIP: columns by name with their primal value. */
const MINUTES = [60, 60, 30, 30, 30];
const highsAnswer = (status: string, chosen: Record<string, number>) => ({
  IsLinear: false,
  Status: status,
  ObjectiveValue: MINUTES.reduce((sum, min, i) => sum + min * Math.round(chosen[`x${i}`] ?? 0), 0),
  Columns: Object.fromEntries(
    [0, 1, 2, 3, 4].map((i) => [
      `x${i}`,
      {
        Index: i,
        Lower: 0,
        Upper: 1,
        Primal: chosen[`x${i}`] ?? 0,
        Type: 'Integer',
        Name: `x${i}`,
      },
    ]),
  ),
  Rows: [],
});

/** Answers like highs would, but only for the model it expects: any other model text is a test failure. */
const fakeHighs = (
  expectedRows: string[],
  answer = highsAnswer('Optimal', { x0: 1, x4: 0.9999999 }),
) => {
  const seen: string[] = [];
  const solve = (lp: string) => {
    seen.push(lp);
    for (const row of expectedRows) if (!lp.includes(row)) throw new Error(`model lacks ${row}`);
    return answer;
  };
  return { solve, seen };
};

describe('buildOptimumModel', () => {
  it('writes a CPLEX LP model: a binary per candidate start, each request at most once, one no-overlap row per maximal clique', () => {
    const model = buildOptimumModel(instance());
    expect(model.candidates).toHaveLength(5);
    expect(model.lp).toBe(
      [
        '\\ Manufacto booking round, exact optimum: 5 candidates, 2 requests, 1 machines',
        'Maximize',
        ' obj: 60 x0 + 60 x1 + 30 x2 + 30 x3 + 30 x4',
        'Subject To',
        ' r0: x0 + x1 <= 1',
        ' r1: x2 + x3 + x4 <= 1',
        ' m0c0: x0 + x2 <= 1',
        ' m0c1: x0 + x1 + x3 <= 1',
        ' m0c2: x1 + x4 <= 1',
        'Binary',
        ' x0 x1 x2 x3 x4',
        'End',
        '',
      ].join('\n'),
    );
  });

  it('makes bookings that merely touch conflict when the machine has a buffer', () => {
    const { lp } = buildOptimumModel(instance(15));
    // Anna 09:00–10:00 and Bob 10:00–10:30 no longer fit together: x0 and x4 share a row.
    expect(lp).toContain(' m0c0: x0 + x2 + x1 + x3 <= 1');
    expect(lp).toContain(' m0c1: x0 + x1 + x3 + x4 <= 1');
  });

  it('adds a quota row for a member who asked for more than their quota', () => {
    expect(buildOptimumModel(instance(0, 30)).lp).toContain(' q0: 60 x0 + 60 x1 <= 30');
    expect(buildOptimumModel(instance(0, 60)).lp).not.toContain(' q0:');
  });

  it('refuses an instance with more candidates than it may solve', () => {
    expect(() => buildOptimumModel(instance(), { maxCandidates: 3 })).toThrow(
      /more than 3 candidates/,
    );
  });
});

describe('solveOptimum', () => {
  it('reads the solver answer back into assignments', () => {
    const input = instance();
    const highs = fakeHighs([' r0: x0 + x1 <= 1', ' r1: x2 + x3 + x4 <= 1', ' m0c2: x1 + x4 <= 1']);
    const best = solveOptimum(input, highs.solve);
    expect(highs.seen).toHaveLength(1);
    expect(best).toMatchObject({
      status: 'Optimal',
      optimal: true,
      grantedMin: 90,
      unassigned: [],
    });
    expect(best.assignments).toEqual([
      { request: 'anna-1h', member: 'anna', machine: 'p1', start: at('09:00'), end: at('10:00') },
      { request: 'bob-30', member: 'bob', machine: 'p1', start: at('10:00'), end: at('10:30') },
    ]);
    expect(findViolations(input, best)).toEqual([]);
  });

  it('keeps the best solution found when the solver stops at its time limit', () => {
    const best = solveOptimum(
      instance(),
      fakeHighs([], highsAnswer('Time limit reached', { x1: 1 })).solve,
    );
    expect(best).toMatchObject({
      optimal: false,
      grantedMin: 60,
      unassigned: [{ request: 'bob-30', reason: 'no_capacity' }],
    });
  });

  it('throws when the solver reports no solution', () => {
    expect(() => solveOptimum(instance(), () => ({ Status: 'Model error', Columns: {} }))).toThrow(
      /no solution: Model error/,
    );
  });

  it('rejects an answer whose bookings overlap rather than pass it off as an optimum', () => {
    expect(() =>
      solveOptimum(instance(), fakeHighs([], highsAnswer('Optimal', { x0: 1, x2: 1 })).solve),
    ).toThrow(/overlapping/);
  });

  it('rejects an answer whose objective does not match the bookings it chose (an answer to another model)', () => {
    const answer = { ...highsAnswer('Optimal', { x0: 1 }), ObjectiveValue: 90 };
    expect(() => solveOptimum(instance(), () => answer)).toThrow(/does not match/);
  });

  it('rejects an answer that is not shaped like highs output', () => {
    expect(() => solveOptimum(instance(), () => 90)).toThrow(/highs\.solve/);
  });

  it('does not call the solver when no request can be placed anywhere, and reports invalid requests', () => {
    const input = instance();
    input.requests = [
      {
        ...(input.requests[0] as AllocationInput['requests'][number]),
        windows: [span('14:00', '16:00')],
      },
      { ...(input.requests[1] as AllocationInput['requests'][number]), durationMin: 0 },
    ];
    const best = solveOptimum(input, () => {
      throw new Error('the solver should not be called');
    });
    expect(best).toMatchObject({
      optimal: true,
      assignments: [],
      unassigned: [
        { request: 'anna-1h', reason: 'no_capacity' },
        { request: 'bob-30', reason: 'invalid' },
      ],
    });
  });
});
