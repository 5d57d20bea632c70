/**
 * Booking rounds: a manager opens one for a contended period; members submit requests (a machine
 * or a kind, a duration, acceptable windows, their own priority) until it closes; the allocator
 * proposes (fair by default, FCFS to compare); the manager publishes and the reservations are
 * created — the store's no-overlap rule still has the last word.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { allocateFair } from '../domain/allocation/allocate.js';
import { allocateFcfs } from '../domain/allocation/fcfs.js';
import { evaluate } from '../domain/allocation/metrics.js';
import {
  quotaPeriodsIn,
  roundInput,
  withinQuotas,
  type RoundMember,
} from '../domain/allocation/round-input.js';
import { roundUtilisation } from '../domain/allocation/round-utilisation.js';
import { quotaRefusals } from '../domain/booking/quotas.js';
import type { AllocationRequest, Interval, MachineKind } from '../domain/allocation/types.js';
import {
  HOLDING_STATUSES,
  rulesFor,
  type Reservation,
  type Site,
} from '../domain/booking/model.js';
import { trainingState } from '../domain/booking/trainings.js';
import type { Refusal } from '../domain/booking/refusals.js';
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { trainingsRepository } from '../store/trainings.js';
import { ReservationOverlapError, reservationsRepository } from '../store/reservations.js';
import { roundsRepository, type BookingRound } from '../store/rounds.js';
import { sitesRepository } from '../store/sites.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';

const DAY = 86_400_000;

export class RoundError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'RoundError';
  }
}

export interface RequestInput {
  readonly member: string;
  readonly machine?: string | undefined;
  readonly kind?: MachineKind | undefined;
  /** …or a machine group of the round's site. */
  readonly group?: string | undefined;
  readonly durationMin: number;
  readonly windows: readonly Interval[];
  readonly priority?: number | undefined;
}

export function roundsService(db: Db, clock: () => number = Date.now) {
  const rounds = roundsRepository(db);

  async function mustGet(id: string): Promise<BookingRound> {
    const r = await rounds.get(id);
    if (!r) throw new RoundError('not_found', `no booking round "${id}"`);
    return r;
  }

  /** A member, their plan, and their reservations in the quota periods the round touches. */
  async function quotaSide(memberId: string, round: BookingRound, site: Site) {
    const members = membersRepository(db);
    const member = await members.get(memberId);
    if (!member) throw new RoundError('not_found', `no member "${memberId}"`);
    const plan = await members.getPlan(member.plan);
    if (!plan) throw new Error(`store inconsistent: plan ${member.plan} of ${member.id} missing`);
    const periods = plan.quotas.flatMap((q) =>
      quotaPeriodsIn(round.period, q.period, site.timezone),
    );
    const held =
      member.quotaExempt || periods.length === 0
        ? []
        : await reservationsRepository(db).list({
            member: member.id,
            from: Math.min(...periods.map((p) => p.start)),
            to: Math.max(...periods.map((p) => p.end)),
          });
    return { member, plan, held };
  }

  return {
    async open(r: Omit<BookingRound, 'status' | 'method' | 'figures'>): Promise<BookingRound> {
      if (!(await sitesRepository(db).get(r.site)))
        throw new RoundError('not_found', `no site "${r.site}"`);
      const existing = await rounds.get(r.id);
      if (existing && existing.status !== 'open')
        throw new RoundError('conflict', `round "${r.id}" is ${existing.status}: it cannot change`);
      const round: BookingRound = { ...r, status: 'open', method: null, figures: null };
      await rounds.save(round);
      return round;
    },

    get: mustGet,
    list: (site?: string) => rounds.list(site),
    requests: (round: string, member?: string) => rounds.requests(round, member),

    /** A member's request; refused with the same typed reasons as a booking. */
    async submit(
      roundId: string,
      input: RequestInput,
    ): Promise<{ ok: true; request: AllocationRequest } | { ok: false; refusals: Refusal[] }> {
      const round = await mustGet(roundId);
      const now = clock();
      if (round.status !== 'open' || now >= round.closesAt)
        return { ok: false, refusals: [{ code: 'round_closed', round: round.title }] };
      const members = membersRepository(db);
      const member = await members.get(input.member);
      if (!member)
        return { ok: false, refusals: [{ code: 'member_unknown', member: input.member }] };
      if (!member.active) return { ok: false, refusals: [{ code: 'membership_inactive' }] };
      const site = (await sitesRepository(db).get(round.site))!;
      const machines = bookableMachinesRepository(db);
      const candidates = input.machine
        ? [await machines.get(input.machine)].filter((m) => m !== undefined)
        : await machines.list({ site: round.site, kind: input.kind, group: input.group });
      if (input.machine && candidates.length === 0)
        return { ok: false, refusals: [{ code: 'machine_unknown', machine: input.machine }] };
      if (candidates.length === 0)
        return {
          ok: false,
          refusals: [
            input.group !== undefined
              ? { code: 'group_unknown', group: input.group }
              : { code: 'no_machine_of_kind_free', kind: input.kind ?? 'other' },
          ],
        };
      const refusals: Refusal[] = [];
      // Qualified for at least one candidate machine.
      const quals = trainingsRepository(db);
      const grants = await quals.grantsOf(member.id);
      let qualified = false;
      let trainingRefusal: Refusal | undefined;
      for (const m of candidates) {
        if (!m.qualification) {
          qualified = true;
          break;
        }
        const q = await quals.get(m.qualification);
        if (!q) continue;
        const state = trainingState(
          q,
          grants.find((g) => g.qualification === q.id),
          await machines.lastUse(member.id, q.id),
          now,
          round.period.end,
        );
        if (state.valid) {
          qualified = true;
          break;
        }
        trainingRefusal ??= state.refusal;
      }
      if (!qualified && trainingRefusal) refusals.push(trainingRefusal);
      // The length rules of a booking, machine by machine: one candidate accepting it is enough.
      const lengthRefusals = candidates.map((m) => {
        const rules = rulesFor(site, m);
        const out: Refusal[] = [];
        if (input.durationMin < rules.minMin) out.push({ code: 'too_short', minMin: rules.minMin });
        if (input.durationMin > rules.maxMin) out.push({ code: 'too_long', maxMin: rules.maxMin });
        if (input.durationMin % rules.granularityMin !== 0)
          out.push({ code: 'off_grid', granularityMin: rules.granularityMin });
        return out;
      });
      if (lengthRefusals.every((r) => r.length > 0)) refusals.push(...lengthRefusals[0]!);
      if (
        input.windows.some(
          (w) =>
            w.start < round.period.start ||
            w.end > round.period.end ||
            w.end - w.start < input.durationMin * 60_000,
        )
      ) {
        refusals.push({
          code: 'outside_round',
          from: new Date(round.period.start).toISOString(),
          to: new Date(round.period.end).toISOString(),
        });
      }
      if (refusals.length) return { ok: false, refusals };
      const request: AllocationRequest = {
        id: randomUUID(),
        member: member.id,
        ...(input.machine ? { machine: input.machine } : {}),
        ...(input.kind && !input.machine && !input.group ? { kind: input.kind } : {}),
        ...(input.group && !input.machine ? { group: input.group } : {}),
        durationMin: input.durationMin,
        windows: input.windows.map((w) => ({ start: w.start, end: w.end })),
        ...(input.priority === undefined ? {} : { priority: input.priority }),
        submittedAt: now,
      };
      await rounds.addRequest(round.id, request);
      return { ok: true, request };
    },

    async withdraw(roundId: string, requestId: string): Promise<void> {
      const round = await mustGet(roundId);
      if (round.status === 'published')
        throw new RoundError(
          'conflict',
          `round "${roundId}" is published: cancel the reservation instead`,
        );
      if (!(await rounds.removeRequest(roundId, requestId)))
        throw new RoundError('not_found', `no request "${requestId}" in round "${roundId}"`);
    },

    /** Runs the allocator on the round's requests and stores its proposal and figures. */
    async propose(roundId: string, method: 'fair' | 'fcfs' = 'fair') {
      const round = await mustGet(roundId);
      if (round.status === 'published')
        throw new RoundError('conflict', `round "${roundId}" is already published`);
      const site = (await sitesRepository(db).get(round.site))!;
      const requests = await rounds.requests(round.id);
      const held = (await reservationsRepository(db).list({
        site: round.site,
        statuses: HOLDING_STATUSES,
        from: round.period.start,
        to: round.period.end,
      })) as Reservation[];
      const recent = await usageSessionsRepository(db).minutesByMember(
        round.period.start - 28 * DAY,
        round.period.start,
      );
      const roundMembers: RoundMember[] = [];
      for (const id of new Set(requests.map((r) => r.member)))
        roundMembers.push({
          ...(await quotaSide(id, round, site)),
          recentUseMin: recent.get(id) ?? 0,
        });
      const machineList = await bookableMachinesRepository(db).list({ site: round.site });
      const input = roundInput({
        site,
        period: round.period,
        now: clock(),
        machines: machineList,
        held,
        members: roundMembers,
        requests,
      });
      // The allocator bounds each member's total; every quota period is then held as bookings are.
      const groups = await bookableMachinesRepository(db).groups();
      const result = withinQuotas(
        method === 'fair' ? allocateFair(input) : allocateFcfs(input),
        roundMembers,
        site.timezone,
        (machine) => groups.get(machine) ?? null,
      );
      const m = evaluate(input, result);
      for (const r of requests) {
        const a = result.assignments.find((x) => x.request === r.id);
        const u = result.unassigned.find((x) => x.request === r.id);
        await rounds.setOutcome(r.id, {
          assigned: a ? { machine: a.machine, start: a.start, end: a.end } : null,
          reason: u?.reason ?? null,
        });
      }
      const figures = {
        requests: requests.length,
        assigned: result.assignments.length,
        satisfiedDemand: m.satisfiedDemand,
        utilisation: m.utilisation,
        jain: m.jain,
        ...roundUtilisation({ site, period: round.period, machines: machineList, held, result }),
      };
      await rounds.save({ ...round, status: 'proposed', method, figures });
      return { round: { ...round, status: 'proposed' as const, method, figures }, result };
    },

    /** Creates the proposed reservations; a slot someone booked meanwhile is reported, not forced. */
    async publish(roundId: string, by: string) {
      const round = await mustGet(roundId);
      if (round.status !== 'proposed')
        throw new RoundError(
          'conflict',
          `round "${roundId}" is ${round.status}: propose an allocation first`,
        );
      const machines = new Map(
        (await bookableMachinesRepository(db).list({ site: round.site })).map((m) => [m.id, m]),
      );
      const reservations = reservationsRepository(db);
      const site = (await sitesRepository(db).get(round.site))!;
      const groups = await bookableMachinesRepository(db).groups();
      const groupOf = (machine: string) => groups.get(machine) ?? null;
      let created = 0;
      const lost: string[] = [];
      const refused: Array<{ request: string; reason: 'in_the_past' | 'quota' }> = [];
      const sides = new Map<string, Awaited<ReturnType<typeof quotaSide>>>();
      const refuse = async (request: string, reason: 'in_the_past' | 'quota') => {
        await rounds.setOutcome(request, { assigned: null, reason, reservation: null });
        refused.push({ request, reason });
      };
      for (const r of (await rounds.requests(round.id)).sort(
        (a, b) => (a.assigned?.start ?? 0) - (b.assigned?.start ?? 0),
      )) {
        if (!r.assigned) continue;
        // Re-checked now: time has passed and members may have booked since the proposal.
        if (r.assigned.start < clock()) {
          await refuse(r.id, 'in_the_past');
          continue;
        }
        const side = sides.get(r.member) ?? (await quotaSide(r.member, round, site));
        sides.set(r.member, side);
        const over = quotaRefusals(
          side.member,
          side.plan,
          { start: r.assigned.start, end: r.assigned.end },
          side.held,
          site.timezone,
          { slotGroup: groupOf(r.assigned.machine), groupOf },
        );
        if (over.length) {
          await refuse(r.id, 'quota');
          continue;
        }
        const machine = machines.get(r.assigned.machine)!;
        const reservation: Reservation = {
          id: randomUUID(),
          site: round.site,
          machine: machine.id,
          member: r.member,
          start: r.assigned.start,
          end: r.assigned.end,
          blocksUntil: r.assigned.end + machine.bufferMin * 60_000,
          status: 'confirmed',
          createdAt: clock(),
        };
        try {
          await reservations.insert(reservation, `round ${round.id} (${by})`);
          await rounds.setOutcome(r.id, {
            assigned: r.assigned,
            reason: null,
            reservation: reservation.id,
          });
          created += 1;
          sides.set(r.member, { ...side, held: [...side.held, reservation] });
        } catch (error) {
          if (!(error instanceof ReservationOverlapError)) throw error;
          await rounds.setOutcome(r.id, {
            assigned: null,
            reason: 'taken_meanwhile',
            reservation: null,
          });
          lost.push(r.id);
        }
      }
      await rounds.save({ ...round, status: 'published' });
      return { created, lost, refused };
    },
  };
}
export type RoundsService = ReturnType<typeof roundsService>;
