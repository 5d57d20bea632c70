/**
 * PUT /api/usage-sessions/{id}/member — attach a walk-in (use with no reservation) to the member
 * who did it, so it counts in their usage. Roles: a manager, or the member claiming their own use.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { actor, audit, isManager, onSite } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, jsonBody, roles, router } from '../openapi.js';

export const attachUsageSession = (deps: RouteDeps<'audit', 'usage' | 'members'>) =>
  router().openapi(
    createRoute({
      method: 'put',
      path: '/{id}/member',
      summary: 'Attach a walk-in usage session to a member',
      tags: ['usage'],
      ...roles('artisan', 'manager'),
      request: {
        params: z.object({
          id: z
            .string()
            .min(1)
            .max(128)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        body: jsonBody(z.object({ member: Id }), { member: 'camille-roux' }),
      },
      responses: {
        200: json(z.object({ usageSession: z.string(), member: z.string() }), 'Attached'),
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { member } = c.req.valid('json');
      const who = actor(c);
      if (!isManager(who) && who.id !== member)
        throw new ApiError('forbidden', 'an artisan attaches use to themselves only');
      const { services } = deps;
      const session = await services.usage.get(id);
      // A manager attaches their sites' sessions; an artisan claims only a walk-in nobody holds,
      // on a site of theirs (another site's session is unknown to them, as to its managers).
      if (
        !session ||
        !onSite(who, session.site) ||
        (!isManager(who) && (session.member_id !== null || session.reservation_id !== null))
      )
        throw new ApiError('not_found', `no usage session "${id}"`);
      if (!(await services.members.get(member)))
        throw new ApiError('bad_request', `member: no member "${member}"`);
      if (!(await services.members.sitesOf(member)).includes(session.site))
        throw new ApiError(
          'bad_request',
          `member: "${member}" is not a member of site "${session.site}"`,
        );
      if (!(await services.usage.attach(id, member, session.reservation_id)))
        throw new ApiError('not_found', `no usage session "${id}"`);
      await audit(c, deps.audit, 'usage.attach', `usage:${id}`, { member }, session.site);
      return c.json({ usageSession: id, member }, 200);
    },
  );
