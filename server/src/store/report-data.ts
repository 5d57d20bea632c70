/**
 * What a report reads, for some sites over an interval: usage sessions and reservations meeting
 * it, each member's first measured use on those sites, training grants in it. Only the columns
 * the report engine uses, so a year of a large workshop stays one pass over each table.
 * @module
 */
import type { ReservationStatus } from '../domain/booking/model.js';
import type { ReportGrant, ReportReservation, ReportSession } from '../domain/reports/types.js';
import type { Db } from './db.js';

export function reportDataRepository(db: Db) {
  return {
    async sessions(sites: readonly string[], from: number, to: number): Promise<ReportSession[]> {
      const rows = await db
        .selectFrom('usage_sessions')
        .select([
          'id',
          'machine_id',
          'member_id',
          'reservation_id',
          'started_at',
          'ended_at',
          'wall_s',
          'active_s',
          'energy_wh',
        ])
        .where('site', 'in', sites)
        .where('started_at', '<', to)
        .where('ended_at', '>=', from)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        machine: r.machine_id,
        member: r.member_id,
        reservation: r.reservation_id,
        start: Number(r.started_at),
        end: Number(r.ended_at),
        wallSeconds: r.wall_s,
        activeSeconds: r.active_s,
        energyWh: r.energy_wh,
      }));
    },

    async reservations(
      sites: readonly string[],
      from: number,
      to: number,
    ): Promise<ReportReservation[]> {
      const rows = await db
        .selectFrom('reservations')
        .select(['id', 'machine_id', 'member_id', 'starts_at', 'ends_at', 'status', 'released_at'])
        .where('site', 'in', sites)
        .where('starts_at', '<', to)
        .where('ends_at', '>', from)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        machine: r.machine_id,
        member: r.member_id,
        start: Number(r.starts_at),
        end: Number(r.ends_at),
        status: r.status as ReservationStatus,
        releasedAt: r.released_at === null ? null : Number(r.released_at),
      }));
    },

    /** Each member's first measured use on these sites, ever. */
    async firstUse(sites: readonly string[]): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('usage_sessions')
        .select((eb) => ['member_id', eb.fn.min<number>('started_at').as('first')])
        .where('site', 'in', sites)
        .where('member_id', 'is not', null)
        .groupBy('member_id')
        .execute();
      return new Map(rows.map((r) => [r.member_id!, Number(r.first)]));
    },

    async grants(from: number, to: number): Promise<ReportGrant[]> {
      const rows = await db
        .selectFrom('qualification_grants')
        .select(['member_id', 'qualification_id', 'granted_at'])
        .where('granted_at', '>=', from)
        .where('granted_at', '<', to)
        .execute();
      return rows.map((r) => ({
        member: r.member_id,
        training: r.qualification_id,
        grantedAt: Number(r.granted_at),
      }));
    },

    /** The sessions behind a manager's figure, with their member's name. */
    async sessionDetails(ids: readonly string[]) {
      if (ids.length === 0) return [];
      return db
        .selectFrom('usage_sessions')
        .leftJoin('members', 'members.id', 'usage_sessions.member_id')
        .select([
          'usage_sessions.id',
          'usage_sessions.machine_id',
          'usage_sessions.name',
          'usage_sessions.outcome',
          'usage_sessions.member_id',
          'members.name as member_name',
          'usage_sessions.reservation_id',
        ])
        .where('usage_sessions.id', 'in', ids)
        .execute();
    },
  };
}
