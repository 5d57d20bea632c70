/**
 * GDPR: what Manufacto holds about a member (export), erasure that keeps the usage records —
 * pseudonymised, so funders' totals and the machines' history do not change — and retention:
 * inactive members erased after a while, old notices and dead sessions purged.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';

/** Every table that names a member, and its column. */
const MEMBER_COLUMNS = [
  ['reservations', 'member_id'],
  ['usage_sessions', 'member_id'],
  ['round_requests', 'member_id'],
  ['waitlist', 'member_id'],
  ['credits', 'member_id'],
  ['accounts', 'member_id'],
  // Who unlocked a machine is a usage record, kept under the pseudonym like the sessions.
  ['access_grants', 'member_id'],
] as const;

export function personalData(db: Db, clock: () => number = Date.now) {
  return {
    /** Everything about the member, as one JSON-ready object (no secrets: hashes are left out). */
    async export(member: string) {
      const m = await db
        .selectFrom('members')
        .selectAll()
        .where('id', '=', member)
        .executeTakeFirst();
      if (!m) return undefined;
      const accounts = await db
        .selectFrom('accounts')
        .select(['id', 'email', 'name', 'role', 'site', 'created_at', 'disabled_at'])
        .where('member_id', '=', member)
        .execute();
      const accountIds = accounts.map((a) => a.id);
      return {
        exportedAt: new Date(clock()).toISOString(),
        member: m,
        organisation: m.organisation_id
          ? await db
              .selectFrom('organisations')
              .selectAll()
              .where('id', '=', m.organisation_id)
              .executeTakeFirst()
          : null,
        /** Status and territory given for the reports (migration 009). */
        facts:
          (await db
            .selectFrom('member_facts')
            .selectAll()
            .where('member_id', '=', member)
            .executeTakeFirst()) ?? null,
        accounts,
        apiTokens: accountIds.length
          ? await db
              .selectFrom('api_tokens')
              .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'])
              .where('account_id', 'in', accountIds)
              .execute()
          : [],
        qualifications: await db
          .selectFrom('qualification_grants')
          .selectAll()
          .where('member_id', '=', member)
          .execute(),
        reservations: await db
          .selectFrom('reservations')
          .selectAll()
          .where('member_id', '=', member)
          .orderBy('starts_at')
          .execute(),
        usageSessions: await db
          .selectFrom('usage_sessions')
          .selectAll()
          .where('member_id', '=', member)
          .orderBy('started_at')
          .execute(),
        roundRequests: await db
          .selectFrom('round_requests')
          .selectAll()
          .where('member_id', '=', member)
          .execute(),
        waitlist: await db
          .selectFrom('waitlist')
          .selectAll()
          .where('member_id', '=', member)
          .execute(),
        credits: await db
          .selectFrom('credits')
          .selectAll()
          .where('member_id', '=', member)
          .execute(),
        notices: await db
          .selectFrom('notices')
          .selectAll()
          .where('member_id', '=', member)
          .orderBy('created_at')
          .execute(),
        accessGrants: await db
          .selectFrom('access_grants')
          .selectAll()
          .where('member_id', '=', member)
          .orderBy('granted_at')
          .execute(),
        // The checks they confirmed, and the ones of their uses a manager confirmed in their
        // place: a note about how they left the machine is data about them too.
        afterUseChecks: await db
          .selectFrom('after_use_checks')
          .selectAll()
          .where((eb) =>
            eb.or([
              ...(accountIds.length ? [eb('confirmed_by', 'in', accountIds)] : []),
              eb(
                'grant_id',
                'in',
                eb.selectFrom('access_grants').select('id').where('member_id', '=', member),
              ),
            ]),
          )
          .orderBy('confirmed_at')
          .execute(),
        auditAboutThem: await db
          .selectFrom('audit_log')
          .selectAll()
          .where('target', '=', `member:${member}`)
          .orderBy('id')
          .execute(),
      };
    },

    /**
     * Erases a member: their identity goes (name, email, accounts, sessions, tokens, trainings,
     * notices, waitlist), their id becomes a pseudonym everywhere a usage record names them.
     * Returns the pseudonym. One transaction: nothing is half-erased.
     */
    async erase(member: string): Promise<string | undefined> {
      return db.transaction().execute(async (trx) => {
        const m = await trx
          .selectFrom('members')
          .selectAll()
          .where('id', '=', member)
          .executeTakeFirst();
        if (!m) return undefined;
        const pseudonym = `anon-${randomBytes(6).toString('hex')}`;
        const now = clock();
        await trx
          .insertInto('members')
          .values({
            id: pseudonym,
            name: 'Membre effacé',
            email: `${pseudonym}@erased.invalid`,
            organisation_id: m.organisation_id,
            plan_id: m.plan_id,
            active: 0,
            quota_exempt: 0,
            created_at: Number(m.created_at),
            updated_at: now,
          })
          .execute();
        const accounts = (
          await trx.selectFrom('accounts').select('id').where('member_id', '=', member).execute()
        ).map((a) => a.id);
        if (accounts.length) {
          await trx.deleteFrom('sessions').where('account_id', 'in', accounts).execute();
          await trx.deleteFrom('api_tokens').where('account_id', 'in', accounts).execute();
          await trx.deleteFrom('one_time_tokens').where('account_id', 'in', accounts).execute();
          // Their after-use checks stay (the machine was checked), their notes' words go.
          await trx
            .updateTable('after_use_checks')
            .set({ note: null })
            .where('confirmed_by', 'in', accounts)
            .execute();
          for (const id of accounts) {
            await trx
              .updateTable('accounts')
              .set({
                email: `${id}@erased.invalid`,
                name: 'Compte effacé',
                password_hash: null,
                disabled_at: now,
              })
              .where('id', '=', id)
              .execute();
          }
        }
        await trx.deleteFrom('qualification_grants').where('member_id', '=', member).execute();
        await trx.deleteFrom('notices').where('member_id', '=', member).execute();
        await trx.deleteFrom('access_codes').where('member_id', '=', member).execute();
        await trx.deleteFrom('waitlist').where('member_id', '=', member).execute();
        for (const [table, column] of MEMBER_COLUMNS) {
          await trx
            .updateTable(table)
            .set({ [column]: pseudonym } as never)
            .where(column, '=', member)
            .execute();
        }
        await trx
          .updateTable('audit_log')
          .set({ target: `member:${pseudonym}`, detail: null })
          .where('target', '=', `member:${member}`)
          .execute();
        await trx.deleteFrom('members').where('id', '=', member).execute();
        return pseudonym;
      });
    },

    /**
     * Retention: members inactive with no reservation or use for `inactiveDays` are erased; notices
     * older than `noticeDays` go; expired sessions and one-time tokens go. 0 keeps forever.
     */
    async applyRetention(policy: {
      inactiveDays: number;
      noticeDays: number;
    }): Promise<{ erased: string[]; notices: number; sessions: number }> {
      const now = clock();
      const erased: string[] = [];
      if (policy.inactiveDays > 0) {
        const cutoff = now - policy.inactiveDays * 86_400_000;
        const inactive = await db
          .selectFrom('members')
          .select(['id', 'updated_at'])
          .where('active', '=', 0)
          .where('updated_at', '<', cutoff)
          .where('id', 'not like', 'anon-%')
          .execute();
        for (const m of inactive) {
          const recentReservation = await db
            .selectFrom('reservations')
            .select('id')
            .where('member_id', '=', m.id)
            .where('ends_at', '>=', cutoff)
            .executeTakeFirst();
          const recentUse = await db
            .selectFrom('usage_sessions')
            .select('id')
            .where('member_id', '=', m.id)
            .where('ended_at', '>=', cutoff)
            .executeTakeFirst();
          if (recentReservation || recentUse) continue;
          await this.erase(m.id);
          erased.push(m.id);
        }
      }
      let notices = 0;
      if (policy.noticeDays > 0)
        notices = Number(
          (
            await db
              .deleteFrom('notices')
              .where('created_at', '<', now - policy.noticeDays * 86_400_000)
              .executeTakeFirst()
          ).numDeletedRows,
        );
      const sessions = Number(
        (await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst())
          .numDeletedRows,
      );
      await db.deleteFrom('one_time_tokens').where('expires_at', '<', now).execute();
      return { erased, notices, sessions };
    },
  };
}
export type PersonalData = ReturnType<typeof personalData>;
