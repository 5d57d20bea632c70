/**
 * Access at the machine: members' PIN or badge codes (hashes only) and the grants given at
 * machines (who unlocked which, when, until when). `migrations/016-access-at-machine.ts`.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { AccessGrant } from '../domain/booking/access.js';
import type { Db } from './db.js';

export interface RecordedGrant extends AccessGrant {
  readonly id: string;
  readonly site: string;
  readonly reservation: string | null;
  readonly via: 'gateway' | 'dashboard';
  readonly gateway: string | null;
  /** Its person was told the next slot is near. */
  readonly warned?: boolean;
}

export function accessRepository(db: Db) {
  return {
    /** Sets (or replaces) the member's code; false when another member has that code already. */
    async setCode(member: string, codeHash: string, setBy: string, at: number): Promise<boolean> {
      const taken = await db
        .selectFrom('access_codes')
        .select('member_id')
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      if (taken && taken.member_id !== member) return false;
      await db
        .insertInto('access_codes')
        .values({ member_id: member, code_hash: codeHash, set_by: setBy, set_at: at })
        .onConflict((oc) =>
          oc.column('member_id').doUpdateSet({ code_hash: codeHash, set_by: setBy, set_at: at }),
        )
        .execute();
      return true;
    },

    async clearCode(member: string): Promise<void> {
      await db.deleteFrom('access_codes').where('member_id', '=', member).execute();
    },

    async hasCode(member: string): Promise<{ setAt: number } | undefined> {
      const row = await db
        .selectFrom('access_codes')
        .select('set_at')
        .where('member_id', '=', member)
        // Unkeyed hashes of before are no longer looked up: not a code that works.
        .where('code_hash', 'like', 'h1:%')
        .executeTakeFirst();
      return row ? { setAt: Number(row.set_at) } : undefined;
    },

    async memberByCode(codeHash: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('access_codes')
        .select('member_id')
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      return row?.member_id;
    },

    async addGrant(g: Omit<RecordedGrant, 'id'>): Promise<RecordedGrant> {
      const id = randomUUID();
      await db
        .insertInto('access_grants')
        .values({
          id,
          site: g.site,
          machine_id: g.machine,
          member_id: g.member,
          reservation_id: g.reservation,
          via: g.via,
          gateway_id: g.gateway,
          granted_at: g.grantedAt,
          until: g.until,
        })
        .execute();
      return { ...g, id };
    },

    /** Grants still running at or after `since` (the keeper's window). */
    async grantsSince(since: number): Promise<RecordedGrant[]> {
      const rows = await db
        .selectFrom('access_grants')
        .selectAll()
        .where('until', '>', since)
        .orderBy('granted_at')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        site: r.site,
        machine: r.machine_id,
        member: r.member_id,
        reservation: r.reservation_id,
        via: r.via as RecordedGrant['via'],
        gateway: r.gateway_id,
        grantedAt: Number(r.granted_at),
        until: Number(r.until),
        warned: r.warned_at !== null,
      }));
    },

    /** Marks the grant's warning sent; false when it already was (another tick sent it). */
    async markWarned(id: string, at: number): Promise<boolean> {
      const r = await db
        .updateTable('access_grants')
        .set({ warned_at: at })
        .where('id', '=', id)
        .where('warned_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
export type AccessRepository = ReturnType<typeof accessRepository>;
