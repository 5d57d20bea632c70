/** Usage sessions: one row per job, keyed by the gateway and its stable job id (`usageSessionId`), so a replay updates, never duplicates. */
import { sql } from 'kysely';
import type { UsageSession } from '../domain/telemetry/usage-session.js';
import type { Db } from './db.js';

export function usageSessionsRepository(db: Db) {
  return {
    async record(s: UsageSession): Promise<void> {
      const values = {
        site: s.site,
        machine_id: s.machine,
        gateway: s.gateway,
        name: s.name,
        started_at: s.startedAt,
        ended_at: s.endedAt,
        outcome: s.outcome,
        reason: s.reason,
        wall_s: s.wallSeconds,
        active_s: s.activeSeconds,
        beam_s: s.beamSeconds,
        spindle_s: s.spindleSeconds,
        energy_wh: s.energyWh,
        material_g: s.materialGrams ?? null,
        recorded_at: Date.now(),
      };
      await db
        .insertInto('usage_sessions')
        .values({ id: s.id, ...values })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            ...values,
            // A replay without material keeps the grams someone declared meanwhile.
            material_g: sql<
              number | null
            >`coalesce(excluded.material_g, usage_sessions.material_g)`,
          }),
        )
        .execute();
    },

    async list(
      filter: {
        machine?: string;
        /** Sessions on any of these sites. */
        sites?: readonly string[] | undefined;
        from?: number;
        to?: number;
        limit?: number;
      } = {},
    ) {
      let q = db
        .selectFrom('usage_sessions')
        .selectAll()
        .orderBy('started_at', 'desc')
        .limit(filter.limit ?? 100);
      if (filter.machine) q = q.where('machine_id', '=', filter.machine);
      if (filter.sites) q = q.where('site', 'in', filter.sites.length ? [...filter.sites] : ['']);
      if (filter.from !== undefined) q = q.where('ended_at', '>=', filter.from);
      if (filter.to !== undefined) q = q.where('started_at', '<', filter.to);
      return q.execute();
    },

    /** Sessions that ended after `from`, as spans of use, for keeping the schedule true. */
    async spansSince(from: number) {
      const rows = await db
        .selectFrom('usage_sessions')
        .select(['id', 'machine_id', 'started_at', 'ended_at', 'reservation_id', 'member_id'])
        .where('ended_at', '>=', from)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        machine: r.machine_id,
        start: Number(r.started_at),
        end: Number(r.ended_at),
        reservation: r.reservation_id,
        member: r.member_id,
      }));
    },

    /**
     * What the schedule keeper judges: the sessions attached to these reservations, and those not
     * attached to anyone that ended after `since`.
     */
    async spansForKeeping(reservations: readonly string[], since: number) {
      const rows = await db
        .selectFrom('usage_sessions')
        .select(['id', 'machine_id', 'started_at', 'ended_at', 'reservation_id', 'member_id'])
        .where('ended_at', '>=', since)
        .where('reservation_id', 'is', null)
        .where('member_id', 'is', null)
        .execute();
      for (let i = 0; i < reservations.length; i += 500)
        rows.push(
          ...(await db
            .selectFrom('usage_sessions')
            .select(['id', 'machine_id', 'started_at', 'ended_at', 'reservation_id', 'member_id'])
            .where('reservation_id', 'in', reservations.slice(i, i + 500))
            .execute()),
        );
      return rows.map((r) => ({
        id: r.id,
        machine: r.machine_id,
        start: Number(r.started_at),
        end: Number(r.ended_at),
        reservation: r.reservation_id,
      }));
    },

    /** Measured minutes per member between `from` and `to` (attached sessions only). */
    async minutesByMember(from: number, to: number): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('usage_sessions')
        .select((eb) => ['member_id', eb.fn.sum<number>('wall_s').as('seconds')])
        .where('member_id', 'is not', null)
        .where('started_at', '>=', from)
        .where('started_at', '<', to)
        .groupBy('member_id')
        .execute();
      return new Map(rows.map((r) => [r.member_id!, Number(r.seconds) / 60]));
    },

    /** Rows of the sessions overlapping [from, to), of one machine or all (accounting). */
    async rowsOverlapping(from: number, to: number, machine?: string) {
      return db
        .selectFrom('usage_sessions')
        .selectAll()
        .where('ended_at', '>', from)
        .where('started_at', '<', to)
        .$if(machine !== undefined, (q) => q.where('machine_id', '=', machine!))
        .execute();
    },
    /** Rows of the sessions attached to these reservations, read 500 at a time. */
    async rowsOfReservations(ids: readonly string[]) {
      const rows = [];
      for (let i = 0; i < ids.length; i += 500)
        rows.push(
          ...(await db
            .selectFrom('usage_sessions')
            .selectAll()
            .where('reservation_id', 'in', ids.slice(i, i + 500))
            .execute()),
        );
      return rows;
    },
    async get(id: string) {
      return db.selectFrom('usage_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /**
     * The material a job used, in grams (the slicer's figure, when the machine says nothing).
     * `onlyIfNone`: written only when no figure is recorded yet (a member declares, never
     * overwrites what the gateway measured or what was already billed); false when not written.
     */
    async setMaterial(id: string, grams: number, onlyIfNone = false): Promise<boolean> {
      let q = db.updateTable('usage_sessions').set({ material_g: grams }).where('id', '=', id);
      if (onlyIfNone) q = q.where('material_g', 'is', null);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Attaches a session to a reservation and its member, or a walk-in to a member. */
    async attach(id: string, member: string, reservation: string | null): Promise<boolean> {
      const r = await db
        .updateTable('usage_sessions')
        .set({ member_id: member, reservation_id: reservation })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
export type UsageSessionsRepository = ReturnType<typeof usageSessionsRepository>;
