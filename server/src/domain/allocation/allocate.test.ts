import { describe, expect, it } from 'vitest';
import { allocateFair } from './allocate.js';
import { allocateFcfs } from './fcfs.js';
import { evaluate, findViolations } from './metrics.js';
import { syntheticRound } from '../../testing/synthetic-round.js';
import type {
  AllocationInput,
  AllocationMachine,
  AllocationMember,
  AllocationRequest,
  MachineKind,
} from './types.js';

// Monday 6 January 2025; `at('09:30')` is that morning in UTC.
const at = (hhmm: string) => Date.parse(`2025-01-06T${hhmm}:00Z`);
const span = (from: string, to: string) => ({ start: at(from), end: at(to) });
const machine = (
  id: string,
  kind: MachineKind,
  bufferMin = 0,
  available = [span('09:00', '18:00')],
): AllocationMachine => ({ id, kind, available, bufferMin });
const member = (id: string, extra: Partial<AllocationMember> = {}): AllocationMember => ({
  id,
  weight: 1,
  recentUseMin: 0,
  ...extra,
});
let submitted = 0;
const request = (
  id: string,
  who: string,
  durationMin: number,
  windows: { start: number; end: number }[],
  extra: Partial<AllocationRequest> = {},
): AllocationRequest => ({
  id,
  member: who,
  kind: 'printer',
  durationMin,
  windows,
  submittedAt: (submitted += 1000),
  ...extra,
});
const round = (
  machines: AllocationMachine[],
  members: AllocationMember[],
  requests: AllocationRequest[],
  granularityMin = 15,
): AllocationInput => ({ machines, members, requests, granularityMin });
const placed = (input: AllocationInput, result = allocateFair(input)) => {
  expect(findViolations(input, result)).toEqual([]);
  return Object.fromEntries(
    result.assignments.map((a) => [
      a.request,
      `${a.machine} ${new Date(a.start).toISOString().slice(11, 16)}–${new Date(a.end).toISOString().slice(11, 16)}`,
    ]),
  );
};
const reasons = (result: ReturnType<typeof allocateFair>) =>
  Object.fromEntries(result.unassigned.map((u) => [u.request, u.reason]));

describe('allocateFair', () => {
  it('assigns the member with the lowest satisfied share first', () => {
    // Anna submitted everything first and would take both slots under FCFS; Bob has had nothing yet
    // when Anna's second request comes up, so Bob's turn comes first.
    const input = round(
      [machine('p1', 'printer')],
      [member('anna'), member('bob', { recentUseMin: 60 })],
      [
        request('a1', 'anna', 60, [span('09:00', '10:00')]),
        request('a2', 'anna', 60, [span('10:00', '11:00')]),
        request('b1', 'bob', 60, [span('10:00', '11:00')]),
      ],
    );
    const result = allocateFair(input);
    expect(placed(input, result)).toEqual({ a1: 'p1 09:00–10:00', b1: 'p1 10:00–11:00' });
    expect(reasons(result)).toEqual({ a2: 'no_capacity' });
    expect(placed(input, allocateFcfs(input))).toEqual({
      a1: 'p1 09:00–10:00',
      a2: 'p1 10:00–11:00',
    });
  });

  it('gives a member of weight 2 twice the minutes of a member of weight 1 when both ask for more than there is', () => {
    const day = [span('09:00', '18:00')];
    const input = round(
      [machine('p1', 'printer')],
      [member('resident', { weight: 2 }), member('occasional')],
      [
        ...Array.from({ length: 9 }, (_, i) => request(`r${i}`, 'resident', 60, day)),
        ...Array.from({ length: 9 }, (_, i) => request(`o${i}`, 'occasional', 60, day)),
      ],
    );
    const result = allocateFair(input);
    const minutes = (who: string) => result.assignments.filter((a) => a.member === who).length * 60;
    expect([minutes('resident'), minutes('occasional')]).toEqual([360, 180]);
    expect(evaluate(input, result).jain).toBeCloseTo(1, 6);
  });

  it('lets the member who used the workshop less go first on a tie', () => {
    const input = round(
      [machine('p1', 'printer')],
      [member('regular', { recentUseMin: 600 }), member('newcomer', { recentUseMin: 0 })],
      [
        request('r', 'regular', 60, [span('09:00', '10:00')]),
        request('n', 'newcomer', 60, [span('09:00', '10:00')]),
      ],
    );
    expect(placed(input)).toEqual({ n: 'p1 09:00–10:00' });
  });

  it("places a member's most wanted request first: their priority, then submission order", () => {
    const slot = [span('09:00', '10:00')];
    const input = round(
      [machine('p1', 'printer'), machine('p2', 'printer')],
      [member('anna')],
      [
        request('early', 'anna', 60, slot),
        request('wanted', 'anna', 60, slot, { priority: 1 }),
        request('late', 'anna', 60, slot),
      ],
    );
    const result = allocateFair(input);
    expect(Object.keys(placed(input, result)).sort()).toEqual(['early', 'wanted']);
    expect(reasons(result)).toEqual({ late: 'no_capacity' });
  });

  it('chooses the placement that leaves the least free time behind (best fit), not the earliest one', () => {
    // p2 is listed first and free all day; p1 has exactly 90 minutes left: best fit fills p1.
    const input = round(
      [machine('p2', 'printer'), machine('p1', 'printer', 0, [span('14:00', '15:30')])],
      [member('anna')],
      [request('r', 'anna', 90, [span('09:00', '18:00')])],
    );
    expect(placed(input)).toEqual({ r: 'p1 14:00–15:30' });
    expect(placed(input, allocateFcfs(input))).toEqual({ r: 'p2 09:00–10:30' });
  });

  it('never places two bookings on one machine closer than its buffer', () => {
    const fits = round(
      [machine('c1', 'cnc', 30)],
      [member('anna'), member('bob')],
      [
        request('a', 'anna', 60, [span('09:00', '11:30')], { kind: 'cnc' }),
        request('b', 'bob', 60, [span('09:00', '11:30')], { kind: 'cnc' }),
      ],
    );
    expect(placed(fits)).toEqual({ a: 'c1 09:00–10:00', b: 'c1 10:30–11:30' });
    const tooTight = {
      ...fits,
      requests: fits.requests.map((r) => ({ ...r, windows: [span('09:00', '11:15')] })),
    };
    expect(allocateFair(tooTight).assignments).toHaveLength(1);
  });

  it('keeps the buffer across a closure shorter than the buffer', () => {
    const input = round(
      [machine('c1', 'cnc', 30, [span('09:00', '10:00'), span('10:10', '12:00')])],
      [member('anna'), member('bob')],
      [
        request('a', 'anna', 60, [span('09:00', '10:00')], { kind: 'cnc' }),
        request('b', 'bob', 30, [span('10:00', '11:00')], { kind: 'cnc' }),
      ],
    );
    expect(placed(input)).toEqual({ a: 'c1 09:00–10:00', b: 'c1 10:30–11:00' });
  });

  it('starts bookings on the granularity grid even when windows and opening hours do not', () => {
    const input = round(
      [machine('p1', 'printer', 0, [span('09:05', '12:00')])],
      [member('anna')],
      [request('r', 'anna', 30, [span('09:07', '10:00')])],
    );
    expect(placed(input)).toEqual({ r: 'p1 09:15–09:45' });
  });

  it('never places a booking outside its windows or the machine opening hours', () => {
    const input = round(
      [machine('p1', 'printer', 0, [span('09:00', '12:00')])],
      [member('anna')],
      [
        request('inside', 'anna', 60, [span('08:00', '09:45'), span('11:00', '13:00')]),
        request('outside', 'anna', 60, [span('12:00', '14:00')]),
      ],
    );
    const result = allocateFair(input);
    expect(placed(input, result)).toEqual({ inside: 'p1 11:00–12:00' });
    expect(reasons(result)).toEqual({ outside: 'no_capacity' });
  });

  it('respects quotas, still serving a smaller request that fits in what is left', () => {
    const day = [span('09:00', '18:00')];
    const input = round(
      [machine('p1', 'printer')],
      [member('anna', { quotaMin: 90 })],
      [
        request('big', 'anna', 60, day, { priority: 1 }),
        request('too-much', 'anna', 60, day, { priority: 2 }),
        request('small', 'anna', 30, day, { priority: 3 }),
      ],
    );
    const result = allocateFair(input);
    expect(Object.keys(placed(input, result)).sort()).toEqual(['big', 'small']);
    expect(reasons(result)).toEqual({ 'too-much': 'quota' });
  });

  it("handles 'any laser' requests: any laser will do, never another kind", () => {
    const morning = [span('09:00', '12:00')];
    const input = round(
      [machine('printer-1', 'printer'), machine('laser-1', 'laser'), machine('laser-2', 'laser')],
      [member('anna'), member('bob'), member('chloe')],
      [
        request('a', 'anna', 180, morning, { kind: 'laser' }),
        request('b', 'bob', 180, morning, { kind: 'laser' }),
        request('c', 'chloe', 180, morning, { kind: 'laser' }),
      ],
    );
    const result = allocateFair(input);
    expect(result.assignments.map((a) => a.machine).sort()).toEqual(['laser-1', 'laser-2']);
    expect(result.unassigned).toEqual([{ request: 'c', reason: 'no_capacity' }]);
  });

  it('books a specific machine when one is asked for, even if another of its kind is free', () => {
    const input = round(
      [machine('p1', 'printer'), machine('p2', 'printer')],
      [member('anna')],
      [request('r', 'anna', 60, [span('09:00', '18:00')], { machine: 'p2' })],
    );
    expect(placed(input)).toEqual({ r: 'p2 09:00–10:00' });
  });

  it('reports no_machine_of_kind when the workshop has no machine of the kind asked for', () => {
    const input = round(
      [machine('p1', 'printer')],
      [member('anna')],
      [request('r', 'anna', 60, [span('09:00', '18:00')], { kind: 'cnc' })],
    );
    expect(allocateFair(input).unassigned).toEqual([
      { request: 'r', reason: 'no_machine_of_kind' },
    ]);
  });

  const morning = [span('09:00', '12:00')];
  it.each([
    ['a zero duration', { durationMin: 0 }],
    ['a negative duration', { durationMin: -30 }],
    ['an unknown machine', { machine: 'ghost', kind: undefined }],
    ['neither machine nor kind', { kind: undefined }],
    [
      'a machine of another kind than the kind asked for',
      { machine: 'p1', kind: 'laser' as const },
    ],
    ['an unknown kind', { kind: 'loom' as MachineKind }],
    ['an unknown member', { member: 'nobody' }],
    ['no window', { windows: [] }],
    ['a window ending before it starts', { windows: [span('11:00', '10:00')] }],
  ])('puts an invalid request in unassigned with reason invalid: %s', (_, flaw) => {
    const bad = { ...request('bad', 'anna', 60, morning), ...flaw } as AllocationRequest;
    if (bad.kind === undefined) delete bad.kind;
    const input = round(
      [machine('p1', 'printer')],
      [member('anna')],
      [bad, request('good', 'anna', 60, morning)],
    );
    const result = allocateFair(input);
    expect(result.unassigned).toEqual([{ request: 'bad', reason: 'invalid' }]);
    expect(result.assignments.map((a) => a.request)).toEqual(['good']);
  });

  it('puts a second request with the same id in unassigned with reason invalid', () => {
    const input = round(
      [machine('p1', 'printer')],
      [member('anna')],
      [request('r', 'anna', 60, morning), request('r', 'anna', 30, morning)],
    );
    const result = allocateFair(input);
    expect(result.assignments).toHaveLength(1);
    expect(result.unassigned).toEqual([{ request: 'r', reason: 'invalid' }]);
  });

  it('throws on a granularity that is not a positive number of minutes', () => {
    expect(() => allocateFair(round([], [], [], 0))).toThrow(/granularityMin/);
  });

  it('moves an already placed booking when that makes room for one more request', () => {
    // Anna's hour goes first, at 09:00; Bob's two hours then fit only if Anna's hour moves to 11:00.
    const input = round(
      [machine('p1', 'printer', 0, [span('09:00', '12:00')])],
      [member('anna'), member('bob', { recentUseMin: 60 })],
      [
        request('a', 'anna', 60, [span('09:00', '12:00')]),
        request('b', 'bob', 120, [span('09:00', '11:00')]),
      ],
    );
    expect(placed(input)).toEqual({ a: 'p1 11:00–12:00', b: 'p1 09:00–11:00' });
    const withoutRepair = allocateFair(input, { repair: false });
    expect(placed(input, withoutRepair)).toEqual({ a: 'p1 09:00–10:00' });
  });

  it('gives the same result for the same input', () => {
    const { input } = syntheticRound({ seed: 7, requests: 300, machines: 6 });
    expect(allocateFair(input)).toEqual(allocateFair(input));
  });
});

describe('both allocators on synthetic contended weeks', () => {
  const seeds = [1, 2, 3, 4, 5, 6];
  it.each(seeds)(
    'keep every invariant (buffer, windows, availability, grid, quota) with seed %i',
    (seed) => {
      const { input } = syntheticRound({
        seed,
        requests: 400 + 100 * seed,
        machines: 5 + seed,
        invalidShare: 0.03,
      });
      // Half the seeds also close every machine 5 minutes at noon: shorter than any buffer, so bookings
      // on both sides of the closure must still keep theirs.
      if (seed % 2 === 0) {
        for (const m of input.machines) {
          m.available = m.available.flatMap((open) => {
            const noon = open.start + 3 * 3_600_000;
            return noon < open.end
              ? [
                  { start: open.start, end: noon },
                  { start: noon + 5 * 60_000, end: open.end },
                ]
              : [open];
          });
        }
      }
      for (const allocate of [allocateFair, allocateFcfs]) {
        const result = allocate(input);
        expect(findViolations(input, result)).toEqual([]);
        expect(result.assignments.length + result.unassigned.length).toBe(input.requests.length);
        expect(result.unassigned.some((u) => u.reason === 'invalid')).toBe(true);
      }
    },
  );

  it('is fairer than FCFS and grants at least as much on a contended week', () => {
    const { input } = syntheticRound({ seed: 11, requests: 1000, machines: 20 });
    const fair = evaluate(input, allocateFair(input));
    const fcfs = evaluate(input, allocateFcfs(input));
    expect(fair.jain).toBeGreaterThan(fcfs.jain);
    expect(fair.satisfiedDemand).toBeGreaterThanOrEqual(fcfs.satisfiedDemand);
  });
});
