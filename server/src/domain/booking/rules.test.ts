import { describe, expect, it } from 'vitest';
import {
  camille,
  context,
  laser,
  NOW,
  paris,
  reservation,
  resident,
  site,
  slot,
} from '../../testing/booking-fixtures.js';
import {
  bookedMsOnLocalDay,
  checkBooking,
  checkCancel,
  checkMove,
  chooseMachine,
} from './rules.js';
import { refusalText } from './refusals.js';

const codes = (refusals: { code: string }[]) => refusals.map((r) => r.code);

describe('booking rules', () => {
  it('accepts a trained member booking a free slot inside opening hours', () => {
    expect(checkBooking(context(), slot('2026-12-01T10:00', '2026-12-01T12:00'))).toEqual([]);
  });

  it('refuses a member without the machine’s training, and says which one', () => {
    const refusals = checkBooking(
      context({ grant: undefined }),
      slot('2026-12-01T10:00', '2026-12-01T12:00'),
    );
    expect(refusals).toEqual([{ code: 'no_qualification', qualification: 'Découpe laser' }]);
    expect(refusalText(refusals[0]!, 'fr')).toBe(
      'Il vous faut la formation « Découpe laser » pour réserver cette machine.',
    );
  });

  it('refuses a slot after the training expires, and accepts one ending before', () => {
    const grant = {
      member: 'camille',
      qualification: 'laser',
      grantedAt: Date.parse('2024-12-03T10:00:00Z'),
      grantedBy: 'm',
    };
    expect(checkBooking(context({ grant }), slot('2026-12-03T14:00', '2026-12-03T15:00'))).toEqual([
      { code: 'qualification_expired', qualification: 'Découpe laser', expiredOn: '2026-12-03' },
    ]);
    expect(checkBooking(context({ grant }), slot('2026-12-02T14:00', '2026-12-02T15:00'))).toEqual(
      [],
    );
  });

  it('refuses when the training lapsed for lack of use over 6 months', () => {
    const lastUse = Date.parse('2026-05-30T10:00:00Z');
    const grant = {
      member: 'camille',
      qualification: 'laser',
      grantedAt: Date.parse('2026-01-10T10:00:00Z'),
      grantedBy: 'm',
    };
    expect(
      codes(
        checkBooking(context({ grant, lastUse }), slot('2026-12-01T10:00', '2026-12-01T11:00')),
      ),
    ).toEqual(['qualification_lapsed']);
    // Used recently: fine.
    expect(
      checkBooking(
        context({ grant, lastUse: Date.parse('2026-06-02T10:00:00Z') }),
        slot('2026-12-01T10:00', '2026-12-01T11:00'),
      ),
    ).toEqual([]);
  });

  it('refuses a slot crossing closing time, one before opening, and a Sunday', () => {
    expect(codes(checkBooking(context(), slot('2026-12-01T17:00', '2026-12-01T18:30')))).toEqual([
      'outside_opening_hours',
    ]);
    expect(codes(checkBooking(context(), slot('2026-12-01T08:30', '2026-12-01T09:30')))).toEqual([
      'outside_opening_hours',
    ]);
    expect(codes(checkBooking(context(), slot('2026-12-06T10:00', '2026-12-06T11:00')))).toEqual([
      'outside_opening_hours',
    ]);
  });

  it('refuses a public holiday with its name', () => {
    expect(checkBooking(context(), slot('2026-12-25T10:00', '2026-12-25T11:00'))).toEqual([
      { code: 'closed_day', date: '2026-12-25', reason: 'Noël' },
    ]);
  });

  it('keeps 09:00 local as opening across the spring DST change', () => {
    const now = Date.parse('2026-03-20T08:00:00Z');
    const grant = {
      member: 'camille',
      qualification: 'laser',
      grantedAt: Date.parse('2026-03-01T08:00:00Z'),
      grantedBy: 'm',
    };
    // Monday 30 March 2026, first day of summer time: 09:00 CEST is 07:00Z.
    expect(
      checkBooking(context({ now, grant }), {
        start: Date.parse('2026-03-30T07:00:00Z'),
        end: Date.parse('2026-03-30T08:00:00Z'),
      }),
    ).toEqual([]);
    expect(
      codes(
        checkBooking(context({ now, grant }), {
          start: Date.parse('2026-03-30T06:00:00Z'),
          end: Date.parse('2026-03-30T07:00:00Z'),
        }),
      ),
    ).toEqual(['outside_opening_hours']);
  });

  it('refuses slots off the 15-minute grid, too short and too long', () => {
    expect(codes(checkBooking(context(), slot('2026-12-01T10:10', '2026-12-01T11:10')))).toEqual([
      'off_grid',
    ]);
    expect(codes(checkBooking(context(), slot('2026-12-01T10:00', '2026-12-01T10:15')))).toEqual([
      'too_short',
    ]);
    expect(codes(checkBooking(context(), slot('2026-12-01T09:00', '2026-12-01T13:15')))).toEqual([
      'too_long',
    ]);
  });

  it('refuses the past and beyond the plan’s booking horizon', () => {
    expect(codes(checkBooking(context(), slot('2026-11-30T10:00', '2026-11-30T11:00')))).toEqual([
      'in_the_past',
    ]);
    expect(checkBooking(context(), slot('2026-12-29T10:00', '2026-12-29T11:00'))).toEqual([]);
    expect(checkBooking(context(), slot('2026-12-30T10:00', '2026-12-30T11:00'))).toContainEqual({
      code: 'too_far_ahead',
      maxDays: 28,
    });
  });

  it('refuses someone else’s slot, including the machine’s 15-minute buffer on either side', () => {
    const taken = [
      reservation({ start: paris('2026-12-01T10:00'), end: paris('2026-12-01T12:00') }),
    ];
    const ctx = context({ machineReservations: taken });
    expect(codes(checkBooking(ctx, slot('2026-12-01T11:00', '2026-12-01T13:00')))).toEqual([
      'slot_taken',
    ]);
    expect(codes(checkBooking(ctx, slot('2026-12-01T12:00', '2026-12-01T13:00')))).toEqual([
      'slot_taken',
    ]);
    expect(checkBooking(ctx, slot('2026-12-01T12:15', '2026-12-01T13:00'))).toEqual([]);
    expect(codes(checkBooking(ctx, slot('2026-12-01T09:00', '2026-12-01T10:00')))).toEqual([
      'slot_taken',
    ]);
    expect(checkBooking(ctx, slot('2026-12-01T09:00', '2026-12-01T09:45'))).toEqual([]);
    // A cancelled booking holds nothing; a moved booking does not collide with itself.
    expect(
      checkBooking(
        context({ machineReservations: [{ ...taken[0]!, status: 'cancelled' }] }),
        slot('2026-12-01T11:00', '2026-12-01T12:00'),
      ),
    ).toEqual([]);
    expect(
      checkBooking({ ...ctx, moving: 'r-other' }, slot('2026-12-01T11:00', '2026-12-01T12:00')),
    ).toEqual([]);
  });

  it('counts the weekly hour quota up to its boundary exactly', () => {
    // 8 h booked this week (Monday 30 Nov – Sunday 6 Dec); quota 10 h.
    const mine = [
      reservation({
        id: 'a',
        member: 'camille',
        machine: 'cnc-1',
        start: paris('2026-12-01T09:00'),
        end: paris('2026-12-01T13:00'),
      }),
      reservation({
        id: 'b',
        member: 'camille',
        machine: 'cnc-1',
        start: paris('2026-12-02T09:00'),
        end: paris('2026-12-02T13:00'),
      }),
    ];
    expect(
      checkBooking(
        context({ memberReservations: mine }),
        slot('2026-12-03T09:00', '2026-12-03T11:00'),
      ),
    ).toEqual([]);
    expect(
      checkBooking(
        context({ memberReservations: mine }),
        slot('2026-12-03T09:00', '2026-12-03T11:15'),
      ),
    ).toEqual([{ code: 'quota_hours_reached', period: 'week', limitHours: 10, usedHours: 8 }]);
    // Next week is a new week; a quota-exempt member is not counted; a cancelled booking does not count.
    expect(
      checkBooking(
        context({ memberReservations: mine }),
        slot('2026-12-07T09:00', '2026-12-07T13:00'),
      ),
    ).toEqual([]);
    expect(
      checkBooking(
        context({ memberReservations: mine, member: { ...camille, quotaExempt: true } }),
        slot('2026-12-03T09:00', '2026-12-03T13:00'),
      ),
    ).toEqual([]);
    expect(
      checkBooking(
        context({ memberReservations: mine.map((r) => ({ ...r, status: 'cancelled' as const })) }),
        slot('2026-12-03T09:00', '2026-12-03T13:00'),
      ),
    ).toEqual([]);
  });

  it('counts a quota of reservations per day', () => {
    const plan = { ...resident, quotas: [{ period: 'day' as const, bookings: 1 }] };
    const mine = [
      reservation({
        id: 'a',
        member: 'camille',
        start: paris('2026-12-01T09:00'),
        end: paris('2026-12-01T10:00'),
      }),
    ];
    expect(
      checkBooking(
        context({ plan, memberReservations: mine }),
        slot('2026-12-01T14:00', '2026-12-01T15:00'),
      ),
    ).toEqual([{ code: 'quota_bookings_reached', period: 'day', limit: 1 }]);
    expect(
      checkBooking(
        context({ plan, memberReservations: mine }),
        slot('2026-12-02T14:00', '2026-12-02T15:00'),
      ),
    ).toEqual([]);
  });

  it('refuses a machine out of order or in maintenance, a blackout and an inactive member, all at once', () => {
    const ctx = context({
      machine: {
        ...laser,
        status: 'maintenance',
        blackouts: [
          {
            start: paris('2026-12-01T00:00'),
            end: paris('2026-12-02T00:00'),
            reason: 'inventaire',
          },
        ],
      },
      member: { ...camille, active: false },
    });
    expect(codes(checkBooking(ctx, slot('2026-12-01T10:00', '2026-12-01T11:00')))).toEqual([
      'membership_inactive',
      'machine_in_maintenance',
      'blackout',
    ]);
    expect(
      codes(
        checkBooking(
          context({ machine: { ...laser, status: 'out_of_order' } }),
          slot('2026-12-01T10:00', '2026-12-01T11:00'),
        ),
      ),
    ).toEqual(['machine_out_of_order']);
  });

  it('picks the least-booked free machine for "any laser", and says none is free otherwise', () => {
    const other = { ...laser, id: 'laser-2' };
    const busy = [
      reservation({
        machine: 'laser-2',
        start: paris('2026-12-01T10:00'),
        end: paris('2026-12-01T12:00'),
      }),
    ];
    const s = slot('2026-12-01T14:00', '2026-12-01T15:00');
    const pick = chooseMachine(
      'laser',
      [
        { ctx: context(), bookedMsThatDay: 3 * 3_600_000 },
        {
          ctx: context({ machine: other, machineReservations: busy }),
          bookedMsThatDay: 2 * 3_600_000,
        },
      ],
      s,
    );
    expect(pick).toEqual({ machine: other });
    const full = chooseMachine(
      'laser',
      [
        {
          ctx: context({ machineReservations: busy.map((r) => ({ ...r, machine: 'laser-1' })) }),
          bookedMsThatDay: 0,
        },
      ],
      slot('2026-12-01T10:00', '2026-12-01T11:00'),
    );
    expect(full).toEqual({ refusals: [{ code: 'no_machine_of_kind_free', kind: 'laser' }] });
  });

  it('gives, when no machine is free, the refusals of the candidate with the fewest, the first of equals', () => {
    const busy = (id: string) => [
      reservation({
        machine: id,
        start: paris('2026-12-01T10:00'),
        end: paris('2026-12-01T12:00'),
      }),
    ];
    const broken = { ...laser, id: 'laser-2', status: 'out_of_order' as const };
    const third = { ...laser, id: 'laser-3' };
    // Out of the site's hours and taken: every candidate shares the calendar's refusal.
    const s = slot('2026-12-01T11:00', '2026-12-01T18:30');
    const pick = chooseMachine(
      'laser',
      [
        {
          ctx: context({ machine: broken, machineReservations: busy('laser-2') }),
          bookedMsThatDay: 0,
        },
        { ctx: context({ machineReservations: busy('laser-1') }), bookedMsThatDay: 5 },
        {
          ctx: context({ machine: third, machineReservations: busy('laser-3') }),
          bookedMsThatDay: 1,
        },
      ],
      s,
    );
    expect(pick).toEqual({
      refusals: [
        { code: 'too_long', maxMin: 240 },
        { code: 'outside_opening_hours' },
        { code: 'no_machine_of_kind_free', kind: 'laser' },
      ],
    });
  });

  it("counts a machine's booked time on the workshop's local day, not the UTC day", () => {
    const late = reservation({ start: paris('2026-12-01T23:30'), end: paris('2026-12-02T00:30') });
    const early = reservation({ start: paris('2026-12-02T00:30'), end: paris('2026-12-02T02:00') });
    // 00:30 in Paris on 2 December is still 1 December in UTC: it belongs to the 2nd here.
    expect(bookedMsOnLocalDay([late, early], paris('2026-12-02T10:00'), 'Europe/Paris')).toBe(
      90 * 60_000,
    );
    expect(bookedMsOnLocalDay([late, early], paris('2026-12-01T10:00'), 'Europe/Paris')).toBe(
      60 * 60_000,
    );
    // Summer time: the day still starts at local midnight.
    const summer = reservation({
      start: paris('2026-07-14T00:15'),
      end: paris('2026-07-14T01:15'),
    });
    expect(bookedMsOnLocalDay([summer], paris('2026-07-14T12:00'), 'Europe/Paris')).toBe(
      60 * 60_000,
    );
  });

  it('lets an artisan cancel or move until the deadline and a manager after it', () => {
    const r = reservation({
      member: 'camille',
      start: NOW + 3 * 3_600_000,
      end: NOW + 4 * 3_600_000,
    });
    expect(checkCancel(r, 120, NOW, false)).toEqual([]);
    expect(checkCancel(r, 240, NOW, false)).toEqual([
      { code: 'cancel_deadline_passed', deadlineMin: 240 },
    ]);
    expect(checkCancel(r, 240, NOW, true)).toEqual([]);
    expect(checkMove(r, 240, NOW, false)).toEqual([
      { code: 'move_deadline_passed', deadlineMin: 240 },
    ]);
    expect(checkCancel({ ...r, status: 'cancelled' }, 120, NOW, true)).toEqual([
      { code: 'not_cancellable', status: 'cancelled' },
    ]);
  });

  it('has French and English words for the site’s reasons', () => {
    expect(
      refusalText(
        { code: 'quota_hours_reached', period: 'week', limitHours: 10, usedHours: 8.5 },
        'fr',
      ),
    ).toBe('Quota atteint : 8,5 h réservées sur 10 h par semaine.');
    expect(
      refusalText(
        { code: 'quota_hours_reached', period: 'week', limitHours: 10, usedHours: 8.5 },
        'en',
      ),
    ).toBe('Quota reached: 8.5 h booked of 10 h per week.');
    expect(site.rules.granularityMin).toBe(15);
  });
});
