/**
 * Who is asking: set by `authenticate` from a session cookie or an API token, read by routes.
 * An artisan acts as their member; managers manage their site (admins every site).
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, RouteDeps } from './env.js';
import type { Authenticated } from '../auth/accounts.js';
import type { AuditLog } from '../store/audit-log.js';
import type { MembersRepository } from '../store/members.js';
import { ApiError } from './errors.js';

export const SESSION_COOKIE = 'mf_session';

/**
 * Who may call a route. `public`: anyone; `wall`: anyone when PUBLIC_WALL=true (the default),
 * else any account. An admin passes wherever a manager does. A gateway is a machine identity
 * (MQTT credentials), not a person: it has no HTTP role.
 */
export type Role = 'artisan' | 'manager' | 'funder' | 'admin' | 'public' | 'wall';

/** What the member checks read: the sites a member belongs to (and an organisation's people). */
export type MemberSites = Pick<MembersRepository, 'sitesOf'>;

export interface Actor {
  /** The member id for an artisan (what reservations name), else the account id. */
  readonly id: string;
  readonly account: string | null;
  readonly role: Role;
  /**
   * The sites the caller acts on: every site for an admin; the sites a manager manages, a funder
   * funds, an artisan's member belongs to. Nobody else has any.
   */
  readonly sites: readonly string[] | 'all';
}

const NOBODY: Actor = { id: 'nobody', account: null, role: 'public', sites: [] };

export function actor(c: Context<AppEnv>): Actor {
  const auth = c.get('auth');
  if (!auth) return NOBODY;
  const a = auth.account;
  return {
    id: a.role === 'artisan' ? (a.member ?? a.id) : a.id,
    account: a.id,
    role: a.role,
    sites: a.role === 'admin' ? 'all' : a.sites,
  };
}

export const isManager = (a: Actor) => a.role === 'manager' || a.role === 'admin';

/** Whether the caller's role reaches `site` (an admin every site). */
export const onSite = (a: Actor, site: string) => a.sites === 'all' || a.sites.includes(site);

/** The caller's sites as a store filter: undefined for an admin (every site). */
export const siteFilter = (a: Actor): readonly string[] | undefined =>
  a.sites === 'all' ? undefined : a.sites;

const notYours = (a: Actor, site: string) =>
  new ApiError(
    'forbidden',
    a.sites === 'all' || a.sites.length === 0
      ? `you manage no site, not "${site}"`
      : `you manage site "${a.sites.join('", "')}", not "${site}"`,
  );

/**
 * The site filter of a listing for a manager: the site asked (403 when not theirs), else every
 * site they manage (undefined: an admin's every site).
 */
export function sitesScope(
  c: Context<AppEnv>,
  site: string | undefined,
): readonly string[] | undefined {
  const a = actor(c);
  if (site !== undefined) {
    if (!onSite(a, site)) throw notYours(a, site);
    return [site];
  }
  return siteFilter(a);
}

/**
 * Ownership, one rule for every route. Something addressed by its id that belongs to someone else
 * is answered 404, as if it did not exist (an artisan learns nothing of the others'); naming
 * someone else in a filter or a body is a 403 (the request itself is not allowed).
 */
export const actsFor = (a: Actor, member: string) => isManager(a) || a.id === member;

/**
 * The thing if the caller may see it (its member, or a manager of its site), else 404 `what`; a
 * manager of another site gets a 403 naming the sites they manage.
 */
export function ownedOr404<T extends { readonly member: string; readonly site?: string }>(
  c: Context<AppEnv>,
  thing: T | undefined,
  what: string,
): T {
  const a = actor(c);
  if (!thing || !actsFor(a, thing.member)) throw new ApiError('not_found', `no ${what}`);
  if (thing.site !== undefined && isManager(a) && a.id !== thing.member && !onSite(a, thing.site))
    throw notYours(a, thing.site);
  return thing;
}

/**
 * The member a caller may name in a filter or a body: themselves, or for a manager a member of
 * one of their sites (403 else).
 */
export async function memberFor(
  c: Context<AppEnv>,
  members: MemberSites,
  member: string,
  why: string,
): Promise<string> {
  const a = actor(c);
  if (!actsFor(a, member)) throw new ApiError('forbidden', why);
  if (a.id !== member) await requireMemberOfMySites(c, members, member);
  return member;
}

/**
 * Throws unless the caller manages a site `member` belongs to (an admin: any member). A member
 * of no site of theirs is a 404, as if unknown: a manager learns nothing of other sites' people.
 */
export async function requireMemberOfMySites(
  c: Context<AppEnv>,
  members: MemberSites,
  member: string,
): Promise<void> {
  const a = actor(c);
  if (!isManager(a)) throw new ApiError('not_found', `no member "${member}"`);
  if (a.sites === 'all') return;
  const sites = await members.sitesOf(member);
  if (!sites.some((s) => onSite(a, s))) throw new ApiError('not_found', `no member "${member}"`);
}

/**
 * The member filter of a listing: what was asked if the caller may ask it (403 else), and for an
 * artisan who asked nothing, themselves (a manager who asked nothing sees their sites').
 */
export async function memberScope(
  c: Context<AppEnv>,
  members: MemberSites,
  member: string | undefined,
  why: string,
): Promise<string | undefined> {
  if (member !== undefined) return memberFor(c, members, member, why);
  const a = actor(c);
  return isManager(a) ? undefined : a.id;
}

/**
 * Organisations are one directory for every site (a business or a school is one legal entity,
 * with one national SIRET, whose people may use several sites). What a manager may do with one
 * follows the sites of its members: `read` (its facts) when one of them is on a site of theirs,
 * `change` it or its facts when all of them are; one with no member yet is any manager's. The
 * others are an admin's. 403 else (the directory itself is not secret: it lists them all).
 */
export async function requireOrganisationOfMySites(
  c: Context<AppEnv>,
  members: Pick<MembersRepository, 'list' | 'sitesOf'>,
  organisation: string,
  may: 'read' | 'change',
): Promise<void> {
  const a = actor(c);
  if (a.sites === 'all') return;
  const people = await members.list({ organisation, limit: 10_000 });
  const sites = new Set((await Promise.all(people.map((m) => members.sitesOf(m.id)))).flat());
  if (sites.size === 0) return;
  const mine = [...sites].filter((s) => onSite(a, s));
  const enough = may === 'read' ? mine.length > 0 : mine.length === sites.size;
  if (enough) return;
  const elsewhere = [...sites].filter((s) => !onSite(a, s)).join('", "');
  if (may === 'read')
    throw new ApiError('forbidden', `organisation "${organisation}" has no member on your sites`);
  throw new ApiError(
    'forbidden',
    `organisation "${organisation}" also has members on site "${elsewhere}": an administrator changes it`,
  );
}

/** Throws 403 unless a manager (of `site`, when given) or an admin asks. */
export function requireManager(c: Context<AppEnv>, what: string, site?: string): void {
  const a = actor(c);
  if (!isManager(a)) throw new ApiError('forbidden', `only a manager may ${what}`);
  if (site !== undefined && !onSite(a, site)) throw notYours(a, site);
}

/** Throws 403 unless an admin asks: a plan or training common to every site. */
export function requireAdmin(c: Context<AppEnv>, what: string): void {
  if (actor(c).role !== 'admin')
    throw new ApiError('forbidden', `only an administrator may ${what}`);
}

const bearer = (header: string | undefined) =>
  header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a write's `Origin` is ours: the configured PUBLIC_URL or the origin the request was
 * made to, scheme, host and port all compared. A missing or malformed Origin is not ours.
 */
function sameOrigin(c: Context<AppEnv>, publicUrl: string): boolean {
  const given = c.req.header('origin');
  if (!given) return false;
  let origin: string;
  try {
    origin = new URL(given).origin;
  } catch {
    return false;
  }
  if (origin === 'null') return false;
  const ours = [new URL(c.req.url).origin];
  try {
    ours.push(new URL(publicUrl).origin);
  } catch {
    // a configuration without PUBLIC_URL: the request's own origin only
  }
  return ours.includes(origin);
}

/**
 * Reads `Authorization: Bearer mft_…` (an API token) or the session cookie. A wrong token is a
 * 401 at once (a script should know); an expired cookie is simply no session. A cookie-borne
 * write must come from our own origin (the `Origin` header), on top of SameSite=Lax: no CSRF.
 */
export function authenticate(
  deps: RouteDeps<'accounts' | 'publicUrl' | 'publicWall'>,
): MiddlewareHandler<AppEnv> {
  return async function authenticateRequest(c, next) {
    const { accounts, publicWall } = deps;
    c.set('publicWall', publicWall);
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
          if (!sameOrigin(c, deps.publicUrl)) {
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
    if (allowed.includes('wall') && c.get('publicWall')) return next();
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

/**
 * A plan or training: a site's is its managers', one common to every site (`site` null) an
 * admin's.
 */
export function requireSiteOrCommon(c: Context<AppEnv>, what: string, site: string | null): void {
  if (site === null) requireAdmin(c, `${what} common to every site`);
  else requireManager(c, what, site);
}

/** Records who changed what in the audit log, under the site it concerns (null: no site). */
export async function audit(
  c: Context<AppEnv>,
  log: AuditLog,
  action: string,
  target: string,
  detail: unknown,
  site: string | null,
): Promise<void> {
  const a = actor(c);
  await log.record({ actor: a.account ?? a.id, role: a.role, action, target, detail, site });
}
