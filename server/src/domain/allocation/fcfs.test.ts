import { describe, expect, it } from 'vitest';
import { allocateFcfs } from './fcfs.js';
import { findViolations } from './metrics.js';
import type {
  AllocationInput,
  AllocationMachine,
  AllocationRequest,
  MachineKind,
} from './types.js';

const at = (hhmm: string) => Date.parse(`2025-01-06T${hhmm}:00Z`);
const span = (from: string, to: string) => ({ start: at(from), end: at(to) });
const machine = (
  id: string,
  kind: MachineKind = 'printer',
  bufferMin = 0,
  available = [span('09:00', '18:00')],
): AllocationMachine => ({ id, kind, available, bufferMin });
const request = (
  id: string,
  member: string,
  durationMin: number,
  submittedAt: number,
  windows = [span('09:00', '18:00')],
  extra: Partial<AllocationRequest> = {},
): AllocationRequest => ({
  id,
  member,
  kind: 'printer',
  durationMin,
  windows,
  submittedAt,
  ...extra,
});
const members = [
  { id: 'anna', weight: 1, recentUseMin: 0 },
  { id: 'bob', weight: 2, recentUseMin: 0 },
];
const run = (input: AllocationInput) => {
  const result = allocateFcfs(input);
  expect(findViolations(input, result)).toEqual([]);
  return result;
};
const slots = (input: AllocationInput) =>
  Object.fromEntries(
    run(input).assignments.map((a) => [
      a.request,
      `${a.machine} ${new Date(a.start).toISOString().slice(11, 16)}`,
    ]),
  );

describe('allocateFcfs', () => {
  it('serves requests in submission order, whatever the members got before', () => {
    const input: AllocationInput = {
      machines: [machine('p1')],
      members,
      requests: [
        request('late', 'bob', 60, 3000, [span('09:00', '10:00')]),
        request('first', 'anna', 60, 1000, [span('09:00', '10:00')]),
      ],
      granularityMin: 15,
    };
    const result = run(input);
    expect(result.assignments.map((a) => a.request)).toEqual(['first']);
    expect(result.unassigned).toEqual([{ request: 'late', reason: 'no_capacity' }]);
  });

  it('puts each request at its earliest feasible start, on the machine listed first on a tie', () => {
    const input: AllocationInput = {
      machines: [
        machine('p2', 'printer', 0, [span('10:00', '18:00')]),
        machine('p1'),
        machine('p3'),
      ],
      members,
      requests: [
        request('a', 'anna', 60, 1),
        request('b', 'anna', 60, 2),
        request('c', 'anna', 60, 3),
      ],
      granularityMin: 15,
    };
    expect(slots(input)).toEqual({ a: 'p1 09:00', b: 'p3 09:00', c: 'p2 10:00' });
  });

  it('keeps the machine buffer between consecutive bookings', () => {
    const input: AllocationInput = {
      machines: [machine('l1', 'laser', 10)],
      members,
      requests: [
        request('a', 'anna', 60, 1, undefined, { kind: 'laser' }),
        request('b', 'bob', 60, 2, undefined, { kind: 'laser' }),
      ],
      granularityMin: 15,
    };
    // 10:00 + 10 min of buffer, rounded up to the 15-minute grid.
    expect(slots(input)).toEqual({ a: 'l1 09:00', b: 'l1 10:15' });
  });

  it("skips a request that would exceed the member's quota and serves their later, smaller one", () => {
    const input: AllocationInput = {
      machines: [machine('p1')],
      members: [{ id: 'anna', weight: 1, recentUseMin: 0, quotaMin: 90 }],
      requests: [
        request('a', 'anna', 60, 1),
        request('b', 'anna', 60, 2),
        request('c', 'anna', 30, 3),
      ],
      granularityMin: 15,
    };
    const result = run(input);
    expect(result.assignments.map((a) => a.request).sort()).toEqual(['a', 'c']);
    expect(result.unassigned).toEqual([{ request: 'b', reason: 'quota' }]);
  });

  it('puts an invalid request in unassigned with reason invalid and serves the others', () => {
    const input: AllocationInput = {
      machines: [machine('p1')],
      members,
      requests: [request('bad', 'anna', 0, 1), request('good', 'anna', 60, 2)],
      granularityMin: 15,
    };
    const result = run(input);
    expect(result.unassigned).toEqual([{ request: 'bad', reason: 'invalid' }]);
    expect(result.assignments.map((a) => a.request)).toEqual(['good']);
  });
});
