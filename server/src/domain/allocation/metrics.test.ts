import { describe, expect, it } from 'vitest';
import { evaluate, findViolations, jainIndex, weightedFairShares } from './metrics.js';
import type { AllocationInput, AllocationResult, Assignment } from './types.js';

const at = (hhmm: string) => Date.parse(`2025-01-06T${hhmm}:00Z`);
const span = (from: string, to: string) => ({ start: at(from), end: at(to) });

// Two printers open 09:00–12:00 (360 bookable minutes), buffer 15 min; Anna (weight 2) and Bob.
const input: AllocationInput = {
  machines: [
    { id: 'p1', kind: 'printer', available: [span('09:00', '12:00')], bufferMin: 15 },
    { id: 'p2', kind: 'printer', available: [span('09:00', '12:00')], bufferMin: 15 },
  ],
  members: [
    { id: 'anna', weight: 2, recentUseMin: 0, quotaMin: 120 },
    { id: 'bob', weight: 1, recentUseMin: 0 },
  ],
  requests: [
    {
      id: 'a1',
      member: 'anna',
      kind: 'printer',
      durationMin: 60,
      windows: [span('09:00', '12:00')],
      submittedAt: 1,
    },
    {
      id: 'a2',
      member: 'anna',
      kind: 'printer',
      durationMin: 60,
      windows: [span('09:00', '12:00')],
      submittedAt: 2,
    },
    {
      id: 'b1',
      member: 'bob',
      machine: 'p2',
      durationMin: 60,
      windows: [span('09:00', '10:00')],
      submittedAt: 3,
    },
    {
      id: 'b2',
      member: 'bob',
      kind: 'printer',
      durationMin: 120,
      windows: [span('09:00', '12:00')],
      submittedAt: 4,
    },
    {
      id: 'bad',
      member: 'bob',
      kind: 'printer',
      durationMin: 0,
      windows: [span('09:00', '12:00')],
      submittedAt: 5,
    },
  ],
  granularityMin: 15,
};
const booking = (
  request: string,
  member: string,
  machine: string,
  from: string,
  to: string,
): Assignment => ({ request, member, machine, start: at(from), end: at(to) });
const valid: AllocationResult = {
  assignments: [
    booking('a1', 'anna', 'p1', '09:00', '10:00'),
    booking('a2', 'anna', 'p1', '10:15', '11:15'),
    booking('b1', 'bob', 'p2', '09:00', '10:00'),
  ],
  unassigned: [
    { request: 'b2', reason: 'no_capacity' },
    { request: 'bad', reason: 'invalid' },
  ],
};

describe('jainIndex', () => {
  it('is 1 when everyone gets the same and 1/n when one gets everything', () => {
    expect(jainIndex([3, 3, 3])).toBe(1);
    expect(jainIndex([5, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([])).toBe(1);
  });
});

describe('weightedFairShares', () => {
  it('fills up to each demand, splitting the rest in proportion to weight', () => {
    const shares = weightedFairShares(
      [
        { demand: 100, weight: 1 },
        { demand: 1000, weight: 1 },
        { demand: 1000, weight: 2 },
      ],
      700,
    );
    expect(shares).toEqual([100, 200, 400]);
  });
});

describe('evaluate', () => {
  it('measures satisfied demand, utilisation and requests satisfied, leaving invalid requests out of the demand', () => {
    const m = evaluate(input, valid);
    expect(m).toMatchObject({
      requestedMin: 300,
      grantedMin: 180,
      availableMin: 360,
      requests: 4,
      requestsSatisfied: 3,
      members: 2,
    });
    expect(m.satisfiedDemand).toBeCloseTo(0.6);
    expect(m.utilisation).toBeCloseTo(0.5);
  });

  it('gives Jain 1 when each member gets their weighted fair share, demand and quota included', () => {
    // Anna's demand is capped by her 120-min quota; of 180 granted minutes a fair split is 120/60.
    const m = evaluate(input, valid);
    expect(m.jain).toBeCloseTo(1, 9);
    expect(m.minFairRatio).toBeCloseTo(1, 9);
  });

  it('drops below 1 when a member gets less than their weighted fair share', () => {
    const skewed: AllocationResult = {
      assignments: [
        booking('a1', 'anna', 'p1', '09:00', '10:00'),
        booking('b2', 'bob', 'p2', '09:00', '11:00'),
      ],
      unassigned: [],
    };
    const m = evaluate(input, skewed);
    // 180 min granted: fair is Anna 120, Bob 60; they got 60 and 120 → ratios 0.5 and 2.
    expect(m.jain).toBeCloseTo(2.5 ** 2 / (2 * (0.25 + 4)), 9);
    expect(m.minFairRatio).toBeCloseTo(0.5, 9);
  });
});

describe('findViolations', () => {
  it('finds nothing wrong in a valid allocation', () => {
    expect(findViolations(input, valid)).toEqual([]);
  });

  it.each<[string, (r: AllocationResult) => AllocationResult, RegExp]>([
    [
      'two bookings closer than the buffer',
      (r) => ({
        ...r,
        assignments: r.assignments.map((a) =>
          a.request === 'a2' ? booking('a2', 'anna', 'p1', '10:00', '11:00') : a,
        ),
      }),
      /buffer 15 min/,
    ],
    [
      'a booking off the grid',
      (r) => ({
        ...r,
        assignments: r.assignments.map((a) =>
          a.request === 'a2' ? booking('a2', 'anna', 'p1', '10:20', '11:20') : a,
        ),
      }),
      /off the 15-min grid/,
    ],
    [
      'a booking outside its windows',
      (r) => ({
        ...r,
        assignments: r.assignments.map((a) =>
          a.request === 'b1' ? booking('b1', 'bob', 'p2', '10:00', '11:00') : a,
        ),
      }),
      /outside its windows/,
    ],
    [
      'a booking outside opening hours',
      (r) => ({
        ...r,
        assignments: r.assignments.map((a) =>
          a.request === 'a2' ? booking('a2', 'anna', 'p1', '11:30', '12:30') : a,
        ),
      }),
      /outside p1's availability/,
    ],
    [
      'a booking on a machine not asked for',
      (r) => ({
        ...r,
        assignments: r.assignments.map((a) => (a.request === 'b1' ? { ...a, machine: 'p1' } : a)),
      }),
      /did not ask for/,
    ],
    [
      'a booking of the wrong length',
      (r) => ({
        ...r,
        assignments: r.assignments.map((a) =>
          a.request === 'a2' ? { ...a, end: a.end - 15 * 60_000 } : a,
        ),
      }),
      /lasts 45 min/,
    ],
    [
      'a booking credited to another member',
      (r) => ({
        ...r,
        assignments: r.assignments.map((a) => (a.request === 'b1' ? { ...a, member: 'anna' } : a)),
      }),
      /credited to anna, not bob/,
    ],
    [
      'a request assigned twice',
      (r) => ({
        ...r,
        assignments: [...r.assignments, booking('b1', 'bob', 'p2', '09:00', '10:00')],
      }),
      /b1 is assigned twice/,
    ],
    [
      'a request forgotten',
      (r) => ({ ...r, unassigned: r.unassigned.filter((u) => u.request !== 'b2') }),
      /b2 is neither assigned nor unassigned/,
    ],
    [
      'a request assigned and unassigned',
      (r) => ({ ...r, unassigned: [...r.unassigned, { request: 'a1', reason: 'quota' }] }),
      /both assigned and unassigned/,
    ],
  ])('reports %s', (_, breakIt, message) => {
    expect(findViolations(input, breakIt(valid)).join('\n')).toMatch(message);
  });

  it('reports a member over their quota', () => {
    const over: AllocationInput = {
      ...input,
      members: input.members.map((m) => (m.id === 'anna' ? { ...m, quotaMin: 90 } : m)),
    };
    expect(findViolations(over, valid)).toEqual([
      'member anna got 120 min, over their 90-min quota',
    ]);
  });
});
