/**
 * A member's PIN or badge code for access at the machine (typed on the gateway's page):
 * GET /members/{id}/access-code says whether one is set (never the code: only its hash is kept);
 * PUT sets the one given (a badge's code, or a PIN the member chose) or, without one, issues a
 * fresh 8-digit code shown once. The member for themselves, or a manager of their site. A code
 * taken by someone else is refused (409), at most 5 times an hour per account before 429.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { ACCESS_CODE } from '../../services/access-service.js';
import { actor, actsFor, audit, type MemberSites, requireMemberOfMySites } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, iso, json, jsonBody, lang, roles, router } from '../openapi.js';

const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

async function selfOrManager(c: Parameters<typeof actor>[0], members: MemberSites, member: string) {
  const a = actor(c);
  if (!actsFor(a, member)) throw new ApiError('not_found', `no member "${member}"`);
  if (a.id !== member) await requireMemberOfMySites(c, members, member);
}

export const memberAccessCode = (
  deps: RouteDeps<'audit' | 'loginLimiter', 'members' | 'access' | 'clock'>,
) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/access-code',
        summary: 'Whether the member has a PIN or badge code for access at the machine',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ set: z.boolean(), setAt: z.string().nullable() }), 'Set or not'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await selfOrManager(c, deps.services.members, id);
        const has = await deps.services.access.hasCode(id);
        return c.json({ set: has !== undefined, setAt: has ? iso(has.setAt) : null }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}/access-code',
        summary: 'Set the member’s PIN or badge code, or issue a fresh one (shown once)',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: {
          params: IdParam,
          body: jsonBody(
            z.object({
              code: z
                .string()
                .regex(ACCESS_CODE, '6 to 32 letters or digits')
                .optional()
                .openapi({ description: 'Absent: the server issues 8 random digits' }),
            }),
            {},
          ),
        },
        responses: {
          200: json(
            z.object({ code: z.string().nullable(), setAt: z.string() }),
            'Set; `code` is the issued one (null when given)',
          ),
          400: errorResponses[400],
          404: errorResponses[404],
          409: errorResponses[409],
          429: errorResponses[429],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { code } = c.req.valid('json');
        await selfOrManager(c, deps.services.members, id);
        const { services, loginLimiter } = deps;
        const { access, clock } = services;
        const by = actor(c).account ?? actor(c).id;
        let issued: string | null = null;
        if (code === undefined) issued = await access.issueCode(id, by);
        else {
          // "Taken" tells that the code opens someone else's machines: each account gets few such
          // answers (the gateway's failure limiter, kept past successes, aged out after an hour),
          // so choosing codes cannot be used to find another member's. Issued codes say nothing.
          const attempt = loginLimiter?.begin(`access-code-set|${by}`, undefined, {
            keep: { forgetAfterMs: 60 * 60_000 },
          });
          if (attempt?.wait)
            throw new ApiError(
              'too_many_requests',
              lang(c) === 'fr'
                ? `Trop de codes déjà pris : réessayez dans ${Math.ceil(attempt.wait / 1000)} s, ou recevez un nouveau code.`
                : `Too many codes already taken: try again in ${Math.ceil(attempt.wait / 1000)} s, or get a fresh code.`,
            );
          const set = await access.setCode(id, code, by);
          attempt?.done(set);
          if (!set) throw new ApiError('conflict', 'this code is taken: choose another one');
        }
        const site = (await deps.services.members.sitesOf(id))[0] ?? null;
        await audit(
          c,
          deps.audit,
          'member.access_code',
          `member:${id}`,
          { issued: issued !== null },
          site,
        );
        return c.json({ code: issued, setAt: iso(clock()) }, 200);
      },
    );
