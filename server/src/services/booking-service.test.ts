import { describe, expect, it } from 'vitest';
import { openSqlite } from '../store/db.js';
import { ReservationOverlapError, reservationsRepository } from '../store/reservations.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { bookingService } from './booking-service.js';
import { DEMO_MACHINES } from '../demo/workshop.js';
import { seedDemoWorkshop } from '../demo/seed.js';

// Tuesday 1 December 2026, 08:00 in Paris.
const NOW = Date.parse('2026-12-01T07:00:00Z');
const at = (local: string) => Date.parse(`${local}:00+01:00`);

async function workshop() {
  const db = await openSqlite(':memory:');
  await seedDemoWorkshop(db, NOW);
  return { db, service: bookingService(db, () => NOW), reservations: reservationsRepository(db) };
}

describe('booking service on the SQLite store', () => {
  it('books a free slot and refuses the same slot to someone else', async () => {
    const { service } = await workshop();
    const first = await service.book({
      member: 'camille-roux',
      machine: 'laser-co2',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T12:00'),
      by: 'camille-roux',
    });
    expect(first).toMatchObject({
      ok: true,
      reservation: {
        machine: 'laser-co2',
        status: 'confirmed',
        blocksUntil: at('2026-12-02T12:15'),
      },
    });
    const second = await service.book({
      member: 'nadia-benali',
      machine: 'laser-co2',
      start: at('2026-12-02T11:00'),
      end: at('2026-12-02T12:00'),
      by: 'nadia-benali',
    });
    expect(second).toEqual({ ok: false, refusals: [{ code: 'slot_taken' }] });
  });

  it('refuses an untrained member with the training’s name', async () => {
    const { service } = await workshop();
    const r = await service.book({
      member: 'lucas-petit',
      machine: 'laser-co2',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T11:00'),
      by: 'lucas-petit',
    });
    expect(r).toEqual({
      ok: false,
      refusals: [{ code: 'no_qualification', qualification: 'Découpe laser' }],
    });
  });

  it('answers a dry run without writing', async () => {
    const { service, reservations } = await workshop();
    const r = await service.book({
      member: 'camille-roux',
      machine: 'laser-co2',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T11:00'),
      by: 'x',
      dryRun: true,
    });
    expect(r.ok).toBe(true);
    expect(await reservations.list({})).toEqual([]);
  });

  it('puts a booking of a machine needing approval on hold until a manager decides', async () => {
    const { service } = await workshop();
    const r = await service.book({
      member: 'camille-roux',
      machine: 'cnc-fraiseuse',
      start: at('2026-12-02T14:00'),
      end: at('2026-12-02T16:00'),
      by: 'camille-roux',
    });
    expect(r).toMatchObject({ ok: true, reservation: { status: 'pending_approval' } });
    if (!r.ok) return;
    // Pending time is held: nobody else gets it meanwhile.
    expect(
      await service.book({
        member: 'camille-roux',
        machine: 'cnc-fraiseuse',
        start: at('2026-12-02T15:00'),
        end: at('2026-12-02T17:00'),
        by: 'x',
      }),
    ).toEqual({
      ok: false,
      refusals: [{ code: 'slot_taken' }],
    });
    expect(await service.decide(r.reservation.id, true, 'manager')).toMatchObject({
      ok: true,
      reservation: { status: 'confirmed' },
    });
    expect(await service.decide(r.reservation.id, true, 'manager')).toEqual({
      ok: false,
      refusals: [{ code: 'not_cancellable', status: 'confirmed' }],
    });
  });

  it('books "any printer" on the least-booked printer and says when none is free', async () => {
    const { db, service } = await workshop();
    const printer = DEMO_MACHINES.find((m) => m.id === 'prusa-mk4-1')!;
    await bookableMachinesRepository(db).save({
      ...printer,
      id: 'prusa-mk4-2',
      name: 'Prusa MK4 n°2',
    });
    const a = await service.book({
      member: 'nadia-benali',
      kind: 'printer',
      site: 'atelier-demo',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T12:00'),
      by: 'n',
    });
    const b = await service.book({
      member: 'camille-roux',
      kind: 'printer',
      site: 'atelier-demo',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T12:00'),
      by: 'c',
    });
    expect(a.ok && b.ok && new Set([a.reservation.machine, b.reservation.machine])).toEqual(
      new Set(['prusa-mk4-1', 'prusa-mk4-2']),
    );
    const c = await service.book({
      member: 'lucas-petit',
      kind: 'printer',
      site: 'atelier-demo',
      start: at('2026-12-02T11:00'),
      end: at('2026-12-02T12:00'),
      by: 'l',
    });
    expect(c).toEqual({
      ok: false,
      refusals: [{ code: 'no_machine_of_kind_free', kind: 'printer' }],
    });
  });

  it('prefers for "any printer" the printer booked least that local day, not the day before', async () => {
    const { db, service } = await workshop();
    const printer = DEMO_MACHINES.find((m) => m.id === 'prusa-mk4-1')!;
    await bookableMachinesRepository(db).save({ ...printer, id: 'prusa-mk4-2', name: 'n°2' });
    const book = (member: string, machine: string | undefined, start: string, end: string) =>
      service.book({
        member,
        machine,
        kind: machine ? undefined : 'printer',
        site: 'atelier-demo',
        start: at(start),
        end: at(end),
        by: member,
      });
    // n°2 is held longer the day before, n°1 longer on the day itself.
    expect(
      (await book('nadia-benali', 'prusa-mk4-2', '2026-12-02T09:00', '2026-12-02T13:00')).ok,
    ).toBe(true);
    expect(
      (await book('nadia-benali', 'prusa-mk4-1', '2026-12-03T09:00', '2026-12-03T10:00')).ok,
    ).toBe(true);
    const any = await book('camille-roux', undefined, '2026-12-03T14:00', '2026-12-03T15:00');
    expect(any.ok && any.reservation.machine).toBe('prusa-mk4-2');
  });

  it('refuses in the store an overlapping write that skipped the rules', async () => {
    const { service, reservations } = await workshop();
    const r = await service.book({
      member: 'camille-roux',
      machine: 'laser-co2',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T12:00'),
      by: 'c',
    });
    if (!r.ok) throw new Error('setup');
    const sneaky = {
      ...r.reservation,
      id: 'sneaky',
      start: at('2026-12-02T12:00'),
      end: at('2026-12-02T13:00'),
      blocksUntil: at('2026-12-02T13:00'),
    };
    await expect(reservations.insert(sneaky)).rejects.toBeInstanceOf(ReservationOverlapError);
    // After the buffer it goes in; moving it back into the buffer fails in the store too.
    await reservations.insert({
      ...sneaky,
      start: at('2026-12-02T12:15'),
      end: at('2026-12-02T13:00'),
    });
    await expect(
      reservations.move('sneaky', {
        machine: 'laser-co2',
        start: at('2026-12-02T11:45'),
        end: at('2026-12-02T13:00'),
        blocksUntil: at('2026-12-02T13:00'),
      }),
    ).rejects.toBeInstanceOf(ReservationOverlapError);
    // A cancelled reservation frees its time, and cannot be revived over another one.
    await reservations.setStatus(r.reservation.id, 'cancelled', 'c', NOW);
    await reservations.insert({
      ...sneaky,
      id: 'other',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T11:00'),
      blocksUntil: at('2026-12-02T11:00'),
    });
    await expect(
      reservations.setStatus(r.reservation.id, 'confirmed', 'c', NOW),
    ).rejects.toBeInstanceOf(ReservationOverlapError);
    await expect(reservations.setStatus(r.reservation.id, 'confirmed', 'c', NOW)).rejects.toThrow(
      /machine laser-co2 already holds/,
    );
    expect(await reservations.overlaps()).toEqual([]);
  });

  it('cancels until the deadline, moves a booking, and frees the time', async () => {
    const { service } = await workshop();
    const soon = await service.book({
      member: 'camille-roux',
      machine: 'laser-co2',
      start: at('2026-12-01T09:00'),
      end: at('2026-12-01T10:00'),
      by: 'c',
    });
    if (!soon.ok) throw new Error(JSON.stringify(soon));
    expect(await service.cancel(soon.reservation.id, 'c', false)).toEqual({
      ok: false,
      refusals: [{ code: 'cancel_deadline_passed', deadlineMin: 120 }],
    });
    expect(await service.cancel(soon.reservation.id, 'manager', true)).toMatchObject({
      ok: true,
      reservation: { status: 'cancelled' },
    });

    const later = await service.book({
      member: 'camille-roux',
      machine: 'laser-co2',
      start: at('2026-12-03T09:00'),
      end: at('2026-12-03T10:00'),
      by: 'c',
    });
    if (!later.ok) throw new Error('setup');
    const moved = await service.move(
      later.reservation.id,
      { start: at('2026-12-03T09:30'), end: at('2026-12-03T10:30') },
      false,
    );
    expect(moved).toMatchObject({
      ok: true,
      reservation: { start: at('2026-12-03T09:30'), blocksUntil: at('2026-12-03T10:45') },
    });
    const cal = await service.availability(
      'laser-co2',
      at('2026-12-03T00:00'),
      at('2026-12-04T00:00'),
    );
    expect(cal.free).toEqual([
      { start: at('2026-12-03T09:00'), end: at('2026-12-03T09:30') },
      { start: at('2026-12-03T10:45'), end: at('2026-12-03T19:00') },
    ]);
    expect(cal.busy).toEqual([
      { start: at('2026-12-03T09:30'), end: at('2026-12-03T10:30'), status: 'confirmed' },
    ]);
  });
});
