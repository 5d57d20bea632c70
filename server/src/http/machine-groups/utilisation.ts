/**
 * GET /api/machine-groups/{site}/{group}/utilisation?from=&to= — what a group of machines did
 * ("the four Prusa MK4"): time in each state summed over its machines, busy and running shares
 * of the group's machine-time, its hour × weekday heat map, and running time inside and outside
 * opening hours (overnight prints run unattended). From the InfluxDB history, like one machine's
 * utilisation. Roles: manager and funder of the site, admin.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { openIntervals } from '../../domain/booking/site-calendar.js';
import { groupFigures, utilisation, type Utilisation } from '../../domain/telemetry/utilisation.js';
import { actor, onSite } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError, influxDidNotAnswer } from '../errors.js';
import { errorResponses, Id, json, roles, router } from '../openapi.js';
import { StaffedSchema } from '../machines/utilisation.js';

const MAX_PERIOD_MS = 366 * 24 * 3_600_000;

const route = createRoute({
  method: 'get',
  path: '/{site}/{group}/utilisation',
  summary: 'What a machine group did over a period (summed over its machines, from InfluxDB)',
  tags: ['machines'],
  ...roles('manager', 'funder'),
  request: {
    params: z.object({
      site: Id.openapi({ param: { name: 'site', in: 'path' } }),
      group: Id.openapi({ param: { name: 'group', in: 'path' } }),
    }),
    query: z
      .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
      .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
        message: 'from must be before to',
        path: ['to'],
      })
      .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_MS, {
        message: 'a period of at most 366 days',
        path: ['to'],
      }),
  },
  responses: {
    200: json(
      z
        .object({
          site: z.string(),
          group: z.string(),
          machines: z.array(z.string()),
          from: z.string(),
          to: z.string(),
          timeZone: z.string(),
          seconds: z.record(z.string(), z.number()),
          busyShare: z.number().openapi({ description: 'Of the group’s machine-time' }),
          runningShare: z.number(),
          heatmap: z.array(z.array(z.number())).openapi({
            description:
              'Seconds running per weekday (0 = Monday) and hour (0–23), summed over the machines',
          }),
          staffed: StaffedSchema,
        })
        .openapi('GroupUtilisation'),
      'Utilisation of the group',
    ),
    400: errorResponses[400],
    404: errorResponses[404],
    503: json(z.object({ code: z.string(), message: z.string() }), 'InfluxDB not answering'),
  },
});

export const groupUtilisation = (deps: RouteDeps<'history', 'sites' | 'machines'>) =>
  router().openapi(route, async (c) => {
    const { site: siteId, group } = c.req.valid('param');
    const q = c.req.valid('query');
    const { services, history } = deps;
    const site = onSite(actor(c), siteId) ? await services.sites.get(siteId) : undefined;
    const machines = site
      ? (await services.machines.list({ site: siteId, group })).map((m) => m.id)
      : [];
    if (!site || machines.length === 0)
      throw new ApiError('not_found', `no machine group "${group}" on site "${siteId}"`);
    if (!history)
      throw new ApiError(
        'unavailable',
        'utilisation needs the InfluxDB history, and INFLUX_URL is not set',
      );
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    const open = openIntervals(site, from, to);
    const each: Utilisation[] = [];
    for (const id of machines) {
      let data: Awaited<ReturnType<typeof history.stateChanges>>;
      try {
        data = await history.stateChanges(id, from, to);
      } catch (error) {
        throw influxDidNotAnswer(error);
      }
      each.push(utilisation(data.before, data.changes, from, to, site.timezone, open));
    }
    return c.json(
      {
        site: siteId,
        group,
        machines,
        from: q.from,
        to: q.to,
        timeZone: site.timezone,
        ...groupFigures(each),
      },
      200,
    );
  });
