/**
 * GET /api/machine-groups?site= — the machine groups of the caller's sites ("prusa-mk4": the four
 * Prusa MK4), with their kind and machines: what a booking "any of the group" (and a booking of
 * several units at once) can land on. A group is a label set on each machine's sharing settings
 * (`PUT /api/machines/{id}/sharing`, `group`); the same label on two sites names two groups.
 * Roles: artisan, manager, funder (their sites), admin (every site).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { sitesScope } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { errorResponses, Id, json, roles, router } from '../openapi.js';

export const MachineGroupSchema = z
  .object({
    id: z.string().openapi({ example: 'prusa-mk4' }),
    site: z.string(),
    kind: z.string(),
    machines: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
  })
  .openapi('MachineGroup');

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Machine groups of my sites (“any Prusa MK4”)',
  tags: ['machines'],
  ...roles('artisan', 'manager', 'funder'),
  request: { query: z.object({ site: Id.optional() }) },
  responses: {
    200: json(z.object({ groups: z.array(MachineGroupSchema) }), 'Groups'),
    400: errorResponses[400],
    403: errorResponses[403],
  },
});

export const listMachineGroups = (deps: RouteDeps<never, 'sites' | 'machines'>) =>
  router().openapi(route, async (c) => {
    const { site } = c.req.valid('query');
    const scope = sitesScope(c, site);
    const { services } = deps;
    const sites = scope ?? (await services.sites.list()).map((s) => s.id);
    return c.json({ groups: await services.machines.listGroups(sites) }, 200);
  });
