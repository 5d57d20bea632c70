/**
 * GET /api/machines/:id/utilisation?from=&to=&tz= — time in each state, busy and running shares,
 * and the hour × weekday heat map of running time, from the InfluxDB history. Role: fab manager
 * (enforced with the accounts issue).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { openIntervals } from '../../domain/booking/site-calendar.js';
import { utilisation } from '../../domain/telemetry/utilisation.js';
import { actor, onSite } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError, influxDidNotAnswer } from '../errors.js';
import { errorResponses, json, roles, router } from '../openapi.js';

const MAX_PERIOD_MS = 366 * 24 * 3_600_000;

const query = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    /** Default: the time zone of the machine's site. */
    tz: z.string().max(64).optional(),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['to'],
  })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_MS, {
    message: 'a period of at most 366 days',
    path: ['to'],
  });

export const StaffedSchema = z
  .object({
    openSeconds: z.number(),
    runningOpenSeconds: z.number(),
    runningClosedSeconds: z.number(),
    openRunningShare: z.number(),
  })
  .openapi('StaffedSplit', {
    description:
      'Running time inside and outside the site’s opening hours (overnight prints run unattended); the share is of opening hours',
  });

const UtilisationSchema = z
  .object({
    machine: z.string(),
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    seconds: z.record(z.string(), z.number()).openapi({ description: 'Seconds in each state' }),
    busyShare: z.number(),
    runningShare: z.number(),
    heatmap: z
      .array(z.array(z.number()))
      .openapi({ description: 'Seconds running per weekday (0 = Monday) and hour (0–23)' }),
    staffed: StaffedSchema.optional(),
  })
  .openapi('Utilisation');

const route = createRoute({
  method: 'get',
  path: '/{id}/utilisation',
  summary: 'Time in each state, busy and running shares, hour × weekday heat map (from InfluxDB)',
  tags: ['machines'],
  ...roles('manager', 'funder'),
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
    query,
  },
  responses: {
    200: json(UtilisationSchema, 'Utilisation'),
    400: errorResponses[400],
    404: errorResponses[404],
    503: json(
      z.object({ code: z.string(), message: z.string() }),
      'InfluxDB not configured or not answering',
    ),
  },
});

export const machineUtilisation = (deps: RouteDeps<'history' | 'ingest', 'machines' | 'sites'>) =>
  router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    const { history, ingest, services } = deps;
    const { id } = c.req.valid('param');
    const view = ingest.view(id);
    // A manager or a funder reads the machines of their sites only (another site's is unknown).
    // A machine registered on the site that never reported is answered (offline all along): the
    // utilisation screen lists every machine of the site, and an idle one must show, not fail.
    const siteId = (await services.machines.get(id))?.site ?? view?.site;
    if (siteId === undefined || !onSite(actor(c), siteId))
      throw new ApiError('machine_not_found', `no machine "${id.slice(0, 64)}" has reported yet`);
    if (!history)
      throw new ApiError(
        'unavailable',
        'utilisation needs the InfluxDB history, and INFLUX_URL is not set',
      );
    // The machine's site's zone unless the caller asks for another (Europe/Paris only when the
    // machine belongs to no known site yet).
    const { machines, sites } = services;
    const site = await machines.get(id).then((m) => (m ? sites.get(m.site) : undefined));
    const tz = q.tz ?? site?.timezone ?? 'Europe/Paris';
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      throw new ApiError('bad_request', `tz: unknown time zone "${tz}"`);
    }
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    let data: Awaited<ReturnType<typeof history.stateChanges>>;
    try {
      data = await history.stateChanges(id, from, to);
    } catch (error) {
      throw influxDidNotAnswer(error);
    }
    // Opening hours split running time into staffed and unattended (an overnight print).
    const u = utilisation(
      data.before,
      data.changes,
      from,
      to,
      tz,
      site ? openIntervals(site, from, to) : undefined,
    );
    return c.json(
      {
        machine: id,
        from: q.from,
        to: q.to,
        timeZone: tz,
        seconds: { ...u.seconds },
        busyShare: u.busyShare,
        runningShare: u.runningShare,
        heatmap: u.heatmap.map((row) => [...row]),
        ...(u.staffed ? { staffed: u.staffed } : {}),
      },
      200,
    );
  });
