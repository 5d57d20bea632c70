/**
 * Access at the machine: members' PIN or badge codes (hashes only) and the grants given at
 * machines (who unlocked which, when, until when). `migrations/016-access-at-machine.ts`.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { AccessGrant } from '../domain/booking/access.js';
import type { Selectable } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './schema.js';

export interface RecordedGrant extends AccessGrant {
  readonly id: string;
  readonly site: string;
  readonly reservation: string | null;
  readonly via: 'gateway' | 'dashboard';
  readonly gateway: string | null;
  /** Its person was told the next slot is near. */
  readonly warned?: boolean;
  /** The after-use check asked when it was given (null or absent: none, so it awaits none). */
  readonly check?: string | null;
}

/** A confirmed after-use check: of which grant, by which account, when, with what note. */
export interface AfterUseCheck {
  readonly grant: string;
  readonly site: string;
  readonly machine: string;
  readonly confirmedBy: string;
  /** The grant's own person confirmed (not a manager in their place). */
  readonly byUser: boolean;
  readonly confirmedAt: number;
  readonly note: string | null;
}

/** A use that asked for a check, with its person's name (null: erased) and its confirmation. */
export interface EndedCheck {
  readonly grant: RecordedGrant;
  readonly memberName: string | null;
  readonly check: AfterUseCheck | null;
}

const grantOf = (r: Selectable<Database['access_grants']>): RecordedGrant => ({
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
  check: r.after_use_check,
});

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
          after_use_check: g.check ?? null,
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
      return rows.map(grantOf);
    },

    /** The latest grant given at a machine by `now`, if any. */
    async lastGrantAt(machine: string, now: number): Promise<RecordedGrant | undefined> {
      const row = await db
        .selectFrom('access_grants')
        .selectAll()
        .where('machine_id', '=', machine)
        .where('granted_at', '<=', now)
        .orderBy('granted_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && grantOf(row);
    },

    /**
     * The grants of a site that ended in [from, to) at one of its machines and asked for an
     * after-use check, oldest first, each with its person's name and its confirmation or null
     * (the managers' list): one query, so a long period costs no lookup per row and no
     * `IN (…)` of every grant id (SQLite refuses one past its variable limit).
     */
    async checksEnded(site: string, from: number, to: number): Promise<EndedCheck[]> {
      const rows = await db
        .selectFrom('access_grants as g')
        // The machine is still the site's (a grant of a machine since removed is not listed).
        .innerJoin('machines as m', (j) =>
          j.onRef('m.id', '=', 'g.machine_id').onRef('m.site', '=', 'g.site'),
        )
        .leftJoin('members as p', 'p.id', 'g.member_id')
        .leftJoin('after_use_checks as k', 'k.grant_id', 'g.id')
        .selectAll('g')
        .select([
          'p.name as member_name',
          'k.confirmed_by',
          'k.by_user',
          'k.confirmed_at',
          'k.note',
        ])
        .where('g.site', '=', site)
        .where('g.until', '>=', from)
        .where('g.until', '<', to)
        .where('g.after_use_check', 'is not', null)
        .orderBy('g.until')
        .execute();
      return rows.map((r) => {
        const grant = grantOf(r);
        return {
          grant,
          memberName: r.member_name,
          check:
            r.confirmed_at === null || r.confirmed_by === null
              ? null
              : {
                  grant: grant.id,
                  site: grant.site,
                  machine: grant.machine,
                  confirmedBy: r.confirmed_by,
                  byUser: r.by_user === 1,
                  confirmedAt: Number(r.confirmed_at),
                  note: r.note,
                },
        };
      });
    },

    /** The confirmed checks among these grants. */
    async checksOf(grants: readonly string[]): Promise<AfterUseCheck[]> {
      if (grants.length === 0) return [];
      const rows = await db
        .selectFrom('after_use_checks')
        .selectAll()
        .where('grant_id', 'in', grants)
        .execute();
      return rows.map((r) => ({
        grant: r.grant_id,
        site: r.site,
        machine: r.machine_id,
        confirmedBy: r.confirmed_by,
        byUser: r.by_user === 1,
        confirmedAt: Number(r.confirmed_at),
        note: r.note,
      }));
    },

    /** Records the check of a grant; false when it was confirmed already. */
    async confirmCheck(c: AfterUseCheck): Promise<boolean> {
      const r = await db
        .insertInto('after_use_checks')
        .values({
          grant_id: c.grant,
          site: c.site,
          machine_id: c.machine,
          confirmed_by: c.confirmedBy,
          by_user: c.byUser ? 1 : 0,
          confirmed_at: c.confirmedAt,
          note: c.note,
        })
        .onConflict((oc) => oc.column('grant_id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Ends a running grant now (released early); false when it had ended already. */
    async endGrant(id: string, at: number): Promise<boolean> {
      const r = await db
        .updateTable('access_grants')
        .set({ until: at })
        .where('id', '=', id)
        .where('until', '>', at)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
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
