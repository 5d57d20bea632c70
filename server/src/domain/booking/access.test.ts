import { describe, expect, it } from 'vitest';
import { context, laser, paris, reservation, slot } from '../../testing/booking-fixtures.js';
import { checkAccess, grantsToWarn, starterOf } from './access.js';
import { refusalText } from './refusals.js';

const at = (local: string) => context({ now: paris(local) });
const codes = (d: ReturnType<typeof checkAccess>) =>
  d.allowed ? [] : d.refusals.map((r) => r.code);

describe('access at the machine', () => {
  const mine = reservation({
    id: 'r-camille',
    member: 'camille',
    start: paris('2026-12-01T10:00'),
    end: paris('2026-12-01T12:00'),
  });
  const theirs = reservation({
    id: 'r-dominique',
    start: paris('2026-12-01T14:00'),
    end: paris('2026-12-01T16:00'),
  });

  it('lets the holder start their slot, from the no-show grace before it, until its end', () => {
    const d = checkAccess({ ...at('2026-12-01T09:50'), machineReservations: [mine, theirs] });
    expect(d).toMatchObject({ allowed: true, as: 'holder', until: mine.end, next: theirs });
    expect(d.allowed && d.reservation?.id).toBe('r-camille');
  });

  it('lets a walk-in use the machine before someone else’s slot, not inside its setting-up grace', () => {
    const soon = reservation({
      start: paris('2026-12-01T11:00'),
      end: paris('2026-12-01T12:00'),
    });
    const d = checkAccess({ ...at('2026-12-01T10:10'), machineReservations: [soon] });
    expect(d).toMatchObject({ allowed: true, as: 'walk_in', until: soon.start - 15 * 60_000 });
  });

  it('refuses someone else’s slot under way, saying until when it is held', () => {
    const d = checkAccess({ ...at('2026-12-01T14:30'), machineReservations: [mine, theirs] });
    expect(d).toEqual({ allowed: false, refusals: [{ code: 'not_your_slot', until: '16:00' }] });
    expect(refusalText(d.allowed ? { code: 'slot_over' } : d.refusals[0]!, 'fr')).toBe(
      'Quelqu’un d’autre a réservé la machine jusqu’à 16:00.',
    );
  });

  it('lets a walk-in use a free machine until the next slot’s buffer', () => {
    const d = checkAccess({ ...at('2026-12-01T12:30'), machineReservations: [mine, theirs] });
    expect(d).toMatchObject({ allowed: true, as: 'walk_in', reservation: null, next: theirs });
    expect(d.allowed && d.until).toBe(theirs.start - laser.bufferMin * 60_000);
  });

  it('refuses a walk-in when the next slot is too near, when walk-ins are refused, or when closed', () => {
    expect(
      codes(checkAccess({ ...at('2026-12-01T13:30'), machineReservations: [theirs] })),
    ).toEqual(['next_slot_soon']);
    const bookedOnly = { ...laser, rules: { walkIns: 'refused' as const } };
    expect(codes(checkAccess({ ...at('2026-12-01T11:00'), machine: bookedOnly }))).toEqual([
      'walk_ins_refused',
    ]);
    expect(codes(checkAccess(at('2026-12-01T20:00')))).toEqual(['workshop_closed_now']);
    expect(codes(checkAccess(at('2026-12-25T11:00')))).toEqual(['closed_day']);
  });

  it('refuses without the training, with the membership inactive, or the machine out of order, even to the holder', () => {
    const base = { ...at('2026-12-01T10:30'), machineReservations: [mine] };
    expect(codes(checkAccess({ ...base, grant: undefined }))).toEqual(['no_qualification']);
    expect(codes(checkAccess({ ...base, member: { ...base.member, active: false } }))).toEqual([
      'membership_inactive',
    ]);
    expect(codes(checkAccess({ ...base, machine: { ...laser, status: 'out_of_order' } }))).toEqual([
      'machine_out_of_order',
    ]);
  });

  it('ends a walk-in at closing time when the whole slot must be staffed, not the longest booking', () => {
    const d = checkAccess(at('2026-12-01T16:30'));
    expect(d).toMatchObject({ allowed: true, as: 'walk_in', until: paris('2026-12-01T18:00') });
    const unattended = { ...laser, rules: { staffedHours: 'start' as const } };
    const long = checkAccess({ ...at('2026-12-01T16:30'), machine: unattended });
    expect(long.allowed && long.until).toBe(paris('2026-12-01T20:30'));
  });

  it('ends a walk-in when the next blackout begins', () => {
    const serviced = {
      ...laser,
      blackouts: [{ ...slot('2026-12-01T13:00', '2026-12-01T15:00'), reason: 'Révision' }],
    };
    const d = checkAccess({ ...at('2026-12-01T12:00'), machine: serviced });
    expect(d.allowed && d.until).toBe(paris('2026-12-01T13:00'));
  });

  it('ends a walk-in when the member’s hours quota is spent', () => {
    const used = reservation({
      id: 'a',
      member: 'camille',
      machine: 'x',
      start: paris('2026-11-30T09:00'),
      end: paris('2026-11-30T18:30'),
    });
    const d = checkAccess({ ...at('2026-12-01T11:00'), memberReservations: [used] });
    expect(d).toMatchObject({ allowed: true, until: paris('2026-12-01T11:30') });
  });

  it('refuses a walk-in while someone else’s grant on the machine runs, not one’s own', () => {
    const lucas = {
      machine: laser.id,
      member: 'lucas',
      grantedAt: paris('2026-12-01T10:00'),
      until: paris('2026-12-01T12:00'),
    };
    const d = checkAccess({ ...at('2026-12-01T10:30'), runningGrants: [lucas] });
    expect(d).toEqual({ allowed: false, refusals: [{ code: 'machine_in_use', until: '12:00' }] });
    const mineAgain = checkAccess({
      ...at('2026-12-01T10:30'),
      runningGrants: [{ ...lucas, member: 'camille' }],
    });
    expect(mineAgain.allowed).toBe(true);
    const ended = checkAccess({ ...at('2026-12-01T12:00'), runningGrants: [lucas] });
    expect(ended.allowed).toBe(true);
  });

  it('does not warn of the member’s own following slot', () => {
    const mineLater = reservation({
      id: 'r-camille-2',
      member: 'camille',
      start: paris('2026-12-01T12:30'),
      end: paris('2026-12-01T13:00'),
    });
    const holder = checkAccess({
      ...at('2026-12-01T10:30'),
      machineReservations: [mine, mineLater, theirs],
    });
    expect(holder).toMatchObject({ allowed: true, as: 'holder', next: theirs });
    const walkIn = checkAccess({ ...at('2026-12-01T09:00'), machineReservations: [mineLater] });
    expect(walkIn).toMatchObject({
      allowed: true,
      as: 'walk_in',
      next: null,
      until: mineLater.start - laser.bufferMin * 60_000,
    });
  });

  it('refuses a walk-in past the member’s quota', () => {
    const week = [
      reservation({
        id: 'a',
        member: 'camille',
        machine: 'x',
        start: paris('2026-11-30T09:00'),
        end: paris('2026-11-30T17:00'),
      }),
      reservation({
        id: 'b',
        member: 'camille',
        machine: 'x',
        start: paris('2026-12-02T09:00'),
        end: paris('2026-12-02T11:00'),
      }),
    ];
    expect(codes(checkAccess({ ...at('2026-12-01T11:00'), memberReservations: week }))).toEqual([
      'quota_hours_reached',
    ]);
  });
});

describe('who started a job', () => {
  const grants = [
    { machine: 'laser-1', member: 'nadia', grantedAt: 1_000, until: 5_000 },
    { machine: 'laser-1', member: 'lucas', grantedAt: 2_000, until: 3_000 },
    { machine: 'cnc-1', member: 'hugo', grantedAt: 1_000, until: 9_000 },
  ];
  it('is the person of the latest grant on the machine still running when the job began', () => {
    expect(starterOf(grants, 'laser-1', 2_500)).toBe('lucas');
    expect(starterOf(grants, 'laser-1', 3_500)).toBe('nadia');
    expect(starterOf(grants, 'cnc-1', 2_500)).toBe('hugo');
  });
  it('is nobody before any grant, after the grants ended, or on a machine nobody unlocked', () => {
    expect(starterOf(grants, 'laser-1', 500)).toBeNull();
    expect(starterOf(grants, 'laser-1', 5_000)).toBeNull();
    expect(starterOf(grants, 'printer-1', 2_500)).toBeNull();
  });
});

describe('warning before the next slot', () => {
  const next = reservation({
    id: 'r-next',
    start: paris('2026-12-01T11:00'),
    end: paris('2026-12-01T12:00'),
  });
  const grant = {
    machine: 'laser-1',
    member: 'camille',
    grantedAt: paris('2026-12-01T10:00'),
    until: paris('2026-12-01T10:45'),
  };
  const buffer = () => 15;
  it('warns the person of a grant within the lead of its end when another member’s slot follows', () => {
    expect(grantsToWarn([grant], [next], paris('2026-12-01T10:30'), 20, buffer)).toEqual([
      { grant, next },
    ]);
  });
  it('says nothing too early, twice, after the end, or before their own slot', () => {
    expect(grantsToWarn([grant], [next], paris('2026-12-01T10:10'), 20, buffer)).toEqual([]);
    expect(
      grantsToWarn([{ ...grant, warned: true }], [next], paris('2026-12-01T10:30'), 20, buffer),
    ).toEqual([]);
    expect(grantsToWarn([grant], [next], paris('2026-12-01T10:46'), 20, buffer)).toEqual([]);
    const mine = { ...next, member: 'camille' };
    expect(grantsToWarn([grant], [mine], paris('2026-12-01T10:30'), 20, buffer)).toEqual([]);
  });
});
