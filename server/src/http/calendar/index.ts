/**
 * iCal feeds: GET /api/calendar/members/{id}.ics?token= and /api/calendar/machines/{id}.ics?token=
 * — secret URLs a calendar app subscribes to (no login: the token is an HMAC of the feed's name
 * under the server's calendar secret). A machine's feed shows slots as "Réservé", without names.
 * GET /api/calendar/{members|machines}/{id}/url gives the URL (to the member themselves or a manager).
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../env.js';
import { icalendar, type CalendarEvent } from '../../domain/booking/ical.js';
import { actor, actsFor, onSite, requireMemberOfMySites } from '../actor.js';
import { publicOrigin } from '../public-url.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, roles, router } from '../openapi.js';

const DAY = 86_400_000;
type FeedKind = 'members' | 'machines';

export function calendarToken(secret: string, kind: FeedKind, id: string): string {
  return createHmac('sha256', secret).update(`${kind}:${id}`).digest('base64url').slice(0, 32);
}

function checkToken(secret: string, kind: FeedKind, id: string, token: string) {
  const expected = Buffer.from(calendarToken(secret, kind, id));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new ApiError('not_found', 'no such calendar');
}

const Kind = z.enum(['members', 'machines']).openapi({ param: { name: 'kind', in: 'path' } });
const FeedParams = z.object({
  kind: Kind,
  file: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*\.ics$/i, 'ID.ics')
    .openapi({ param: { name: 'file', in: 'path' } }),
});

export const calendar = (
  deps: RouteDeps<
    'publicUrl',
    'calendarSecret' | 'clock' | 'machines' | 'reservations' | 'members'
  >,
) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{kind}/{file}',
        summary: 'iCal feed of a member’s or a machine’s reservations (secret URL)',
        tags: ['calendar'],
        ...roles('public'),
        request: { params: FeedParams, query: z.object({ token: z.string().min(1).max(100) }) },
        responses: {
          200: {
            description: 'text/calendar',
            content: { 'text/calendar': { schema: z.string() } },
          },
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { kind, file } = c.req.valid('param');
        const id = file.slice(0, -'.ics'.length);
        checkToken(deps.services.calendarSecret, kind, id, c.req.valid('query').token);
        const { services } = deps;
        const now = services.clock();
        const machines = new Map((await services.machines.list()).map((m) => [m.id, m]));
        const list = await services.reservations.list({
          ...(kind === 'members' ? { member: id } : { machine: id }),
          from: now - 30 * DAY,
          to: now + 180 * DAY,
          statuses: ['pending_approval', 'confirmed', 'cancelled', 'completed'],
        });
        const events: CalendarEvent[] = list.map((r) => ({
          uid: `${r.id}@manufacto`,
          start: r.start,
          end: r.end,
          summary:
            kind === 'members'
              ? `${machines.get(r.machine)?.name ?? r.machine} — réservation`
              : 'Réservé',
          location: machines.get(r.machine)?.name,
          status:
            r.status === 'cancelled'
              ? 'CANCELLED'
              : r.status === 'pending_approval'
                ? 'TENTATIVE'
                : 'CONFIRMED',
          updatedAt: r.createdAt,
        }));
        const name =
          kind === 'members'
            ? `Manufacto — ${(await services.members.get(id))?.name ?? id}`
            : `Manufacto — ${machines.get(id)?.name ?? id}`;
        return c.body(icalendar(name, events, now), 200, {
          'content-type': 'text/calendar; charset=utf-8',
          'cache-control': 'private, max-age=300',
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{kind}/{id}/url',
        summary: 'The secret feed URL (to subscribe from a calendar app)',
        tags: ['calendar'],
        ...roles('artisan', 'manager'),
        request: {
          params: z.object({ kind: Kind, id: Id.openapi({ param: { name: 'id', in: 'path' } }) }),
        },
        responses: {
          200: json(z.object({ url: z.string() }), 'The URL'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { kind, id } = c.req.valid('param');
        const who = actor(c);
        if (kind === 'members' && !actsFor(who, id))
          throw new ApiError('not_found', `no member "${id}"`);
        const { services } = deps;
        if (kind === 'members') {
          if (!(await services.members.get(id)))
            throw new ApiError('not_found', `no member "${id}"`);
          if (who.id !== id) await requireMemberOfMySites(c, deps.services.members, id);
        } else {
          const machine = await services.machines.get(id);
          // A machine's feed shows no names: anyone signed in on its site may subscribe.
          if (!machine || !onSite(who, machine.site))
            throw new ApiError('not_found', `no machine "${id}"`);
        }
        const origin = publicOrigin(deps.publicUrl);
        return c.json(
          {
            url: `${origin}/api/calendar/${kind}/${id}.ics?token=${calendarToken(services.calendarSecret, kind, id)}`,
          },
          200,
        );
      },
    );
