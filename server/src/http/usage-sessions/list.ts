/**
 * GET /api/usage-sessions?machine=&from=&to=&limit= — measured jobs, newest first. What usage
 * reports and billing read. `from`/`to` are ISO 8601 instants.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { sitesScope } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { errorResponses, json, roles, router } from '../openapi.js';

const query = z.object({
  machine: z.string().max(64).optional(),
  site: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const UsageSessionSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    machine: z.string(),
    name: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string(),
    outcome: z.string(),
    reason: z.string().nullable(),
    wallSeconds: z.number(),
    activeSeconds: z.number(),
    beamSeconds: z.number().nullable(),
    spindleSeconds: z.number().nullable(),
    energyWh: z.number().nullable(),
    materialGrams: z
      .number()
      .nullable()
      .openapi({ description: 'Filament or other material, grams' }),
    member: z.string().nullable().openapi({ description: 'null: a walk-in nobody is attached to' }),
    reservation: z.string().nullable(),
  })
  .openapi('UsageSession');

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Measured jobs (usage sessions), newest first',
  tags: ['usage'],
  ...roles('manager'),
  request: { query },
  responses: {
    200: json(z.object({ usageSessions: z.array(UsageSessionSchema) }), 'Usage sessions'),
    400: errorResponses[400],
  },
});

export const listUsageSessions = (deps: RouteDeps<'usageSessions'>) =>
  router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    // A manager reads their sites' sessions (403 for a site not theirs).
    const rows = await deps.usageSessions.list({
      ...(q.machine ? { machine: q.machine } : {}),
      sites: sitesScope(c, q.site),
      ...(q.from ? { from: Date.parse(q.from) } : {}),
      ...(q.to ? { to: Date.parse(q.to) } : {}),
      limit: q.limit,
    });
    return c.json(
      {
        usageSessions: rows.map((r) => ({
          id: r.id,
          site: r.site,
          machine: r.machine_id,
          name: r.name,
          startedAt: new Date(Number(r.started_at)).toISOString(),
          endedAt: new Date(Number(r.ended_at)).toISOString(),
          outcome: r.outcome,
          reason: r.reason,
          wallSeconds: r.wall_s,
          activeSeconds: r.active_s,
          beamSeconds: r.beam_s,
          spindleSeconds: r.spindle_s,
          energyWh: r.energy_wh,
          materialGrams: r.material_g,
          member: r.member_id,
          reservation: r.reservation_id,
        })),
      },
      200,
    );
  });
