/**
 * Booking a slot, in one transaction: the caller's site rules first, then one machine (its
 * collisions and the rules) or any machine of a kind or group (any-machine.ts), then every unit
 * written with its audit row, or none (the store's no-overlap trigger is the last word).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { BookableMachine, Reservation } from '../../domain/booking/model.js';
import { checkBooking, type BookingContext } from '../../domain/booking/rules.js';
import type { Interval } from '../../domain/booking/site-calendar.js';
import { auditLog } from '../../store/audit-log.js';
import type { Db } from '../../store/db.js';
import { bookableMachinesRepository } from '../../store/machines.js';
import { membersRepository } from '../../store/members.js';
import { ReservationOverlapError, reservationsRepository } from '../../store/reservations.js';
import { writeTransaction } from '../../store/transaction.js';
import type { SerialQueue } from '../serial.js';
import { pickAnyMachines } from './any-machine.js';
import { isRefusal, type RuleContexts } from './context.js';
import type { BookingOutcome, BookRequest } from './request.js';

/** Thrown inside the booking's transaction so that no unit of a refused batch stays written. */
class SlotTakenRollback extends Error {}

export function booker(db: Db, contexts: RuleContexts, serial: SerialQueue, clock: () => number) {
  return async function book(req: BookRequest): Promise<BookingOutcome> {
    const slot = { start: req.start, end: req.end };
    /** What the slot holds of a machine: the slot and the machine's buffer after it. */
    const blocked = (m: BookableMachine): Interval => ({
      start: slot.start,
      end: slot.end + m.bufferMin * 60_000,
    });
    return serial(() =>
      writeTransaction(db, async (trx): Promise<BookingOutcome> => {
        const machines = bookableMachinesRepository(trx);
        const op = await contexts.begin(trx);
        let machine: BookableMachine | undefined;
        let ctx: BookingContext | undefined;
        let more: BookableMachine[] = [];
        const units = req.units ?? 1;
        let lookOn = req.sites;
        if (req.placed) {
          const id = req.machine;
          const asked = id ? await op.view.get(`machine:${id}`, () => machines.get(id)) : undefined;
          const member = req.member;
          const memberSites = await op.view.get(`member-sites:${member}`, () =>
            membersRepository(trx).sitesOf(member),
          );
          lookOn = req.placed(memberSites, asked);
        }
        if (req.machine && units > 1)
          return {
            ok: false,
            refusals: [{ code: 'group_too_small', of: req.machine, wanted: units, machines: 1 }],
          };
        if (req.machine) {
          const id = req.machine;
          machine = await op.view.get(`machine:${id}`, () => machines.get(id));
          if (!machine) return { ok: false, refusals: [{ code: 'machine_unknown', machine: id }] };
          const held = await reservationsRepository(trx).colliding(machine.id, blocked(machine));
          const c = await contexts.contextFor(trx, op, machine, req.member, slot, held);
          if (isRefusal(c)) return { ok: false, refusals: [c] };
          const refusals = checkBooking(c, slot);
          if (refusals.length) return { ok: false, refusals };
          ctx = c;
        } else {
          const picked = await pickAnyMachines(
            trx,
            op,
            contexts,
            req,
            lookOn,
            slot,
            units,
            blocked,
          );
          if ('refusals' in picked) return picked;
          [machine, ...more] = picked.machines as [BookableMachine, ...BookableMachine[]];
          ctx = picked.ctx;
        }
        const batch = more.length ? randomUUID() : null;
        const booked: Reservation[] = [machine, ...more].map((m) => ({
          id: randomUUID(),
          site: m.site,
          machine: m.id,
          member: ctx.member.id,
          start: slot.start,
          end: slot.end,
          blocksUntil: slot.end + m.bufferMin * 60_000,
          status: m.needsApproval && !req.byManager ? 'pending_approval' : 'confirmed',
          createdAt: ctx.now,
          batch,
        }));
        const reservation = booked[0]!;
        const answer = {
          ok: true as const,
          reservation,
          ...(batch ? { reservations: booked } : {}),
        };
        if (req.dryRun) return answer;
        for (const r of booked) {
          try {
            await reservationsRepository(trx).insert(r, req.note ?? null);
          } catch (error) {
            // A unit already written is undone with the transaction: all units or none.
            if (error instanceof ReservationOverlapError) throw new SlotTakenRollback();
            throw error;
          }
          if (req.audit)
            await auditLog(trx, clock).record({
              ...req.audit,
              action: 'reservation.create',
              target: `reservation:${r.id}`,
              site: r.site,
              detail: {
                machine: r.machine,
                member: r.member,
                start: r.start,
                end: r.end,
                ...(batch ? { batch } : {}),
              },
            });
        }
        return answer;
      }).catch((error: unknown): BookingOutcome => {
        if (error instanceof SlotTakenRollback)
          return { ok: false, refusals: [{ code: 'slot_taken' }] };
        throw error;
      }),
    );
  };
}
