/** Booking rounds and the requests members submit to them. */
import type { AllocationRequest, Interval, MachineKind } from '../domain/allocation/types.js';
import type { Db } from './db.js';
import type { Database } from './schema.js';

export type RoundStatus = 'open' | 'proposed' | 'published';

export interface BookingRound {
  readonly id: string;
  readonly site: string;
  readonly title: string;
  readonly period: Interval;
  readonly closesAt: number;
  readonly status: RoundStatus;
  readonly method: 'fair' | 'fcfs' | null;
  readonly figures: Record<string, number> | null;
}

export interface RoundRequest extends AllocationRequest {
  readonly assigned: {
    readonly machine: string;
    readonly start: number;
    readonly end: number;
  } | null;
  readonly unassignedReason: string | null;
  readonly reservation: string | null;
}

const roundFromRow = (r: Database['booking_rounds']): BookingRound => ({
  id: r.id,
  site: r.site,
  title: r.title,
  period: { start: Number(r.period_start), end: Number(r.period_end) },
  closesAt: Number(r.closes_at),
  status: r.status as RoundStatus,
  method: r.method as BookingRound['method'],
  figures: r.figures === null ? null : (JSON.parse(r.figures) as Record<string, number>),
});

const requestFromRow = (r: Database['round_requests']): RoundRequest => ({
  id: r.id,
  member: r.member_id,
  ...(r.machine_id ? { machine: r.machine_id } : {}),
  ...(r.kind ? { kind: r.kind as MachineKind } : {}),
  ...(r.group_id ? { group: r.group_id } : {}),
  durationMin: r.duration_min,
  windows: JSON.parse(r.windows) as Interval[],
  ...(r.priority === null ? {} : { priority: r.priority }),
  submittedAt: Number(r.submitted_at),
  assigned:
    r.assigned_machine === null
      ? null
      : {
          machine: r.assigned_machine,
          start: Number(r.assigned_start),
          end: Number(r.assigned_end),
        },
  unassignedReason: r.unassigned_reason,
  reservation: r.reservation_id,
});

export function roundsRepository(db: Db) {
  return {
    async get(id: string): Promise<BookingRound | undefined> {
      const row = await db
        .selectFrom('booking_rounds')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && roundFromRow(row);
    },
    async list(site?: string): Promise<BookingRound[]> {
      let q = db.selectFrom('booking_rounds').selectAll().orderBy('period_start', 'desc');
      if (site) q = q.where('site', '=', site);
      return (await q.execute()).map(roundFromRow);
    },
    async save(r: BookingRound): Promise<void> {
      const values = {
        site: r.site,
        title: r.title,
        period_start: r.period.start,
        period_end: r.period.end,
        closes_at: r.closesAt,
        status: r.status,
        method: r.method,
        figures: r.figures === null ? null : JSON.stringify(r.figures),
      };
      await db
        .insertInto('booking_rounds')
        .values({ id: r.id, ...values, created_at: Date.now() })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
    async requests(round: string, member?: string): Promise<RoundRequest[]> {
      let q = db
        .selectFrom('round_requests')
        .selectAll()
        .where('round_id', '=', round)
        .orderBy('submitted_at')
        .orderBy('id');
      if (member) q = q.where('member_id', '=', member);
      return (await q.execute()).map(requestFromRow);
    },
    async addRequest(round: string, r: AllocationRequest): Promise<void> {
      await db
        .insertInto('round_requests')
        .values({
          id: r.id,
          round_id: round,
          member_id: r.member,
          machine_id: r.machine ?? null,
          kind: r.kind ?? null,
          group_id: r.group ?? null,
          duration_min: r.durationMin,
          windows: JSON.stringify(r.windows),
          priority: r.priority ?? null,
          submitted_at: r.submittedAt,
        })
        .execute();
    },
    async removeRequest(round: string, id: string): Promise<boolean> {
      const r = await db
        .deleteFrom('round_requests')
        .where('round_id', '=', round)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async setOutcome(
      id: string,
      outcome: {
        assigned: { machine: string; start: number; end: number } | null;
        reason: string | null;
        reservation?: string | null;
      },
    ): Promise<void> {
      await db
        .updateTable('round_requests')
        .set({
          assigned_machine: outcome.assigned?.machine ?? null,
          assigned_start: outcome.assigned?.start ?? null,
          assigned_end: outcome.assigned?.end ?? null,
          unassigned_reason: outcome.reason,
          ...(outcome.reservation === undefined ? {} : { reservation_id: outcome.reservation }),
        })
        .where('id', '=', id)
        .execute();
    },
  };
}
export type RoundsRepository = ReturnType<typeof roundsRepository>;
