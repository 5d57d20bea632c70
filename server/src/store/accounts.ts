/**
 * Accounts, their sites, sessions, one-time tokens (invitations, resets) and API tokens: the rows
 * `auth/accounts.ts` decides over. Only hashes are stored; hashing and every rule (expiry,
 * strength, who may) stay in the service.
 * @module
 */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './schema.js';

export type AccountRow = Selectable<Database['accounts']>;
export type OneTimeTokenRow = Selectable<Database['one_time_tokens']>;

export function accountsRepository(db: Db) {
  return {
    get: (id: string) =>
      db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst(),

    byEmail: (email: string) =>
      db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst(),

    all: () => db.selectFrom('accounts').selectAll().orderBy('email').execute(),

    async insert(row: Insertable<Database['accounts']>): Promise<void> {
      await db.insertInto('accounts').values(row).execute();
    },

    async update(
      id: string,
      set: Partial<
        Pick<AccountRow, 'role' | 'disabled_at' | 'password_hash' | 'sessions_valid_after'>
      >,
    ): Promise<void> {
      await db.updateTable('accounts').set(set).where('id', '=', id).execute();
    },

    /** The sites of a member (an artisan's), in order. */
    async memberSites(memberId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('member_sites')
        .select('site_id')
        .where('member_id', '=', memberId)
        .orderBy('site_id')
        .execute();
      return rows.map((x) => x.site_id);
    },

    /** The sites a manager manages or a funder funds, in order. */
    async accountSites(accountId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('account_sites')
        .select('site_id')
        .where('account_id', '=', accountId)
        .orderBy('site_id')
        .execute();
      return rows.map((x) => x.site_id);
    },

    async setAccountSites(accountId: string, sites: readonly string[]): Promise<void> {
      await db.deleteFrom('account_sites').where('account_id', '=', accountId).execute();
      if (sites.length)
        await db
          .insertInto('account_sites')
          .values([...new Set(sites)].map((site_id) => ({ account_id: accountId, site_id })))
          .execute();
    },

    async insertSession(row: Insertable<Database['sessions']>): Promise<void> {
      await db.insertInto('sessions').values(row).execute();
    },

    /** A session with its account, by the token's hash. */
    sessionWithAccount: (tokenHash: string) =>
      db
        .selectFrom('sessions')
        .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
        .selectAll('accounts')
        .select([
          'sessions.created_at as session_created',
          'sessions.expires_at',
          'sessions.last_seen_at',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst(),

    async touchSession(tokenHash: string, at: number): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: at })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },

    async deleteSessionsOf(accountId: string): Promise<void> {
      await db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
    },

    async insertOneTime(row: Insertable<Database['one_time_tokens']>): Promise<void> {
      await db.insertInto('one_time_tokens').values(row).execute();
    },

    oneTime: (tokenHash: string, purpose: string) =>
      db
        .selectFrom('one_time_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .executeTakeFirst(),

    async markOneTimeUsed(tokenHash: string, at: number): Promise<void> {
      await db
        .updateTable('one_time_tokens')
        .set({ used_at: at })
        .where('token_hash', '=', tokenHash)
        .execute();
    },

    async insertApiToken(row: Insertable<Database['api_tokens']>): Promise<void> {
      await db.insertInto('api_tokens').values(row).execute();
    },

    apiTokensOf: (accountId: string) =>
      db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'])
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .execute(),

    /** Revokes one token of the account; false when it was not there or already revoked. */
    async revokeApiToken(accountId: string, id: string, at: number): Promise<boolean> {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async revokeApiTokensOf(accountId: string, at: number): Promise<void> {
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** An API token with its account, by the token's hash. */
    apiTokenWithAccount: (tokenHash: string) =>
      db
        .selectFrom('api_tokens')
        .innerJoin('accounts', 'accounts.id', 'api_tokens.account_id')
        .selectAll('accounts')
        .select([
          'api_tokens.id as token_id',
          'api_tokens.scopes',
          'api_tokens.revoked_at',
          'api_tokens.last_used_at',
        ])
        .where('api_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst(),

    async touchApiToken(id: string, at: number): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}
export type AccountsRepository = ReturnType<typeof accountsRepository>;
