/**
 * GET /api/machines/{id}/outage-preview?status=maintenance|out_of_order: what taking the machine
 * out of service would do to its coming reservations — each moved to a twin of the same kind, or
 * cancelled — and whose they are, before the manager confirms (PUT …/sharing then applies the
 * same moves). Reads only. Role: a manager of the machine's site; another site's machine is
 * unknown (404, as for no such machine).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { actor, onSite } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, iso, json, roles, router } from '../openapi.js';

const Affected = z.object({
  reservation: z.string(),
  member: z.string(),
  memberName: z.string().openapi({ description: 'The member’s name (their id when erased).' }),
  start: z.string(),
  end: z.string(),
});

export const OutagePreviewSchema = z
  .object({
    status: z.enum(['maintenance', 'out_of_order']),
    moved: z.array(
      Affected.extend({ to: z.string(), toName: z.string() }).openapi('MovedReservation'),
    ),
    cancelled: z.array(Affected),
  })
  .openapi('OutagePreview');

export const machineOutagePreview = (
  deps: RouteDeps<never, 'machines' | 'scheduleKeeper' | 'members'>,
) =>
  router().openapi(
    createRoute({
      method: 'get',
      path: '/{id}/outage-preview',
      summary:
        'Which coming reservations an outage would move or cancel, and whose (nothing changes)',
      tags: ['machines'],
      ...roles('manager'),
      request: {
        params: z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) }),
        query: z.object({ status: z.enum(['maintenance', 'out_of_order']) }),
      },
      responses: {
        200: json(OutagePreviewSchema, 'What would happen, earliest first'),
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { status } = c.req.valid('query');
      const { services } = deps;
      const machine = await services.machines.get(id);
      // The role gate lets managers and admins only; another site's machine is not theirs to know.
      if (!machine || !onSite(actor(c), machine.site))
        throw new ApiError('machine_not_found', `no machine "${id}"`);
      const { moves, affected, twins } = await services.scheduleKeeper.outageMoves({
        ...machine,
        status,
      });
      const byId = new Map(affected.map((r) => [r.id, r]));
      const names = new Map<string, string>();
      const nameOf = async (member: string) => {
        if (!names.has(member))
          names.set(member, (await services.members.get(member))?.name ?? member);
        return names.get(member)!;
      };
      const moved = [];
      const cancelled = [];
      for (const step of moves) {
        const r = byId.get(step.reservation)!;
        const row = {
          reservation: r.id,
          member: r.member,
          memberName: await nameOf(r.member),
          start: iso(r.start),
          end: iso(r.end),
        };
        if ('to' in step) {
          const to = twins.find((t) => t.id === step.to);
          moved.push({ ...row, to: step.to, toName: to?.name ?? step.to });
        } else cancelled.push(row);
      }
      return c.json({ status, moved, cancelled }, 200);
    },
  );
