/**
 * Accounts over HTTP: POST /api/auth/login, /logout, /logout-everywhere, GET /api/auth/me;
 * invitations (a manager makes a one-time link; the invitee sets a password); password resets by a
 * one-time token; API tokens for scripts (shown once); GET /api/accounts and /api/audit for managers.
 * The session is an HttpOnly, SameSite=Lax cookie, Secure when the site is served over HTTPS
 * (or COOKIE_SECURE=true behind a TLS proxy).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, RouteDeps } from '../env.js';
import { AuthError, type Account } from '../../auth/accounts.js';
import { PASSWORD_PROBLEM_TEXT } from '../../auth/password-policy.js';
import {
  actor,
  requireManager,
  requireMemberOfMySites,
  SESSION_COOKIE,
  siteFilter,
} from '../actor.js';
import { clientAddress } from '../client-address.js';
import { publicOrigin } from '../public-url.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, iso, json, jsonBody, lang, Name, roles, router } from '../openapi.js';

const AccountSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['artisan', 'manager', 'funder', 'admin']),
    member: z.string().nullable(),
    sites: z.array(z.string()).openapi({
      description:
        'The sites the role applies to: managed (manager), funded (funder), the member’s (artisan); an admin acts on every site.',
    }),
    site: z
      .string()
      .nullable()
      .openapi({ description: 'The first of `sites` (for clients older than `sites`).' }),
    disabled: z.boolean(),
  })
  .openapi('Account');
const Password = z.string().min(1).max(200);
const toJson = (a: Account) => ({ ...a, sites: [...a.sites], site: a.sites[0] ?? null });

function startSession(c: Context<AppEnv>, cookieSecure: boolean | undefined, token: string) {
  const secure = cookieSecure ?? new URL(c.req.url).protocol === 'https:';
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: '/',
    maxAge: 14 * 86_400,
  });
}

function authFailure(c: Context<AppEnv>, error: unknown): never {
  if (!(error instanceof AuthError)) throw error;
  switch (error.kind) {
    case 'invalid_credentials':
      throw new ApiError(
        'unauthorized',
        lang(c) === 'fr' ? 'Adresse ou mot de passe incorrect.' : 'Wrong email or password.',
      );
    case 'invalid_token':
      throw new ApiError('bad_request', error.message);
    case 'weak_password': {
      const l = lang(c);
      throw new ApiError(
        'bad_request',
        `password: ${error.problems.map((p) => PASSWORD_PROBLEM_TEXT[p][l]).join('; ')}`,
      );
    }
    case 'conflict':
      throw new ApiError('conflict', error.message);
    case 'not_found':
      throw new ApiError('not_found', error.message);
  }
}

const ok = json(z.object({ ok: z.literal(true) }), 'Done');
/** Failures on one account, from anywhere, past which each address gets one guess. */
const ACCOUNT_SOFT_LIMIT = 20;

export const auth = (
  deps: RouteDeps<
    | 'accounts'
    | 'audit'
    | 'mailer'
    | 'loginLimiter'
    | 'trustedProxies'
    | 'publicUrl'
    | 'cookieSecure',
    'members' | 'sites'
  >,
) =>
  router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/login',
        summary: 'Log in with email and password (sets the session cookie)',
        tags: ['auth'],
        ...roles('public'),
        request: {
          body: jsonBody(z.object({ email: z.email().max(320), password: Password }), {
            email: 'camille@atelier-bois-roux.fr',
            password: 'copeaux de chêne et rabot',
          }),
        },
        responses: {
          200: json(z.object({ account: AccountSchema }), 'Logged in'),
          400: errorResponses[400],
          401: json(z.object({ code: z.string(), message: z.string() }), 'Wrong email or password'),
          429: json(z.object({ code: z.string(), message: z.string() }), 'Too many attempts'),
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const limiter = deps.loginLimiter;
        // Keyed on (client address, account): an attacker's failures elsewhere do not lock the owner
        // out. Past many failures on the account from anywhere, each address gets one guess only:
        // the owner's correct password from a fresh address still passes.
        const account = email.toLowerCase();
        const underAttack = (limiter?.check(`account|${account}`) ?? 0) > 0;
        const attempt = limiter?.begin(
          `${clientAddress(c, deps.trustedProxies)}|${account}`,
          underAttack ? 1 : undefined,
        );
        if (attempt?.wait)
          throw new ApiError(
            'too_many_requests',
            lang(c) === 'fr'
              ? `Trop d’essais : réessayez dans ${Math.ceil(attempt.wait / 1000)} s.`
              : `Too many attempts: try again in ${Math.ceil(attempt.wait / 1000)} s.`,
          );
        try {
          const { account: who, session } = await deps.accounts.login(email, password);
          attempt?.done(true);
          startSession(c, deps.cookieSecure, session);
          return c.json({ account: toJson(who) }, 200);
        } catch (error) {
          attempt?.done(false);
          limiter?.failure(`account|${account}`, ACCOUNT_SOFT_LIMIT);
          authFailure(c, error);
        }
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/logout',
        summary: 'Log out of this session',
        tags: ['auth'],
        ...roles('public'),
        responses: { 200: ok },
      }),
      async (c) => {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) await deps.accounts.logout(token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true as const }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/logout-everywhere',
        summary: 'Log out of every session of this account',
        tags: ['auth'],
        ...roles('artisan', 'manager', 'funder', 'admin'),
        responses: { 200: ok },
      }),
      async (c) => {
        await deps.accounts.logoutEverywhere(actor(c).account!);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ ok: true as const }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/auth/me',
        summary: 'Who am I',
        tags: ['auth'],
        ...roles('artisan', 'manager', 'funder', 'admin'),
        responses: {
          200: json(
            z.object({ account: AccountSchema, via: z.enum(['session', 'token']) }),
            'The account',
          ),
        },
      }),
      async (c) => {
        const a = c.get('auth')!;
        return c.json({ account: toJson(a.account), via: a.via }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/invitations',
        summary: 'Invite someone: a one-time link to set their password (7 days)',
        tags: ['auth'],
        ...roles('manager'),
        request: {
          body: jsonBody(
            z
              .object({
                email: z.email().max(320),
                name: Name(),
                role: z.enum(['artisan', 'manager', 'funder', 'admin']),
                member: Id.nullable().default(null),
                sites: z
                  .array(Id)
                  .max(100)
                  .default([])
                  .openapi({ description: 'The sites a manager manages or a funder funds.' }),
                site: Id.nullable()
                  .default(null)
                  .openapi({ description: 'One site (older clients): added to `sites`.' }),
              })
              .refine((b) => b.role !== 'artisan' || b.member !== null, {
                message: 'an artisan account acts as a member: give member',
                path: ['member'],
              }),
            {
              email: 'tresorerie@region.fr',
              name: 'Région — suivi',
              role: 'funder',
              sites: ['atelier-demo'],
            },
          ),
        },
        responses: {
          201: json(z.object({ link: z.string(), expiresAt: z.string() }), 'The link, shown once'),
          400: errorResponses[400],
          403: errorResponses[403],
          409: errorResponses[409],
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const who = actor(c);
        // A manager invites artisans and funders to their site; only an admin makes managers and admins.
        if ((b.role === 'manager' || b.role === 'admin') && who.role !== 'admin')
          throw new ApiError(
            'forbidden',
            'only an administrator invites managers and administrators',
          );
        const sites = [...new Set([...b.sites, ...(b.site === null ? [] : [b.site])])];
        for (const site of sites) requireManager(c, 'invite someone', site);
        if (b.role === 'funder' && sites.length === 0)
          throw new ApiError(
            'bad_request',
            'sites: a funder reads the sites they fund: give sites',
          );
        const { services, accounts, audit } = deps;
        for (const site of sites)
          if (!(await services.sites.get(site)))
            throw new ApiError('bad_request', `sites: no site "${site}"`);
        if (b.member) {
          if (!(await services.members.get(b.member)))
            throw new ApiError('bad_request', `member: no member "${b.member}"`);
          // A manager gives an account only to a member of their sites.
          await requireMemberOfMySites(c, deps.services.members, b.member);
        }
        try {
          const inv = await accounts.invite(
            { email: b.email.toLowerCase(), name: b.name, role: b.role, member: b.member, sites },
            who.account!,
          );
          await audit.record({
            actor: who.account!,
            role: who.role,
            action: 'invitation.create',
            target: `account:${b.email.toLowerCase()}`,
            detail: { role: b.role, member: b.member, sites },
            site: sites[0] ?? null,
          });
          return c.json(
            {
              link: `${publicOrigin(deps.publicUrl)}/invitation#${inv.token}`,
              expiresAt: iso(inv.expiresAt),
            },
            201,
          );
        } catch (error) {
          authFailure(c, error);
        }
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/invitations/accept',
        summary: 'Accept an invitation: choose a password (logs in)',
        tags: ['auth'],
        ...roles('public'),
        request: {
          body: jsonBody(z.object({ token: z.string().min(10).max(200), password: Password }), {
            token: 'mfi_3kT9wQ2xVb7LpZ1c',
            password: 'copeaux de chêne et rabot',
          }),
        },
        responses: {
          201: json(z.object({ account: AccountSchema }), 'Account created'),
          400: errorResponses[400],
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        try {
          const { account, session } = await deps.accounts.acceptInvitation(b.token, b.password);
          await deps.audit.record({
            actor: account.id,
            role: account.role,
            action: 'account.create',
            target: `account:${account.id}`,
            detail: { email: account.email },
          });
          startSession(c, deps.cookieSecure, session);
          return c.json({ account: toJson(account) }, 201);
        } catch (error) {
          authFailure(c, error);
        }
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/password-resets',
        summary: 'Ask for a password reset link (answers the same whether the email exists or not)',
        tags: ['auth'],
        ...roles('public'),
        request: {
          body: jsonBody(z.object({ email: z.email().max(320) }), {
            email: 'camille@atelier-bois-roux.fr',
          }),
        },
        responses: {
          202: json(
            z.object({ ok: z.literal(true) }),
            'If the account exists, a link is on its way',
          ),
          429: errorResponses[429],
        },
      }),
      async (c) => {
        const { email } = c.req.valid('json');
        const { accounts, mailer, loginLimiter } = deps;
        const key = `reset|${email.toLowerCase()}`;
        const wait = loginLimiter?.check(key);
        if (wait)
          throw new ApiError(
            'too_many_requests',
            `too many requests: try again in ${Math.ceil(wait / 1000)} s`,
          );
        loginLimiter?.failure(key);
        const reset = await accounts.requestReset(email, 'self');
        if (reset)
          await mailer.send(
            reset.account.email,
            'password_reset',
            `${publicOrigin(deps.publicUrl)}/mot-de-passe#${reset.token}`,
          );
        return c.json({ ok: true as const }, 202);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/password-resets/complete',
        summary: 'Set a new password from a reset link (logs out every session)',
        tags: ['auth'],
        ...roles('public'),
        request: {
          body: jsonBody(z.object({ token: z.string().min(10).max(200), password: Password }), {
            token: 'mfi_3kT9wQ2xVb7LpZ1c',
            password: 'copeaux de chêne et rabot',
          }),
        },
        responses: { 200: ok, 400: errorResponses[400] },
      }),
      async (c) => {
        const b = c.req.valid('json');
        try {
          const account = await deps.accounts.completeReset(b.token, b.password);
          await deps.audit.record({
            actor: account.id,
            role: account.role,
            action: 'account.password_reset',
            target: `account:${account.id}`,
          });
          return c.json({ ok: true as const }, 200);
        } catch (error) {
          authFailure(c, error);
        }
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/auth/tokens',
        summary: 'My API tokens (never the secrets)',
        tags: ['auth'],
        ...roles('artisan', 'manager', 'funder', 'admin'),
        responses: {
          200: json(
            z.object({
              tokens: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  scopes: z.array(z.string()),
                  createdAt: z.string(),
                  lastUsedAt: z.string().nullable(),
                  revoked: z.boolean(),
                }),
              ),
            }),
            'Tokens',
          ),
        },
      }),
      async (c) => {
        const tokens = await deps.accounts.listTokens(actor(c).account!);
        return c.json(
          {
            tokens: tokens.map((t) => ({
              ...t,
              createdAt: iso(t.createdAt),
              lastUsedAt: t.lastUsedAt === null ? null : iso(t.lastUsedAt),
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/auth/tokens',
        summary: 'Create an API token for a script (shown once)',
        tags: ['auth'],
        ...roles('artisan', 'manager', 'funder', 'admin'),
        request: {
          body: jsonBody(
            z.object({
              name: Name(100),
              scopes: z
                .array(z.enum(['read', 'write']))
                .min(1)
                .default(['read']),
            }),
            { name: 'export du tableur', scopes: ['read'] },
          ),
        },
        responses: {
          201: json(z.object({ id: z.string(), token: z.string() }), 'The token, shown once'),
          400: errorResponses[400],
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const who = actor(c);
        // A token cannot do more than the session that made it; a read-only token cannot mint a writer.
        const t = await deps.accounts.createToken(who.account!, b.name, [...new Set(b.scopes)]);
        await deps.audit.record({
          actor: who.account!,
          role: who.role,
          action: 'token.create',
          target: `token:${t.id}`,
          detail: { name: b.name, scopes: b.scopes },
        });
        return c.json(t, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/auth/tokens/{id}',
        summary: 'Revoke an API token',
        tags: ['auth'],
        ...roles('artisan', 'manager', 'funder', 'admin'),
        request: {
          params: z.object({
            id: z
              .string()
              .min(1)
              .max(64)
              .openapi({ param: { name: 'id', in: 'path' } }),
          }),
        },
        responses: { 204: { description: 'Revoked' }, 404: errorResponses[404] },
      }),
      async (c) => {
        const who = actor(c);
        const { id } = c.req.valid('param');
        if (!(await deps.accounts.revokeToken(who.account!, id)))
          throw new ApiError('not_found', `no active token "${id}" of yours`);
        await deps.audit.record({
          actor: who.account!,
          role: who.role,
          action: 'token.revoke',
          target: `token:${id}`,
        });
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/accounts',
        summary: 'Accounts (a manager sees their site’s)',
        tags: ['auth'],
        ...roles('manager'),
        responses: { 200: json(z.object({ accounts: z.array(AccountSchema) }), 'Accounts') },
      }),
      async (c) => {
        const list = await deps.accounts.list({ sites: siteFilter(actor(c)) });
        return c.json({ accounts: list.map(toJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/audit',
        summary: 'Who changed what, newest first',
        tags: ['auth'],
        ...roles('manager'),
        request: {
          query: z.object({
            target: z.string().max(200).optional().openapi({
              description: 'What changed: `member:<id>`, `machine:<id>`, `organisation:<id>`…',
            }),
            action: z
              .string()
              .max(100)
              .regex(/^[a-z_.]+$/, 'an action such as member.save, or a family such as member.')
              .optional()
              .openapi({ description: 'One action (`member.save`) or a family (`member.`).' }),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            before: z.coerce.number().int().optional(),
          }),
        },
        responses: {
          200: json(
            z.object({
              entries: z.array(
                z.object({
                  id: z.number(),
                  at: z.string(),
                  actor: z.string(),
                  role: z.string(),
                  action: z.string(),
                  target: z.string(),
                  detail: z.unknown(),
                  site: z.string().nullable(),
                }),
              ),
            }),
            'Entries',
          ),
        },
      }),
      async (c) => {
        requireManager(c, 'read the audit log');
        const q = c.req.valid('query');
        const who = actor(c);
        // A manager reads the entries about their sites, and their own.
        const entries = await deps.audit.list({
          ...q,
          sites: siteFilter(who),
          actor: who.account ?? undefined,
        });
        return c.json({ entries: entries.map((e) => ({ ...e, at: iso(e.at) })) }, 200);
      },
    );
