/**
 * Who is asking: set by `authenticate` from a session cookie or an API token, read by routes.
 * An artisan acts as their member; managers manage their site (admins every site).
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../app.js';
import type { Authenticated } from '../auth/accounts.js';
import { ApiError } from './errors.js';
import type { Role } from './openapi.js';

export const SESSION_COOKIE = 'mf_session';

export interface Actor {
  /** The member id for an artisan (what reservations name), else the account id. */
  readonly id: string;
  readonly account: string | null;
  readonly role: Role;
  /** A manager's site; null for an admin (every site) and others. */
  readonly site: string | null;
}

const NOBODY: Actor = { id: 'nobody', account: null, role: 'public', site: null };

export function actor(c: Context<AppEnv>): Actor {
  const auth = c.get('auth');
  if (!auth) return NOBODY;
  const a = auth.account;
  return {
    id: a.role === 'artisan' ? (a.member ?? a.id) : a.id,
    account: a.id,
    role: a.role,
    site: a.site,
  };
}

export const isManager = (a: Actor) => a.role === 'manager' || a.role === 'admin';

/**
 * Ownership, one rule for every route. Something addressed by its id that belongs to someone else
 * is answered 404, as if it did not exist (an artisan learns nothing of the others'); naming
 * someone else in a filter or a body is a 403 (the request itself is not allowed).
 */
export const actsFor = (a: Actor, member: string) => isManager(a) || a.id === member;

/** The thing if the caller may see it (its member, or a manager of its site), else 404 `what`. */
export function ownedOr404<T extends { readonly member: string; readonly site?: string }>(
  c: Context<AppEnv>,
  thing: T | undefined,
  what: string,
): T {
  const a = actor(c);
  if (!thing || !actsFor(a, thing.member)) throw new ApiError('not_found', `no ${what}`);
  if (
    thing.site !== undefined &&
    a.role === 'manager' &&
    a.site !== null &&
    thing.site !== a.site
  ) {
    throw new ApiError('forbidden', `you manage site "${a.site}", not "${thing.site}"`);
  }
  return thing;
}

/** The member a caller may name in a filter or a body: themselves, or anyone for a manager (403 else). */
export function memberFor(c: Context<AppEnv>, member: string, why: string): string {
  if (!actsFor(actor(c), member)) throw new ApiError('forbidden', why);
  return member;
}

/**
 * The member filter of a listing: what was asked if the caller may ask it (403 else), and for an
 * artisan who asked nothing, themselves (a manager who asked nothing sees everyone).
 */
export function memberScope(
  c: Context<AppEnv>,
  member: string | undefined,
  why: string,
): string | undefined {
  if (member !== undefined) return memberFor(c, member, why);
  const a = actor(c);
  return isManager(a) ? undefined : a.id;
}

/** Throws 403 unless a manager (of `site`, when given) or an admin asks. */
export function requireManager(c: Context<AppEnv>, what: string, site?: string): void {
  const a = actor(c);
  if (!isManager(a)) throw new ApiError('forbidden', `only a manager may ${what}`);
  if (site !== undefined && a.role === 'manager' && a.site !== null && a.site !== site)
    throw new ApiError('forbidden', `you manage site "${a.site}", not "${site}"`);
}

const bearer = (header: string | undefined) =>
  header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Reads `Authorization: Bearer mft_…` (an API token) or the session cookie. A wrong token is a
 * 401 at once (a script should know); an expired cookie is simply no session. A cookie-borne
 * write must come from our own origin (the `Origin` header), on top of SameSite=Lax: no CSRF.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticateRequest(c, next) {
    const { accounts } = c.get('deps');
    const token = bearer(c.req.header('authorization'));
    if (token !== undefined) {
      const auth = await accounts.fromToken(token);
      if (!auth) throw new ApiError('unauthorized', 'this API token is unknown or revoked');
      c.set('auth', auth);
      return next();
    }
    const session = getCookie(c, SESSION_COOKIE);
    if (session) {
      const account = await accounts.fromSession(session);
      if (account) {
        if (UNSAFE.has(c.req.method)) {
          const origin = c.req.header('origin');
          const expected = new URL(c.req.url).origin;
          const host = c.req.header('host');
          if (!origin || (origin !== expected && (!host || new URL(origin).host !== host))) {
            throw new ApiError(
              'forbidden',
              'cross-site request refused: a write with a session cookie must come from this site (Origin header)',
            );
          }
        }
        const auth: Authenticated = { account, via: 'session', scopes: ['read', 'write'] };
        c.set('auth', auth);
      }
    }
    return next();
  };
}

/** The role gate a route declares with `roles(...)`; admins pass wherever managers do. */
export function gate(allowed: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async function roleGate(c, next) {
    if (allowed.includes('public')) return next();
    if (allowed.includes('wall') && c.get('deps').publicWall) return next();
    const auth = c.get('auth');
    if (!auth)
      throw new ApiError(
        'unauthorized',
        'log in first (session cookie, or Authorization: Bearer with an API token)',
      );
    const role = auth.account.role;
    if (
      !allowed.includes(role) &&
      !allowed.includes('wall') &&
      !(role === 'admin' && allowed.includes('manager'))
    ) {
      throw new ApiError('forbidden', `this is for ${allowed.join(' or ')}; you are ${role}`);
    }
    if (auth.via === 'token' && UNSAFE.has(c.req.method) && !auth.scopes.includes('write'))
      throw new ApiError('forbidden', 'this API token is read-only');
    return next();
  };
}

/** Records who changed what in the audit log. */
export async function audit(
  c: Context<AppEnv>,
  action: string,
  target: string,
  detail?: unknown,
): Promise<void> {
  const a = actor(c);
  await c
    .get('deps')
    .audit.record({ actor: a.account ?? a.id, role: a.role, action, target, detail });
}
