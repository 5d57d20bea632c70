/**
 * GET /api/reservations — reservations overlapping a period, by machine, member or site, in
 * start order, a page at a time. Roles: manager (all); artisan (their own: `member` = themselves).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type Reservation, rulesFor } from '../../domain/booking/model.js';
import { actor, isManager, sitesScope } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import {
  decodeCursor,
  encodeCursor,
  errorResponses,
  Instant,
  iso,
  json,
  PageQuery,
  roles,
  router,
} from '../openapi.js';
import { ReservationSchema, toJson } from './schema.js';

const Status = z.enum([
  'pending_approval',
  'confirmed',
  'cancelled',
  'no_show',
  'completed',
  'rejected',
]);

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'List reservations',
  tags: ['reservations'],
  ...roles('artisan', 'manager'),
  request: {
    query: PageQuery.extend({
      machine: z.string().max(64).optional(),
      member: z.string().max(64).optional(),
      site: z.string().max(64).optional(),
      status: z
        .string()
        .optional()
        .transform((s, ctx) => {
          if (s === undefined) return undefined;
          const parsed = z.array(Status).safeParse(s.split(','));
          if (!parsed.success) {
            ctx.addIssue({
              code: 'custom',
              message: `status must be a comma-separated list of ${Status.options.join(', ')}`,
            });
            return z.NEVER;
          }
          return parsed.data;
        })
        .openapi({
          description: 'Comma-separated statuses, e.g. confirmed,pending_approval.',
          type: 'string',
        }),
      from: Instant.optional(),
      to: Instant.optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ reservations: z.array(ReservationSchema), nextCursor: z.string().nullable() }),
      'A page of reservations',
    ),
    400: errorResponses[400],
  },
});

const isAfter = (v: unknown): v is { start: number; id: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { start?: unknown }).start === 'number' &&
  typeof (v as { id?: unknown }).id === 'string';

export const listReservations = (deps: RouteDeps<never, 'reservations' | 'machines' | 'sites'>) =>
  router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    const who = actor(c);
    if (!isManager(who) && q.member !== who.id) {
      throw new ApiError(
        'forbidden',
        'an artisan lists their own reservations (member = yourself); the machine calendar shows busy slots',
      );
    }
    const rows = await deps.services.reservations.list({
      machine: q.machine,
      member: q.member,
      // A manager lists their sites' reservations (403 for a site not theirs); an artisan their own.
      ...(isManager(who) ? { sites: sitesScope(c, q.site) } : { site: q.site }),
      statuses: q.status,
      from: q.from === undefined ? undefined : Date.parse(q.from),
      to: q.to === undefined ? undefined : Date.parse(q.to),
      after: decodeCursor(q.cursor, isAfter),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    // From when each may be started: the no-show grace of its machine's rules before its start.
    const { services } = deps;
    const grace = new Map<string, number>();
    for (const id of new Set(page.map((r) => r.machine))) {
      const machine = await services.machines.get(id);
      const site = machine && (await services.sites.get(machine.site));
      if (machine && site) grace.set(id, rulesFor(site, machine).noShowGraceMin * 60_000);
    }
    const shown = (r: Reservation) => {
      const g = grace.get(r.machine);
      return g === undefined ? toJson(r) : { ...toJson(r), startableFrom: iso(r.start - g) };
    };
    return c.json(
      {
        reservations: page.map(shown),
        nextCursor:
          rows.length > q.limit && last ? encodeCursor({ start: last.start, id: last.id }) : null,
      },
      200,
    );
  });
