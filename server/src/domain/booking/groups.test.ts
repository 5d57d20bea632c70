import { describe, expect, it } from 'vitest';
import {
  camille,
  context,
  laser,
  paris,
  reservation,
  resident,
  slot,
} from '../../testing/booking-fixtures.js';
import type { BookableMachine } from './model.js';
import { refusalText } from './refusals.js';
import { checkBooking, chooseMachines, type Candidate } from './rules.js';

const codes = (refusals: { code: string }[]) => refusals.map((r) => r.code);

/** The four Prusa MK4 of the Lyon workshop: one group, printers, no training needed. */
const mk4 = (n: number): BookableMachine => ({
  ...laser,
  id: `mk4-${n}`,
  name: `Prusa MK4 n°${n}`,
  kind: 'printer',
  qualification: null,
  bufferMin: 0,
  group: 'prusa-mk4',
});
const printers = [1, 2, 3, 4].map(mk4);
const noTraining = { training: undefined, grant: undefined };
const candidates = (
  busy: Record<string, number> = {},
  over: Partial<Candidate['ctx']> = {},
): Candidate[] =>
  printers.map((m) => ({
    ctx: context({ machine: m, ...noTraining, ...over }),
    bookedMsThatDay: busy[m.id] ?? 0,
  }));

describe('machine groups and several units at once', () => {
  it('books three different printers of the group for one window, least booked first', () => {
    const pick = chooseMachines(
      { group: 'prusa-mk4' },
      candidates({ 'mk4-1': 4 * 3_600_000, 'mk4-2': 3_600_000 }),
      slot('2026-12-01T10:00', '2026-12-01T12:00'),
      3,
    );
    expect('machines' in pick && pick.machines.map((m) => m.id)).toEqual([
      'mk4-3',
      'mk4-4',
      'mk4-2',
    ]);
  });

  it('books all units or none, and says how many were free', () => {
    const taken = (id: string) =>
      reservation({
        machine: id,
        start: paris('2026-12-01T09:00'),
        end: paris('2026-12-01T13:00'),
      });
    const list = candidates().map((c, i) =>
      i < 2 ? { ...c, ctx: { ...c.ctx, machineReservations: [taken(c.ctx.machine.id)] } } : c,
    );
    const pick = chooseMachines(
      { group: 'prusa-mk4' },
      list,
      slot('2026-12-01T10:00', '2026-12-01T12:00'),
      3,
    );
    expect(pick).toEqual({
      refusals: [{ code: 'not_enough_units_free', of: 'prusa-mk4', wanted: 3, free: 2 }],
    });
    expect(refusalText((pick as { refusals: [never] }).refusals[0], 'fr')).toBe(
      'Vous demandez 3 machines « prusa-mk4 » ; 2 seulement sont libres sur ce créneau.',
    );
    expect(
      chooseMachines(
        { group: 'prusa-mk4' },
        candidates(),
        slot('2026-12-01T10:00', '2026-12-01T12:00'),
        5,
      ),
    ).toEqual({
      refusals: [{ code: 'group_too_small', of: 'prusa-mk4', wanted: 5, machines: 4 }],
    });
  });

  it('says the group is unknown when no machine of the member’s sites is in it', () => {
    expect(
      chooseMachines({ group: 'bambu-x1' }, [], slot('2026-12-01T10:00', '2026-12-01T12:00'), 1),
    ).toEqual({
      refusals: [{ code: 'group_unknown', group: 'bambu-x1' }],
    });
  });

  it('counts every unit in the weekly hours: three printers for 4 h are 12 of the 10 hours', () => {
    const pick = chooseMachines(
      { group: 'prusa-mk4' },
      candidates(),
      slot('2026-12-01T10:00', '2026-12-01T14:00'),
      3,
    );
    expect(pick).toEqual({
      refusals: [{ code: 'quota_hours_reached', period: 'week', limitHours: 10, usedHours: 8 }],
    });
    const two = chooseMachines(
      { group: 'prusa-mk4' },
      candidates(),
      slot('2026-12-01T10:00', '2026-12-01T14:00'),
      2,
    );
    expect('machines' in two && two.machines).toHaveLength(2);
  });

  it('holds a group quota only on the group, counting only the group’s reservations', () => {
    const plan = {
      ...resident,
      quotas: [{ period: 'week' as const, bookings: 1, group: 'prusa-mk4' }],
    };
    const groupOf = (id: string) => (id.startsWith('mk4-') ? 'prusa-mk4' : null);
    const onLaser = reservation({
      machine: 'laser-1',
      member: 'camille',
      start: paris('2026-12-02T10:00'),
      end: paris('2026-12-02T11:00'),
    });
    const s = slot('2026-12-01T10:00', '2026-12-01T12:00');
    // A laser booking does not count in the printers' quota…
    const printer = context({
      machine: mk4(1),
      ...noTraining,
      plan,
      groupOf,
      memberReservations: [onLaser],
    });
    expect(checkBooking(printer, s)).toEqual([]);
    // …and the printers' quota does not hold the laser.
    const onPrinter = { ...onLaser, machine: 'mk4-2' };
    expect(checkBooking(context({ plan, groupOf, memberReservations: [onPrinter] }), s)).toEqual(
      [],
    );
    const refusals = checkBooking({ ...printer, memberReservations: [onPrinter] }, s);
    expect(refusals).toEqual([
      { code: 'quota_bookings_reached', period: 'week', limit: 1, group: 'prusa-mk4' },
    ]);
    expect(refusalText(refusals[0]!, 'en')).toBe(
      'Quota reached: 1 reservation(s) per week on group "prusa-mk4".',
    );
    expect(camille.quotaExempt).toBe(false);
  });
});

describe('staffed start, unattended run', () => {
  const overnight = {
    ...mk4(1),
    rules: { staffedHours: 'start' as const, maxMin: 60 * 60 },
  };
  const ctx = context({ machine: overnight, ...noTraining, plan: { ...resident, quotas: [] } });

  it('accepts a 40 h print that starts in opening hours and runs through the night and Sunday', () => {
    // Saturday 5 December 14:00 (open 10–16) to Monday 06:00: Saturday night, closed Sunday.
    expect(checkBooking(ctx, slot('2026-12-05T14:00', '2026-12-07T06:00'))).toEqual([]);
  });

  it('refuses a start outside staffed hours, with words saying only the start must be staffed', () => {
    const refusals = checkBooking(ctx, slot('2026-12-05T17:00', '2026-12-06T09:00'));
    expect(codes(refusals)).toEqual(['start_outside_staffed_hours']);
    expect(refusalText(refusals[0]!, 'fr')).toContain('commencer pendant les heures d’ouverture');
    // Sunday has no opening hours: nobody is there to see a job start.
    expect(codes(checkBooking(ctx, slot('2026-12-06T10:00', '2026-12-06T20:00')))).toEqual([
      'start_outside_staffed_hours',
    ]);
  });

  it('keeps the whole slot in opening hours on a machine without the rule', () => {
    const plain = context({ machine: { ...overnight, rules: { maxMin: 60 * 60 } }, ...noTraining });
    expect(codes(checkBooking(plain, slot('2026-12-04T14:00', '2026-12-04T20:00')))).toEqual([
      'outside_opening_hours',
    ]);
  });
});

describe('several units and booking-count quotas', () => {
  it('counts three printers booked together as one booking of the day, and their hours each', () => {
    const plan = { ...resident, quotas: [{ period: 'day' as const, bookings: 1 }] };
    const s = slot('2026-12-01T10:00', '2026-12-01T12:00');
    const pick = chooseMachines({ group: 'prusa-mk4' }, candidates({}, { plan }), s, 3);
    expect('machines' in pick && pick.machines).toHaveLength(3);
    // A second booking that day is refused: the batch was one.
    const batch = ['mk4-1', 'mk4-2', 'mk4-3'].map((machine, i) =>
      reservation({ id: `u${i}`, machine, member: 'camille', batch: 'b1', ...s }),
    );
    const again = checkBooking(
      context({ machine: mk4(4), ...noTraining, plan, memberReservations: batch }),
      slot('2026-12-01T14:00', '2026-12-01T15:00'),
    );
    expect(codes(again)).toEqual(['quota_bookings_reached']);
  });
});
