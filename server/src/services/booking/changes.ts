/**
 * A booking after it is made: cancelled, moved, approved or rejected, each in its transaction with
 * the rules' deadlines, and the slot it frees offered to the waitlist (`onFreed`); and a machine's
 * calendar of free and held time.
 * @module
 */
import {
  HOLDING_STATUSES,
  rulesFor,
  type BookableMachine,
  type Reservation,
  type Site,
} from '../../domain/booking/model.js';
import { checkBooking, checkCancel, checkMove } from '../../domain/booking/rules.js';
import {
  mergeIntervals,
  openIntervals,
  subtractIntervals,
} from '../../domain/booking/site-calendar.js';
import type { Db } from '../../store/db.js';
import { bookableMachinesRepository } from '../../store/machines.js';
import { ReservationOverlapError, reservationsRepository } from '../../store/reservations.js';
import { sitesRepository } from '../../store/sites.js';
import { writeTransaction } from '../../store/transaction.js';
import type { SerialQueue } from '../serial.js';
import { isRefusal, type RuleContexts } from './context.js';
import { NotFoundError, type BookingOutcome, type OnFreed } from './request.js';

export function reservationChanges(
  db: Db,
  contexts: RuleContexts,
  serial: SerialQueue,
  clock: () => number,
  onFreed: OnFreed,
) {
  async function freed(machineId: string, start: number, end: number): Promise<void> {
    const machine = await bookableMachinesRepository(db).get(machineId);
    if (machine)
      await onFreed({
        site: machine.site,
        machine: machine.id,
        kind: machine.kind,
        start: Math.max(start, clock()),
        end,
      });
  }

  return {
    async cancel(id: string, by: string, byManager: boolean): Promise<BookingOutcome> {
      const outcome = await serial(() =>
        writeTransaction(db, async (trx): Promise<BookingOutcome> => {
          const reservations = reservationsRepository(trx);
          const r = await reservations.get(id);
          if (!r) throw new NotFoundError('reservation', id);
          const { site, machine } = await siteAndMachine(trx, r.machine);
          const refusals = checkCancel(
            r,
            rulesFor(site, machine).cancelDeadlineMin,
            clock(),
            byManager,
          );
          if (refusals.length) return { ok: false, refusals };
          await reservations.setStatus(id, 'cancelled', by, clock());
          return { ok: true, reservation: { ...r, status: 'cancelled' } };
        }),
      );
      if (outcome.ok)
        await freed(
          outcome.reservation.machine,
          outcome.reservation.start,
          outcome.reservation.end,
        );
      return outcome;
    },

    /** Moves a reservation to another slot (and machine, for a manager re-planning). */
    async move(
      id: string,
      to: { start: number; end: number; machine?: string | undefined },
      byManager: boolean,
    ): Promise<BookingOutcome> {
      let before: Reservation | undefined;
      const outcome = await serial(() =>
        writeTransaction(db, async (trx): Promise<BookingOutcome> => {
          const reservations = reservationsRepository(trx);
          const r = await reservations.get(id);
          if (!r) throw new NotFoundError('reservation', id);
          before = r;
          const from = await siteAndMachine(trx, r.machine);
          const deadline = checkMove(
            r,
            rulesFor(from.site, from.machine).moveDeadlineMin,
            clock(),
            byManager,
          );
          if (deadline.length) return { ok: false, refusals: deadline };
          const machine = to.machine
            ? await bookableMachinesRepository(trx).get(to.machine)
            : from.machine;
          if (!machine)
            return {
              ok: false,
              refusals: [{ code: 'machine_unknown', machine: to.machine ?? '' }],
            };
          const slot = { start: to.start, end: to.end };
          const held = await reservations.colliding(
            machine.id,
            { start: slot.start, end: slot.end + machine.bufferMin * 60_000 },
            r.id,
          );
          const ctx = await contexts.contextFor(
            trx,
            await contexts.begin(trx),
            machine,
            r.member,
            slot,
            held,
            r.id,
          );
          if (isRefusal(ctx)) return { ok: false, refusals: [ctx] };
          const refusals = checkBooking(ctx, slot);
          if (refusals.length) return { ok: false, refusals };
          const moved = {
            ...r,
            machine: machine.id,
            site: machine.site,
            start: slot.start,
            end: slot.end,
            blocksUntil: slot.end + machine.bufferMin * 60_000,
          };
          try {
            await reservations.move(id, moved);
          } catch (error) {
            if (error instanceof ReservationOverlapError)
              return { ok: false, refusals: [{ code: 'slot_taken' }] };
            throw error;
          }
          return { ok: true, reservation: moved };
        }),
      );
      // The old slot, where the new one does not cover it, is free for the waitlist.
      if (outcome.ok && before) {
        const b = before;
        const m = outcome.reservation;
        if (m.machine !== b.machine || m.start >= b.end || m.end <= b.start)
          await freed(b.machine, b.start, b.end);
        else if (m.start > b.start) await freed(b.machine, b.start, m.start);
      }
      return outcome;
    },

    /** A manager approves or rejects a reservation waiting for approval. */
    async decide(id: string, approve: boolean, by: string): Promise<BookingOutcome> {
      const outcome = await serial(() =>
        writeTransaction(db, async (trx): Promise<BookingOutcome> => {
          const reservations = reservationsRepository(trx);
          const r = await reservations.get(id);
          if (!r) throw new NotFoundError('reservation', id);
          if (r.status !== 'pending_approval')
            return { ok: false, refusals: [{ code: 'not_cancellable', status: r.status }] };
          const status = approve ? 'confirmed' : 'rejected';
          await reservations.setStatus(id, status, by, clock());
          return { ok: true, reservation: { ...r, status } };
        }),
      );
      if (outcome.ok && outcome.reservation.status === 'rejected')
        await freed(
          outcome.reservation.machine,
          outcome.reservation.start,
          outcome.reservation.end,
        );
      return outcome;
    },

    /**
     * A machine's calendar between `from` and `to`: when it can be booked (opening hours minus
     * blackouts and held time, buffers included) and the held slots, without who holds them.
     */
    async availability(machineId: string, from: number, to: number) {
      const { site, machine } = await siteAndMachine(db, machineId);
      const held = await reservationsRepository(db).list({
        machine: machineId,
        statuses: HOLDING_STATUSES,
        from,
        to,
      });
      const busy = mergeIntervals(held.map((r) => ({ start: r.start, end: r.blocksUntil })));
      const blackouts = mergeIntervals([...site.blackouts, ...machine.blackouts]);
      const bookable =
        machine.status === 'in_service'
          ? subtractIntervals(subtractIntervals(openIntervals(site, from, to), blackouts), busy)
          : [];
      return {
        machine,
        timezone: site.timezone,
        free: bookable,
        busy: held.map((r) => ({ start: r.start, end: r.end, status: r.status })),
      };
    },
  };

  async function siteAndMachine(
    trx: Db,
    machineId: string,
  ): Promise<{ site: Site; machine: BookableMachine }> {
    const machine = await bookableMachinesRepository(trx).get(machineId);
    if (!machine) throw new NotFoundError('machine', machineId);
    const site = await sitesRepository(trx).get(machine.site);
    if (!site) throw new NotFoundError('site', machine.site);
    return { site, machine };
  }
}
