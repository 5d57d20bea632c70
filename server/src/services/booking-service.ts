/**
 * Booking machine time: loads what the rules need from the store, asks the pure domain, and
 * writes, all in one transaction (SQLite serialises them; the store's no-overlap trigger is the
 * last word either way). Routes call this; it knows nothing of HTTP.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  HOLDING_STATUSES,
  rulesFor,
  type BookableMachine,
  type MachineKind,
  type Member,
  type Plan,
  type Reservation,
  type Site,
} from '../domain/booking/model.js';
import { periodAround } from '../domain/booking/quotas.js';
import type { Refusal } from '../domain/booking/refusals.js';
import type { FreedSlot } from '../domain/booking/waitlist.js';
import {
  checkBooking,
  checkCancel,
  checkMove,
  chooseMachines,
  localDayAround,
  type BookingContext,
} from '../domain/booking/rules.js';
import {
  mergeIntervals,
  openIntervals,
  subtractIntervals,
  type Interval,
} from '../domain/booking/site-calendar.js';
import { auditLog } from '../store/audit-log.js';
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { qualificationsRepository } from '../store/qualifications.js';
import { ReservationOverlapError, reservationsRepository } from '../store/reservations.js';
import { sitesRepository } from '../store/sites.js';
import { writeTransaction } from '../store/transaction.js';
import { versionedCache, type CacheView } from '../store/versions.js';
import { serialQueue } from './serial.js';

export interface BookRequest {
  readonly member: string;
  /** A machine, or a kind ("any laser") on one of `sites`. */
  readonly machine?: string | undefined;
  readonly kind?: MachineKind | undefined;
  /** …or a machine group ("any Prusa MK4"), looked for on `sites` like a kind. */
  readonly group?: string | undefined;
  /** Several machines of the kind or group at once, for the same slot (default 1). */
  readonly units?: number | undefined;
  /**
   * Where "any laser" looks: the member's sites the caller may book on (the route decides);
   * a machine given by id is not looked for elsewhere. Undefined: every site.
   */
  readonly sites?: readonly string[] | undefined;
  /** One site: the same as `sites: [site]`. */
  readonly site?: string | undefined;
  readonly start: number;
  readonly end: number;
  readonly note?: string | undefined;
  /** Check only: answer what would happen, write nothing. */
  readonly dryRun?: boolean | undefined;
  /** Who asks (for the record), and whether as a manager (approval not needed, deadlines lifted). */
  readonly by: string;
  readonly byManager?: boolean | undefined;
  /** Recorded in the audit log in the booking's own transaction (`reservation.create`). */
  readonly audit?: { readonly actor: string; readonly role: string } | undefined;
  /**
   * The caller's site rules, judged first in the booking's transaction from what it reads anyway:
   * given the member's sites and the machine asked for (undefined: unknown or none asked), it
   * returns where "any laser" looks (in place of `sites`), or throws to refuse.
   */
  readonly placed?:
    | ((memberSites: readonly string[], machine: BookableMachine | undefined) => readonly string[])
    | undefined;
}

export type BookingOutcome =
  | {
      readonly ok: true;
      readonly reservation: Reservation;
      /** Every unit of a booking of several units (the first is `reservation`). */
      readonly reservations?: readonly Reservation[] | undefined;
    }
  | { readonly ok: false; readonly refusals: Refusal[] };

export class NotFoundError extends Error {
  constructor(
    readonly what: 'reservation' | 'machine' | 'site',
    id: string,
  ) {
    super(`no ${what} "${id}"`);
    this.name = 'NotFoundError';
  }
}

interface Operation {
  readonly view: CacheView;
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** Thrown inside the booking's transaction so that no unit of a refused batch stays written. */
class SlotTakenRollback extends Error {}

export type OnFreed = (slot: FreedSlot) => Promise<unknown>;

export function bookingService(
  db: Db,
  clock: () => number = Date.now,
  onFreed: OnFreed = async () => undefined,
) {
  const serial = serialQueue();
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

  // Machines, members, plans, sites and trainings, re-read only after a write to one of them.
  const sharing = versionedCache('sharing');

  /**
   * What the rules need to judge `member` booking `machine`, but the machine's reservations
   * (`held`: those that can collide with the slot, loaded by the caller, once for all the
   * candidates of "any laser"). Read through `op`: the member's side is read once per operation.
   */
  async function contextFor(
    trx: Db,
    op: Operation,
    machine: BookableMachine,
    member: string,
    slot: Interval,
    held: readonly Reservation[],
    moving?: string,
  ): Promise<BookingContext | Refusal> {
    const shared = await sharedContext(trx, op, machine.site, machine.qualification, member, slot);
    if (isRefusal(shared)) return shared;
    return withMachine(shared, machine, held, moving);
  }

  type SharedContext = Omit<BookingContext, 'machine' | 'machineReservations' | 'moving'>;

  /** Field by field: a spread of the shared context was most of the cost of 100 candidates. */
  const withMachine = (
    s: SharedContext,
    machine: BookableMachine,
    machineReservations: readonly Reservation[],
    moving?: string,
  ): BookingContext => ({
    site: s.site,
    machine,
    member: s.member,
    plan: s.plan,
    qualification: s.qualification,
    grant: s.grant,
    lastUse: s.lastUse,
    machineReservations,
    memberReservations: s.memberReservations,
    now: s.now,
    moving,
    groupOf: s.groupOf,
  });

  /**
   * The context but the machine: the same for every candidate of "any laser" on one site needing
   * one training, so loaded once for them.
   */
  async function sharedContext(
    trx: Db,
    op: Operation,
    siteId: string,
    needed: string | null,
    member: string,
    slot: Interval,
  ): Promise<SharedContext | Refusal> {
    const { view, once } = op;
    const members = membersRepository(trx);
    const m = await view.get(`member:${member}`, () => members.get(member));
    if (!m) return { code: 'member_unknown', member };
    const plan = await view.get(`plan:${m.plan}`, () => members.getPlan(m.plan));
    const site = await view.get(`site:${siteId}`, () => sitesRepository(trx).get(siteId));
    if (!plan || !site)
      throw new Error(
        `store inconsistent: member ${m.id} plan ${m.plan} or site ${siteId} missing`,
      );
    const quals = qualificationsRepository(trx);
    const qualification = needed
      ? await view.get(`qualification:${needed}`, () => quals.get(needed))
      : undefined;
    const grant = qualification
      ? (await view.get(`grants:${m.id}`, () => quals.grantsOf(m.id))).find(
          (g) => g.qualification === qualification.id,
        )
      : undefined;
    // Usage sessions are not versioned (the ingest writes them): read within this operation only.
    const lastUse = qualification
      ? await once(`lastUse:${m.id}:${qualification.id}`, () =>
          bookableMachinesRepository(trx).lastUse(m.id, qualification.id),
        )
      : null;
    return {
      site,
      member: m,
      plan,
      qualification,
      grant,
      lastUse,
      memberReservations: await once(`quota:${m.id}:${site.id}`, () =>
        quotaReservations(trx, m, plan, site, slot),
      ),
      now: clock(),
      groupOf: plan.quotas.some((q) => q.group !== undefined)
        ? await groupsOf(view, trx)
        : undefined,
    };
  }

  /** One operation's reads: the sharing cache checked in its transaction, and loads shared by its candidates. */
  async function begin(trx: Db): Promise<Operation> {
    const loads = new Map<string, Promise<unknown>>();
    return {
      view: await sharing.open(trx),
      once<T>(key: string, load: () => Promise<T>): Promise<T> {
        let p = loads.get(key) as Promise<T> | undefined;
        if (!p) loads.set(key, (p = load()));
        return p;
      },
    };
  }

  const isRefusal = (x: object): x is Refusal => 'code' in x;

  /** Machine → group, for group quotas (machines change rarely: cached with the sharing tables). */
  async function groupsOf(view: CacheView, trx: Db) {
    const groups = await view.get('machine-groups', () => bookableMachinesRepository(trx).groups());
    return (machine: string) => groups.get(machine) ?? null;
  }

  /** The member's reservations in the quota periods around the slot — none to load without quotas. */
  async function quotaReservations(
    trx: Db,
    member: Member,
    plan: Plan,
    site: Site,
    slot: Interval,
  ): Promise<Reservation[]> {
    if (member.quotaExempt || plan.quotas.length === 0) return [];
    const periods = plan.quotas.map((q) => periodAround(slot.start, q.period, site.timezone));
    const from = Math.min(...periods.map((p) => p.start));
    const to = Math.max(...periods.map((p) => p.end));
    return reservationsRepository(trx).list({ member: member.id, from, to });
  }

  return {
    async book(req: BookRequest): Promise<BookingOutcome> {
      const slot = { start: req.start, end: req.end };
      /** What the slot holds of a machine: the slot and the machine's buffer after it. */
      const blocked = (m: BookableMachine): Interval => ({
        start: slot.start,
        end: slot.end + m.bufferMin * 60_000,
      });
      return serial(() =>
        writeTransaction(db, async (trx): Promise<BookingOutcome> => {
          const machines = bookableMachinesRepository(trx);
          const op = await begin(trx);
          let machine: BookableMachine | undefined;
          let ctx: BookingContext | undefined;
          let more: BookableMachine[] = [];
          const units = req.units ?? 1;
          let lookOn = req.sites;
          if (req.placed) {
            const id = req.machine;
            const asked = id
              ? await op.view.get(`machine:${id}`, () => machines.get(id))
              : undefined;
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
            if (!machine)
              return { ok: false, refusals: [{ code: 'machine_unknown', machine: id }] };
            const held = await reservationsRepository(trx).colliding(machine.id, blocked(machine));
            const c = await contextFor(trx, op, machine, req.member, slot, held);
            if (isRefusal(c)) return { ok: false, refusals: [c] };
            const refusals = checkBooking(c, slot);
            if (refusals.length) return { ok: false, refusals };
            ctx = c;
          } else {
            const kind = req.group === undefined ? (req.kind ?? 'other') : req.kind;
            const filter = { site: req.site, sites: lookOn, kind, group: req.group };
            const where = `${req.site ?? '*'}:${lookOn?.join(',') ?? '*'}:${kind ?? '*'}:${req.group ?? '*'}`;
            const all = await op.view.get(`machines:${where}`, () => machines.list(filter));
            // Two queries for every candidate: what can collide with the slot, and how long each
            // is held on the slot's local day (the least booked machine that day is preferred).
            const sites = new Map<string, Site | undefined>();
            for (const m of all)
              if (!sites.has(m.site))
                sites.set(
                  m.site,
                  await op.view.get(`site:${m.site}`, () => sitesRepository(trx).get(m.site)),
                );
            const reservations = reservationsRepository(trx);
            let blockedEnd = slot.end;
            for (const m of all) blockedEnd = Math.max(blockedEnd, blocked(m).end);
            const held = await reservations.collidingAny(
              all.map((m) => m.id),
              { start: slot.start, end: blockedEnd },
            );
            const byMachine = new Map<string, Reservation[]>();
            for (const r of held) {
              const list = byMachine.get(r.machine);
              if (list) list.push(r);
              else byMachine.set(r.machine, [r]);
            }
            // Per time zone (the sites of one workshop share one): that zone's local day.
            const heldThatDay = new Map<string, number>();
            const zones = new Set<string>();
            for (const site of sites.values()) if (site) zones.add(site.timezone);
            for (const zone of zones) {
              const day = localDayAround(slot.start, zone);
              const ids = all.filter((m) => sites.get(m.site)?.timezone === zone).map((m) => m.id);
              for (const [id, ms] of await reservations.heldMsStartingIn(ids, day.start, day.end))
                heldThatDay.set(id, ms);
            }
            // Candidates on one site needing one training share all their context but the machine.
            const shared = new Map<string, SharedContext | Refusal>();
            const candidates = [];
            for (const m of all) {
              const key = `${m.site}\u0000${m.qualification ?? ''}`;
              let base = shared.get(key);
              if (!base) {
                base = await sharedContext(trx, op, m.site, m.qualification, req.member, slot);
                shared.set(key, base);
              }
              if (isRefusal(base)) return { ok: false, refusals: [base] };
              candidates.push({
                ctx: withMachine(base, m, byMachine.get(m.id) ?? []),
                bookedMsThatDay: heldThatDay.get(m.id) ?? 0,
              });
            }
            const of = req.group !== undefined ? { group: req.group } : { kind: kind ?? 'other' };
            const pick = chooseMachines(of, candidates, slot, units);
            if ('refusals' in pick) return { ok: false, refusals: pick.refusals };
            [machine, ...more] = pick.machines as [BookableMachine, ...BookableMachine[]];
            const first = machine.id;
            ctx = candidates.find((c) => c.ctx.machine.id === first)!.ctx;
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
    },

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
          const ctx = await contextFor(trx, await begin(trx), machine, r.member, slot, held, r.id);
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
export type BookingService = ReturnType<typeof bookingService>;
