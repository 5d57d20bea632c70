/**
 * POST /api/reservations — book a machine (or any machine of a kind or group, or several units
 * of one at once) for a slot. Refusals come
 * back as typed reasons (409 when the slot is taken, 422 for other rules). `?dryRun=true`
 * answers what would happen without booking. Roles: the artisan for themselves, a manager for anyone.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { actor, isManager, onSite, requireManager, requireMemberOfMySites } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import {
  errorResponses,
  json,
  jsonBody,
  RefusedSchema,
  refusedBody,
  refusedStatus,
  roles,
  router,
} from '../openapi.js';
import { BookingBody, ReservationSchema, toJson } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/',
  summary: 'Book a slot',
  tags: ['reservations'],
  ...roles('artisan', 'manager'),
  request: {
    query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
    body: jsonBody(BookingBody, {
      member: 'camille-roux',
      machine: 'laser-co2',
      start: '2026-12-02T10:00:00+01:00',
      end: '2026-12-02T12:00:00+01:00',
      note: 'plateaux de table en chêne',
    }),
  },
  responses: {
    200: json(
      z.object({
        reservation: ReservationSchema,
        reservations: z.array(ReservationSchema).optional(),
        dryRun: z.literal(true),
      }),
      'The booking would succeed (dry run)',
    ),
    201: json(
      z.object({
        reservation: ReservationSchema,
        reservations: z.array(ReservationSchema).optional().openapi({
          description: 'Every unit, when several were booked (the first is `reservation`).',
        }),
      }),
      'Booked',
    ),
    400: errorResponses[400],
    409: json(RefusedSchema, 'The slot is taken'),
    422: json(RefusedSchema, 'A booking rule refuses it'),
  },
});

export const createReservation = (deps: RouteDeps<'bookingLimiter', 'booking' | 'members'>) =>
  router().openapi(route, async (c) => {
    const body = c.req.valid('json');
    const dryRun = c.req.valid('query').dryRun === 'true';
    const who = actor(c);
    if (!isManager(who) && who.id !== body.member) {
      throw new ApiError('forbidden', 'an artisan books for themselves only');
    }
    const { services } = deps;
    if (who.id !== body.member) await requireMemberOfMySites(c, services.members, body.member);
    // Where the booking may land: the member's sites, and for a manager the sites they manage.
    // Judged in the booking's transaction, from the member's sites and the machine it reads anyway.
    const placed = (memberSites: readonly string[], machine: { site: string } | undefined) => {
      const allowed = (site: string) =>
        memberSites.includes(site) && (!isManager(who) || onSite(who, site));
      let sites: readonly string[];
      if (body.machine !== undefined) {
        if (machine && !allowed(machine.site)) {
          if (isManager(who) && !onSite(who, machine.site))
            requireManager(c, 'book on this site', machine.site);
          throw new ApiError(
            'forbidden',
            `member "${body.member}" is not a member of site "${machine.site}"`,
          );
        }
        sites = machine ? [machine.site] : [];
      } else if (body.site !== undefined) {
        if (isManager(who)) requireManager(c, 'book on this site', body.site);
        if (!allowed(body.site))
          throw new ApiError(
            'forbidden',
            `member "${body.member}" is not a member of site "${body.site}"`,
          );
        sites = [body.site];
      } else sites = memberSites.filter(allowed);
      const limiter = deps.bookingLimiter;
      const wait = dryRun ? 0 : (limiter?.take(who.account ?? who.id) ?? 0);
      if (wait)
        throw new ApiError(
          'too_many_requests',
          `too many bookings: try again in ${Math.ceil(wait / 1000)} s`,
        );
      return sites;
    };
    const outcome = await services.booking.book({
      member: body.member,
      machine: body.machine,
      kind: body.kind,
      group: body.group,
      units: body.units,
      placed,
      start: Date.parse(body.start),
      end: Date.parse(body.end),
      note: body.note,
      dryRun,
      by: who.id,
      byManager: isManager(who),
      audit: { actor: who.account ?? who.id, role: who.role },
    });
    if (!outcome.ok)
      return c.json(refusedBody(c, outcome.refusals), refusedStatus(outcome.refusals));
    const units = outcome.reservations ? { reservations: outcome.reservations.map(toJson) } : {};
    if (dryRun)
      return c.json(
        { reservation: toJson(outcome.reservation), ...units, dryRun: true as const },
        200,
      );
    return c.json({ reservation: toJson(outcome.reservation), ...units }, 201);
  });
