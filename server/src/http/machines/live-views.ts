/**
 * GET /api/machines — every machine with its live state; GET /api/machines/{id} — one.
 * Role `wall`: public when PUBLIC_WALL=true (the default: the wall screen of the workshop needs
 * no login), else any account.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, json, roles, router } from '../openapi.js';
import { MachineViewSchema } from './machine-view-schema.js';

const View = MachineViewSchema;
const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const machineViews = (deps: RouteDeps<'ingest'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'Every machine with its live state',
        tags: ['machines'],
        ...roles('wall'),
        responses: { 200: json(z.object({ machines: z.array(View) }), 'Machines') },
      }),
      (c) => c.json({ machines: deps.ingest.views() }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        summary: 'One machine’s live state',
        tags: ['machines'],
        ...roles('wall'),
        request: { params: IdParam },
        responses: { 200: json(View, 'The machine'), 404: errorResponses[404] },
      }),
      (c) => {
        const { id } = c.req.valid('param');
        const view = deps.ingest.view(id);
        if (!view)
          throw new ApiError(
            'machine_not_found',
            `no machine "${id.slice(0, 64)}" has reported yet`,
          );
        return c.json(view, 200);
      },
    );
