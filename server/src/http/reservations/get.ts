/** GET /api/reservations/{id}. Roles: its member, a manager. */
import { createRoute, z } from '@hono/zod-openapi';
import { actor, isManager } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, json, roles, router } from '../openapi.js';
import { IdParam, ReservationSchema, toJson } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One reservation',
  tags: ['reservations'],
  ...roles('artisan', 'manager'),
  request: { params: IdParam },
  responses: { 200: json(z.object({ reservation: ReservationSchema }), 'The reservation'), 404: errorResponses[404] },
});

export const getReservation = router().openapi(route, async (c) => {
  const { id } = c.req.valid('param');
  const r = await c.get('deps').sharing.reservations.get(id);
  const who = actor(c);
  // Someone else's reservation is as unknown to an artisan as a missing one.
  if (!r || (!isManager(who) && r.member !== who.id)) throw new ApiError('not_found', `no reservation "${id}"`);
  return c.json({ reservation: toJson(r) }, 200);
});
