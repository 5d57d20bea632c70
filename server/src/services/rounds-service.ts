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
import { roundInput, type RoundMember } from '../domain/allocation/round-input.js';
import type { AllocationRequest, Interval, MachineKind } from '../domain/allocation/types.js';
import { HOLDING_STATUSES, rulesFor, type Reservation } from '../domain/booking/model.js';
import { qualificationState } from '../domain/booking/qualifications.js';
import type { Refusal } from '../domain/booking/refusals.js';
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { qualificationsRepository } from '../store/qualifications.js';
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
        : await machines.list({ site: round.site, kind: input.kind });
      if (input.machine && candidates.length === 0)
        return { ok: false, refusals: [{ code: 'machine_unknown', machine: input.machine }] };
      if (candidates.length === 0)
        return {
          ok: false,
          refusals: [{ code: 'no_machine_of_kind_free', kind: input.kind ?? 'other' }],
        };
      const refusals: Refusal[] = [];
      // Qualified for at least one candidate machine.
      const quals = qualificationsRepository(db);
      const grants = await quals.grantsOf(member.id);
      let qualified = false;
      let qualificationRefusal: Refusal | undefined;
      for (const m of candidates) {
        if (!m.qualification) {
          qualified = true;
          break;
        }
        const q = await quals.get(m.qualification);
        if (!q) continue;
        const state = qualificationState(
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
        qualificationRefusal ??= state.refusal;
      }
      if (!qualified && qualificationRefusal) refusals.push(qualificationRefusal);
      const rules = rulesFor(site, candidates[0]!);
      if (input.durationMin < rules.minMin)
        refusals.push({ code: 'too_short', minMin: rules.minMin });
      if (input.durationMin > rules.maxMin)
        refusals.push({ code: 'too_long', maxMin: rules.maxMin });
      if (input.durationMin % rules.granularityMin !== 0)
        refusals.push({ code: 'off_grid', granularityMin: rules.granularityMin });
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
        ...(input.kind && !input.machine ? { kind: input.kind } : {}),
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
      const membersRepo = membersRepository(db);
      const recent = await usageSessionsRepository(db).minutesByMember(
        round.period.start - 28 * DAY,
        round.period.start,
      );
      const roundMembers: RoundMember[] = [];
      for (const id of new Set(requests.map((r) => r.member))) {
        const member = (await membersRepo.get(id))!;
        const plan = (await membersRepo.getPlan(member.plan))!;
        const heldMin = held
          .filter((r) => r.member === id)
          .reduce((s, r) => s + (r.end - r.start) / 60_000, 0);
        roundMembers.push({ member, plan, recentUseMin: recent.get(id) ?? 0, heldMin });
      }
      const input = roundInput({
        site,
        period: round.period,
        machines: await bookableMachinesRepository(db).list({ site: round.site }),
        held,
        members: roundMembers,
        requests,
      });
      const result = method === 'fair' ? allocateFair(input) : allocateFcfs(input);
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
      let created = 0;
      const lost: string[] = [];
      for (const r of await rounds.requests(round.id)) {
        if (!r.assigned) continue;
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
      return { created, lost };
    },
  };
}
export type RoundsService = ReturnType<typeof roundsService>;
