/**
 * The waitlist: POST /api/waitlist (wait for a machine or any machine of a kind in a window),
 * GET /api/waitlist, DELETE /api/waitlist/{id}, POST /api/waitlist/{id}/accept (book the slot
 * offered). Roles: an artisan for themselves, a manager for anyone.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RouteDeps } from '../env.js';
import type { WaitEntry } from '../../domain/booking/waitlist.js';
import type { WaitlistService } from '../../services/waitlist-service.js';
import {
  actor,
  isManager,
  memberFor,
  memberScope,
  ownedOr404,
  requireManager,
  sitesScope,
} from '../actor.js';
import { ApiError } from '../errors.js';
import {
  errorResponses,
  Id,
  Instant,
  iso,
  json,
  jsonBody,
  refusedBody,
  RefusedSchema,
  refusedStatus,
  roles,
  router,
} from '../openapi.js';
import { MachineKindSchema } from '../reservations/schema.js';

const EntrySchema = z
  .object({
    id: z.string(),
    site: z.string(),
    member: z.string(),
    machine: z.string().nullable(),
    kind: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    durationMin: z.number(),
    status: z.string(),
    offer: z
      .object({ machine: z.string(), start: z.string(), end: z.string(), expiresAt: z.string() })
      .nullable(),
  })
  .openapi('WaitlistEntry');
const toJson = (e: WaitEntry) => ({
  id: e.id,
  site: e.site,
  member: e.member,
  machine: e.machine,
  kind: e.kind,
  from: iso(e.window.start),
  to: iso(e.window.end),
  durationMin: e.durationMin,
  status: e.status,
  offer: e.offer && {
    machine: e.offer.machine,
    start: iso(e.offer.start),
    end: iso(e.offer.end),
    expiresAt: iso(e.offer.expiresAt),
  },
});
const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

async function own(c: Context<AppEnv>, waitlist: Pick<WaitlistService, 'get'>, id: string) {
  return ownedOr404(c, await waitlist.get(id), `waitlist entry "${id}"`);
}

export const waitlist = (deps: RouteDeps<never, 'waitlist' | 'members' | 'machines'>) =>
  router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        summary: 'Wait for a slot',
        tags: ['waitlist'],
        ...roles('artisan', 'manager'),
        request: {
          body: jsonBody(
            z
              .object({
                member: Id,
                machine: Id.optional(),
                kind: MachineKindSchema.optional(),
                site: Id.optional(),
                from: Instant,
                to: Instant,
                durationMin: z
                  .number()
                  .int()
                  .min(5)
                  .max(24 * 60),
              })
              .refine((b) => (b.machine === undefined) !== (b.kind === undefined), {
                message: 'give either machine or kind (with site)',
                path: ['machine'],
              })
              .refine((b) => b.kind === undefined || b.site !== undefined, {
                message: 'a kind needs a site',
                path: ['site'],
              })
              .refine((b) => Date.parse(b.to) - Date.parse(b.from) >= b.durationMin * 60_000, {
                message: 'the window must hold the duration',
                path: ['to'],
              }),
            {
              member: 'camille-roux',
              machine: 'laser-co2',
              from: '2026-12-02T09:00:00+01:00',
              to: '2026-12-02T19:00:00+01:00',
              durationMin: 120,
            },
          ),
        },
        responses: {
          201: json(z.object({ entry: EntrySchema }), 'Waiting'),
          400: errorResponses[400],
          422: json(RefusedSchema, 'Refused'),
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        await memberFor(c, deps.services.members, b.member, 'an artisan waits for themselves only');
        const { services } = deps;
        const site =
          b.site ?? (b.machine ? (await services.machines.get(b.machine))?.site : undefined);
        if (site !== undefined) {
          if (isManager(actor(c))) requireManager(c, 'add to this site’s waitlist', site);
          if (!(await services.members.sitesOf(b.member)).includes(site))
            throw new ApiError(
              'forbidden',
              `member "${b.member}" is not a member of site "${site}"`,
            );
        }
        const r = await deps.services.waitlist.join({
          ...b,
          window: { start: Date.parse(b.from), end: Date.parse(b.to) },
        });
        if (!r.ok) return c.json(refusedBody(c, r.refusals), 422);
        return c.json({ entry: toJson(r.entry) }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'Waiting entries (yours, or all for a manager)',
        tags: ['waitlist'],
        ...roles('artisan', 'manager'),
        request: { query: z.object({ member: Id.optional(), site: Id.optional() }) },
        responses: { 200: json(z.object({ entries: z.array(EntrySchema) }), 'Entries') },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const member = await memberScope(
          c,
          deps.services.members,
          q.member,
          'an artisan sees their own waiting only',
        );
        // A manager sees their sites' entries (403 for a site not theirs).
        const where = isManager(actor(c)) ? { sites: sitesScope(c, q.site) } : { site: q.site };
        const entries = await deps.services.waitlist.list({ member, ...where });
        return c.json({ entries: entries.map(toJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        summary: 'Stop waiting',
        tags: ['waitlist'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: { 204: { description: 'Withdrawn' }, 404: errorResponses[404] },
      }),
      async (c) => {
        const e = await own(c, deps.services.waitlist, c.req.valid('param').id);
        if (!(await deps.services.waitlist.withdraw(e.id)))
          throw new ApiError('not_found', `waitlist entry "${e.id}" is ${e.status}`);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/accept',
        summary: 'Book the slot offered',
        tags: ['waitlist'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          201: json(z.object({ reservation: z.string() }), 'Booked'),
          404: errorResponses[404],
          409: json(RefusedSchema, 'Gone'),
          422: json(RefusedSchema, 'Refused'),
        },
      }),
      async (c) => {
        const e = await own(c, deps.services.waitlist, c.req.valid('param').id);
        const r = await deps.services.waitlist.accept(e.id, actor(c).id);
        if (!r.ok) return c.json(refusedBody(c, r.refusals), refusedStatus(r.refusals));
        return c.json({ reservation: r.reservation }, 201);
      },
    );
