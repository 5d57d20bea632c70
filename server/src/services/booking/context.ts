/**
 * What the booking rules need, loaded for one operation in its transaction: the machine's side
 * from the caller, the rest (member, plan, site, training, grant, last use, quota reservations)
 * through the sharing cache, which only a write to those tables empties.
 * @module
 */
import type {
  BookableMachine,
  Member,
  Plan,
  Reservation,
  Site,
} from '../../domain/booking/model.js';
import { periodAround } from '../../domain/booking/quotas.js';
import type { Refusal } from '../../domain/booking/refusals.js';
import type { BookingContext } from '../../domain/booking/rules.js';
import type { Interval } from '../../domain/booking/site-calendar.js';
import type { Db } from '../../store/db.js';
import { bookableMachinesRepository } from '../../store/machines.js';
import { membersRepository } from '../../store/members.js';
import { trainingsRepository } from '../../store/trainings.js';
import { reservationsRepository } from '../../store/reservations.js';
import { sitesRepository } from '../../store/sites.js';
import { versionedCache, type CacheView } from '../../store/versions.js';

/** One operation's reads: the sharing cache as its transaction sees it, and loads it shares. */
export interface Operation {
  readonly view: CacheView;
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export type SharedContext = Omit<BookingContext, 'machine' | 'machineReservations' | 'moving'>;

export const isRefusal = (x: object): x is Refusal => 'code' in x;

export function ruleContexts(clock: () => number) {
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
    training: s.training,
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
    const quals = trainingsRepository(trx);
    const training = needed
      ? await view.get(`training:${needed}`, () => quals.get(needed))
      : undefined;
    const grant = training
      ? (await view.get(`grants:${m.id}`, () => quals.grantsOf(m.id))).find(
          (g) => g.qualification === training.id,
        )
      : undefined;
    // Usage sessions are not versioned (the ingest writes them): read within this operation only.
    const lastUse = training
      ? await once(`lastUse:${m.id}:${training.id}`, () =>
          bookableMachinesRepository(trx).lastUse(m.id, training.id),
        )
      : null;
    return {
      site,
      member: m,
      plan,
      training,
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

  return { begin, contextFor, sharedContext, withMachine, groupsOf };
}
export type RuleContexts = ReturnType<typeof ruleContexts>;
