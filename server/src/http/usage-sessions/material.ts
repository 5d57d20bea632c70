/**
 * PUT /api/usage-sessions/{id}/material — the material a job used, in grams (the slicer's
 * estimate or the spool weighed after, when the machine does not say): billed at the machine's
 * rate per kilogram beside its time. Roles: a manager of the session's site (who may correct any
 * figure), or the member the session is attached to (who declares it only while none is recorded).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { actor, audit, isManager, onSite } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, json, jsonBody, roles, router } from '../openapi.js';

export const setUsageMaterial = (deps: RouteDeps<'audit', 'usage'>) =>
  router().openapi(
    createRoute({
      method: 'put',
      path: '/{id}/material',
      summary: 'Say how much material (grams of filament) a usage session used',
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
        body: jsonBody(z.object({ grams: z.number().finite().min(0).max(1_000_000) }), {
          grams: 320,
        }),
      },
      responses: {
        200: json(z.object({ usageSession: z.string(), materialGrams: z.number() }), 'Saved'),
        400: errorResponses[400],
        404: errorResponses[404],
        409: json(
          z.object({ code: z.string(), message: z.string() }),
          'Grams already recorded: only a manager changes them',
        ),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { grams } = c.req.valid('json');
      const who = actor(c);
      const { services } = deps;
      const session = await services.usage.get(id);
      const manager = isManager(who);
      // Another site's session, or an artisan's view of someone else's, does not exist for them.
      if (!session || (manager ? !onSite(who, session.site) : session.member_id !== who.id))
        throw new ApiError('not_found', `no usage session "${id}"`);
      // The member declares the grams when none are recorded; a figure the gateway measured, or one
      // already declared (perhaps already exported and billed), only a manager changes: else a
      // member could cut their own bill. The update itself is conditional, so a race keeps the rule.
      if (!(await services.usage.setMaterial(id, grams, !manager))) {
        const now = await services.usage.get(id);
        if (!now) throw new ApiError('not_found', `no usage session "${id}"`);
        throw new ApiError(
          'conflict',
          `usage session "${id}" already has ${now.material_g} g of material recorded: a manager corrects it`,
        );
      }
      await audit(c, deps.audit, 'usage.material', `usage:${id}`, { grams }, session.site);
      return c.json({ usageSession: id, materialGrams: grams }, 200);
    },
  );
