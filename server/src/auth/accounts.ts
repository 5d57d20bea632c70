/**
 * Accounts and how people prove who they are: invitations (one-time links a manager makes),
 * password login into sessions, logout (here or everywhere), password reset by a one-time token,
 * and API tokens for scripts (scoped, revocable, shown once). Only hashes are stored.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { accountsRepository, type AccountRow } from '../store/accounts.js';
import type { Db } from '../store/db.js';
import { versionedCache } from '../store/versions.js';
import { passwordProblems, type PasswordProblem } from './password-policy.js';
import { hashPassword, newToken, sha256, verifyPassword, type PasswordCost } from './secrets.js';

export type AccountRole = 'artisan' | 'manager' | 'funder' | 'admin';
export type Scope = 'read' | 'write';

export interface Account {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: AccountRole;
  /** The member an artisan account acts as. */
  readonly member: string | null;
  /**
   * The sites the role applies to: those a manager manages, a funder funds, an artisan's member
   * belongs to. An admin acts on every site whatever this lists.
   */
  readonly sites: readonly string[];
  readonly disabled: boolean;
}

export interface Authenticated {
  readonly account: Account;
  readonly via: 'session' | 'token';
  readonly scopes: readonly Scope[];
}

export class AuthError extends Error {
  constructor(
    readonly kind:
      | 'invalid_credentials'
      | 'invalid_token'
      | 'weak_password'
      | 'conflict'
      | 'not_found',
    message: string,
    readonly problems: readonly PasswordProblem[] = [],
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

const SESSION_MS = 14 * 86_400_000;
const INVITATION_MS = 7 * 86_400_000;
const RESET_MS = 2 * 3_600_000;

const accountFromRow = (r: AccountRow, sites: readonly string[]): Account => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as AccountRole,
  member: r.member_id,
  sites,
  disabled: r.disabled_at !== null,
});

export interface InvitationPayload {
  readonly email: string;
  readonly name: string;
  readonly role: AccountRole;
  readonly member: string | null;
  /** The sites a manager manages or a funder funds (an artisan's come from their member). */
  readonly sites: readonly string[];
}

export function accountsService(
  db: Db,
  options: { clock?: () => number; cost?: PasswordCost } = {},
) {
  const clock = options.clock ?? Date.now;
  const rows = accountsRepository(db);
  const cost = options.cost ?? { logN: 15 };
  const tokens = versionedCache('accounts');
  /** API token id → when its `last_used_at` was last written. */
  const touched = new Map<string, number>();
  // Verified against when the email is unknown, so a login answers in the same time either way.
  let dummyHash: Promise<string> | undefined;

  function checkStrength(password: string, email: string) {
    const problems = passwordProblems(password, email);
    if (problems.length)
      throw new AuthError(
        'weak_password',
        `the password is too weak: ${problems.join(', ')}`,
        problems,
      );
  }

  /** An account's sites: its own rows for a manager or funder, its member's for an artisan. */
  async function sitesOf(r: AccountRow): Promise<string[]> {
    if (r.role === 'artisan') return r.member_id ? rows.memberSites(r.member_id) : [];
    return rows.accountSites(r.id);
  }
  const toAccount = async (r: AccountRow) => accountFromRow(r, await sitesOf(r));
  const setSites = rows.setAccountSites;

  async function openSession(accountId: string): Promise<string> {
    const token = newToken('mfs');
    const now = clock();
    await rows.insertSession({
      token_hash: sha256(token),
      account_id: accountId,
      created_at: now,
      expires_at: now + SESSION_MS,
      last_seen_at: now,
    });
    return token;
  }

  async function get(id: string): Promise<Account | undefined> {
    const row = await rows.get(id);
    return row && toAccount(row);
  }

  async function create(p: InvitationPayload, password: string | null): Promise<Account> {
    if (password !== null) checkStrength(password, p.email);
    const id = randomUUID();
    try {
      await rows.insert({
        id,
        email: p.email.toLowerCase(),
        name: p.name,
        role: p.role,
        member_id: p.member,
        site: null,
        password_hash: password === null ? null : await hashPassword(password, cost),
        created_at: clock(),
      });
    } catch (error) {
      if (error instanceof Error && /UNIQUE constraint failed: accounts\.email/.test(error.message))
        throw new AuthError('conflict', `an account already uses ${p.email}`);
      throw error;
    }
    await setSites(id, p.role === 'manager' || p.role === 'funder' ? p.sites : []);
    return (await get(id))!;
  }

  async function useOneTime(token: string, purpose: 'invitation' | 'password_reset') {
    const row = await rows.oneTime(sha256(token), purpose);
    if (!row || row.used_at !== null || Number(row.expires_at) <= clock())
      throw new AuthError(
        'invalid_token',
        purpose === 'invitation'
          ? 'this invitation link is invalid, used or expired'
          : 'this reset link is invalid, used or expired',
      );
    return row;
  }

  return {
    get,
    create,

    /** Accounts, or those with a site among `sites` (their own or their member's). */
    async list(filter: { sites?: readonly string[] | undefined } = {}): Promise<Account[]> {
      const all = await Promise.all((await rows.all()).map(toAccount));
      const wanted = filter.sites;
      return wanted ? all.filter((a) => a.sites.some((s) => wanted.includes(s))) : all;
    },

    /** Makes sure an administrator exists with this email (boot configuration). */
    async ensureAdmin(email: string, password: string, name = 'Administrateur'): Promise<Account> {
      const row = await rows.byEmail(email.toLowerCase());
      if (row) return toAccount(row);
      return create({ email, name, role: 'admin', member: null, sites: [] }, password);
    },

    /** A one-time invitation link's token, valid 7 days. */
    async invite(p: InvitationPayload, by: string): Promise<{ token: string; expiresAt: number }> {
      const taken = await rows.byEmail(p.email.toLowerCase());
      if (taken) throw new AuthError('conflict', `an account already uses ${p.email}`);
      const token = newToken('mfi');
      const expiresAt = clock() + INVITATION_MS;
      await rows.insertOneTime({
        token_hash: sha256(token),
        purpose: 'invitation',
        account_id: null,
        payload: JSON.stringify(p),
        created_by: by,
        created_at: clock(),
        expires_at: expiresAt,
      });
      return { token, expiresAt };
    },

    /** Accepts an invitation: the account is created with the chosen password, and logged in. */
    async acceptInvitation(
      token: string,
      password: string,
    ): Promise<{ account: Account; session: string }> {
      const row = await useOneTime(token, 'invitation');
      const payload = JSON.parse(row.payload ?? '{}') as InvitationPayload;
      checkStrength(password, payload.email);
      await rows.markOneTimeUsed(row.token_hash, clock());
      const account = await create(payload, password);
      return { account, session: await openSession(account.id) };
    },

    async login(email: string, password: string): Promise<{ account: Account; session: string }> {
      const row = await rows.byEmail(email.toLowerCase());
      dummyHash ??= hashPassword('not a password of anyone', cost);
      const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash));
      if (!row || !ok || row.disabled_at !== null || row.password_hash === null)
        throw new AuthError('invalid_credentials', 'wrong email or password');
      return { account: await toAccount(row), session: await openSession(row.id) };
    },

    /** The account behind a session token, or undefined when it is unknown, expired or revoked. */
    async fromSession(token: string): Promise<Account | undefined> {
      const now = clock();
      const row = await rows.sessionWithAccount(sha256(token));
      if (
        !row ||
        Number(row.expires_at) <= now ||
        row.disabled_at !== null ||
        Number(row.session_created) < Number(row.sessions_valid_after)
      )
        return undefined;
      if (now - Number(row.last_seen_at) > 60_000) await rows.touchSession(sha256(token), now);
      return toAccount(row);
    },

    async logout(token: string): Promise<void> {
      await rows.deleteSession(sha256(token));
    },

    /** Voids every session of the account (and its API tokens stay: revoke those one by one). */
    async logoutEverywhere(accountId: string): Promise<void> {
      await rows.update(accountId, { sessions_valid_after: clock() + 1 });
      await rows.deleteSessionsOf(accountId);
    },

    /** A one-time reset token (2 h) for the account with this email, or undefined: the caller says the same either way. */
    async requestReset(
      email: string,
      by: string,
    ): Promise<{ token: string; account: Account } | undefined> {
      const row = await rows.byEmail(email.toLowerCase());
      if (!row || row.disabled_at !== null) return undefined;
      const token = newToken('mfr');
      await rows.insertOneTime({
        token_hash: sha256(token),
        purpose: 'password_reset',
        account_id: row.id,
        payload: null,
        created_by: by,
        created_at: clock(),
        expires_at: clock() + RESET_MS,
      });
      return { token, account: await toAccount(row) };
    },

    /**
     * Sets a new password from a reset token, voids every session and revokes every API token:
     * whoever needed a reset may have lost more than the password.
     */
    async completeReset(token: string, password: string): Promise<Account> {
      const row = await useOneTime(token, 'password_reset');
      const account = (await get(row.account_id!))!;
      checkStrength(password, account.email);
      await rows.markOneTimeUsed(row.token_hash, clock());
      await rows.update(account.id, {
        password_hash: await hashPassword(password, cost),
        sessions_valid_after: clock() + 1,
      });
      await rows.deleteSessionsOf(account.id);
      await rows.revokeApiTokensOf(account.id, clock());
      return account;
    },

    async setRole(id: string, role: AccountRole, sites: readonly string[]): Promise<void> {
      await rows.update(id, { role });
      await setSites(id, role === 'manager' || role === 'funder' ? sites : []);
    },

    async disable(id: string): Promise<void> {
      await rows.update(id, { disabled_at: clock() });
      await rows.deleteSessionsOf(id);
    },

    /** An API token for scripts: shown once, stored hashed. */
    async createToken(
      accountId: string,
      name: string,
      scopes: readonly Scope[],
    ): Promise<{ id: string; token: string }> {
      const id = randomUUID();
      const token = newToken('mft');
      await rows.insertApiToken({
        id,
        account_id: accountId,
        name,
        token_hash: sha256(token),
        scopes: JSON.stringify(scopes),
        created_at: clock(),
      });
      return { id, token };
    },

    async listTokens(accountId: string) {
      return (await rows.apiTokensOf(accountId)).map((r) => ({
        id: r.id,
        name: r.name,
        scopes: JSON.parse(r.scopes) as Scope[],
        createdAt: Number(r.created_at),
        lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
        revoked: r.revoked_at !== null,
      }));
    },

    async revokeToken(accountId: string, id: string): Promise<boolean> {
      return rows.revokeApiToken(accountId, id, clock());
    },

    /**
     * The account behind an API token, or undefined when it is unknown or revoked (or its
     * account disabled). Answers from a cache the `accounts` store version keeps exact: a
     * revocation, a role change or an erasure is seen by the next request.
     */
    async fromToken(token: string): Promise<Authenticated | undefined> {
      // Keyed by the token's hash, never the bearer secret itself: a Map of raw secrets would
      // sit in heap snapshots. The cache is emptied by every write to the accounts tables.
      const hash = sha256(token);
      const found = await (await tokens.open(db)).get(hash, async () => {
        const row = await rows.apiTokenWithAccount(hash);
        if (!row || row.revoked_at !== null || row.disabled_at !== null) return undefined;
        if (row.last_used_at !== null && !touched.has(row.token_id))
          touched.set(row.token_id, Number(row.last_used_at));
        const auth: Authenticated = {
          account: await toAccount(row),
          via: 'token',
          scopes: JSON.parse(row.scopes) as Scope[],
        };
        return { tokenId: row.token_id, auth };
      });
      if (!found) return undefined;
      // Last use, to the minute (a write per request would cost more than the request).
      const now = clock();
      const last = touched.get(found.tokenId);
      if (last === undefined || now - last > 60_000) {
        touched.set(found.tokenId, now);
        await rows.touchApiToken(found.tokenId, now);
      }
      return found.auth;
    },
  };
}
export type AccountsService = ReturnType<typeof accountsService>;
