/** GET /api/reservations/{id}. Roles: its member, a manager. */
import { createRoute, z } from '@hono/zod-openapi';
import { ownedOr404 } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { errorResponses, json, roles, router } from '../openapi.js';
import { IdParam, ReservationSchema, toJson } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One reservation',
  tags: ['reservations'],
  ...roles('artisan', 'manager'),
  request: { params: IdParam },
  responses: {
    200: json(z.object({ reservation: ReservationSchema }), 'The reservation'),
    404: errorResponses[404],
  },
});

export const getReservation = (deps: RouteDeps<never, 'reservations'>) =>
  router().openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    // Someone else's reservation is as unknown to an artisan as a missing one; a manager reads their site's.
    const r = ownedOr404(c, await deps.services.reservations.get(id), `reservation "${id}"`);
    return c.json({ reservation: toJson(r) }, 200);
  });
