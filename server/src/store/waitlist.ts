/** Waitlist entries. */
import type { Selectable } from 'kysely';
import type { MachineKind } from '../domain/booking/model.js';
import type { WaitEntry, WaitStatus } from '../domain/booking/waitlist.js';
import type { Db } from './db.js';
import type { Database } from './schema.js';

const fromRow = (r: Selectable<Database['waitlist']>): WaitEntry => ({
  id: r.id,
  site: r.site,
  member: r.member_id,
  machine: r.machine_id,
  kind: r.kind as MachineKind | null,
  window: { start: Number(r.window_start), end: Number(r.window_end) },
  durationMin: r.duration_min,
  createdAt: Number(r.created_at),
  status: r.status as WaitStatus,
  offer: r.offer === null ? null : (JSON.parse(r.offer) as WaitEntry['offer']),
  declined: JSON.parse(r.declined) as string[],
});

export function waitlistRepository(db: Db) {
  return {
    async get(id: string): Promise<WaitEntry | undefined> {
      const row = await db
        .selectFrom('waitlist')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async list(filter: {
      site?: string | undefined;
      /** Entries on any of these sites. */
      sites?: readonly string[] | undefined;
      member?: string | undefined;
      statuses?: readonly WaitStatus[] | undefined;
    }): Promise<WaitEntry[]> {
      let q = db.selectFrom('waitlist').selectAll().orderBy('created_at');
      if (filter.site) q = q.where('site', '=', filter.site);
      if (filter.sites) q = q.where('site', 'in', filter.sites.length ? [...filter.sites] : ['']);
      if (filter.member) q = q.where('member_id', '=', filter.member);
      if (filter.statuses) q = q.where('status', 'in', [...filter.statuses]);
      return (await q.execute()).map(fromRow);
    },
    async save(e: WaitEntry, reservation: string | null = null): Promise<void> {
      const values = {
        site: e.site,
        member_id: e.member,
        machine_id: e.machine,
        kind: e.kind,
        window_start: e.window.start,
        window_end: e.window.end,
        duration_min: e.durationMin,
        created_at: e.createdAt,
        status: e.status,
        offer: e.offer === null ? null : JSON.stringify(e.offer),
        declined: JSON.stringify(e.declined),
        reservation_id: reservation,
      };
      await db
        .insertInto('waitlist')
        .values({ id: e.id, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
  };
}
export type WaitlistRepository = ReturnType<typeof waitlistRepository>;
