/**
 * The waitlist over the store: join, withdraw, offers made when a slot frees (cancellation,
 * no-show, outage), offers expiring and passing to the next member, and accepting an offer,
 * which books through the booking service and its rules.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { weightOf } from '../domain/allocation/round-input.js';
import type { MachineKind } from '../domain/booking/model.js';
import type { Refusal } from '../domain/booking/refusals.js';
import {
  offerFor,
  waitSlotKey,
  type FreedSlot,
  type WaitEntry,
} from '../domain/booking/waitlist.js';
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { noticesRepository } from '../store/notices.js';
import { sitesRepository } from '../store/sites.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import { waitlistRepository } from '../store/waitlist.js';
import type { BookingService } from './booking-service.js';

const DAY = 86_400_000;
const OFFER_TTL_MIN = 30;

export function waitlistService(db: Db, booking: BookingService, clock: () => number = Date.now) {
  const entries = waitlistRepository(db);
  const notices = noticesRepository(db);

  async function standing() {
    const now = clock();
    const use = await usageSessionsRepository(db).minutesByMember(now - 28 * DAY, now);
    const members = membersRepository(db);
    const plans = new Map((await members.listPlans()).map((p) => [p.id, p]));
    const all = await members.byId();
    return (member: string) => {
      const plan = plans.get(all.get(member)?.plan ?? '');
      return { weight: plan ? weightOf(plan) : 1, recentUseMin: use.get(member) ?? 0 };
    };
  }

  /** Offers a freed slot to the next waiting member; returns the entry offered, if any. */
  async function slotFreed(slot: FreedSlot): Promise<WaitEntry | undefined> {
    const now = clock();
    if (slot.end <= now) return undefined;
    const site = await sitesRepository(db).get(slot.site);
    if (!site) return undefined;
    const waiting = await entries.list({ site: slot.site, statuses: ['waiting'] });
    const offer = offerFor(slot, waiting, await standing(), now, {
      granularityMin: site.rules.granularityMin,
      offerTtlMin: OFFER_TTL_MIN,
    });
    if (!offer) return undefined;
    const entry = waiting.find((e) => e.id === offer.entry)!;
    const offered: WaitEntry = {
      ...entry,
      status: 'offered',
      offer: {
        machine: offer.machine,
        start: offer.start,
        end: offer.end,
        expiresAt: offer.expiresAt,
      },
    };
    await entries.save(offered);
    const when = new Date(offer.start).toLocaleString('fr-FR', {
      timeZone: site.timezone,
      dateStyle: 'short',
      timeStyle: 'short',
    });
    const name = (await bookableMachinesRepository(db).get(offer.machine))?.name ?? offer.machine;
    await notices.add({
      member: entry.member,
      kind: 'waitlist_offer',
      reservation: null,
      text: {
        fr: `Un créneau s’est libéré : ${name} le ${when}. Acceptez-le dans les ${OFFER_TTL_MIN} minutes.`,
        en: `A slot freed up: ${name} on ${when}. Accept it within ${OFFER_TTL_MIN} minutes.`,
      },
      createdAt: now,
    });
    return offered;
  }

  return {
    slotFreed,

    async join(input: {
      member: string;
      machine?: string | undefined;
      kind?: MachineKind | undefined;
      site?: string | undefined;
      window: { start: number; end: number };
      durationMin: number;
    }): Promise<{ ok: true; entry: WaitEntry } | { ok: false; refusals: Refusal[] }> {
      const member = await membersRepository(db).get(input.member);
      if (!member)
        return { ok: false, refusals: [{ code: 'member_unknown', member: input.member }] };
      let site = input.site;
      if (input.machine) {
        const machine = await bookableMachinesRepository(db).get(input.machine);
        if (!machine)
          return { ok: false, refusals: [{ code: 'machine_unknown', machine: input.machine }] };
        site = machine.site;
      }
      if (!site || !(await sitesRepository(db).get(site)))
        return { ok: false, refusals: [{ code: 'machine_unknown', machine: input.site ?? '' }] };
      if (input.window.end <= clock()) return { ok: false, refusals: [{ code: 'in_the_past' }] };
      const entry: WaitEntry = {
        id: randomUUID(),
        site,
        member: member.id,
        machine: input.machine ?? null,
        kind: input.machine ? null : (input.kind ?? 'other'),
        window: input.window,
        durationMin: input.durationMin,
        createdAt: clock(),
        status: 'waiting',
        offer: null,
        declined: [],
      };
      await entries.save(entry);
      return { ok: true, entry };
    },

    list: (filter: {
      site?: string | undefined;
      sites?: readonly string[] | undefined;
      member?: string | undefined;
    }) => entries.list({ ...filter, statuses: ['waiting', 'offered'] }),
    get: (id: string) => entries.get(id),

    async withdraw(id: string): Promise<boolean> {
      const e = await entries.get(id);
      if (!e || (e.status !== 'waiting' && e.status !== 'offered')) return false;
      await entries.save({ ...e, status: 'withdrawn' });
      // A withdrawn offer passes on.
      if (e.status === 'offered' && e.offer) await passOn(e);
      return true;
    },

    /** Accepts the entry's offer: a booking under the usual rules. */
    async accept(
      id: string,
      by: string,
    ): Promise<{ ok: true; reservation: string } | { ok: false; refusals: Refusal[] }> {
      const e = await entries.get(id);
      const now = clock();
      if (e?.status !== 'offered' || !e.offer || e.offer.expiresAt <= now)
        return { ok: false, refusals: [{ code: 'slot_taken' }] };
      const outcome = await booking.book({
        member: e.member,
        machine: e.offer.machine,
        start: e.offer.start,
        end: e.offer.end,
        by,
      });
      if (!outcome.ok) {
        await entries.save({
          ...e,
          status: 'waiting',
          offer: null,
          declined: [...e.declined, waitSlotKey(e.offer)],
        });
        return outcome;
      }
      await entries.save({ ...e, status: 'booked' }, outcome.reservation.id);
      return { ok: true, reservation: outcome.reservation.id };
    },

    /** Expires offers left unanswered and passes each slot to the next member; drops entries whose window is over. */
    async tick(): Promise<number> {
      const now = clock();
      let expired = 0;
      for (const e of await entries.list({ statuses: ['waiting', 'offered'] })) {
        if (e.window.end <= now) {
          await entries.save({ ...e, status: 'expired', offer: null });
          continue;
        }
        if (e.status === 'offered' && e.offer && e.offer.expiresAt <= now) {
          expired += 1;
          await entries.save({
            ...e,
            status: 'waiting',
            offer: null,
            declined: [...e.declined, waitSlotKey(e.offer)],
          });
          await passOn(e);
        }
      }
      return expired;
    },
  };

  async function passOn(e: WaitEntry): Promise<void> {
    if (!e.offer) return;
    const machine = await bookableMachinesRepository(db).get(e.offer.machine);
    if (machine)
      await slotFreed({
        site: machine.site,
        machine: machine.id,
        kind: machine.kind,
        start: e.offer.start,
        end: e.offer.end,
      });
  }
}
export type WaitlistService = ReturnType<typeof waitlistService>;
