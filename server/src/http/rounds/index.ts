/**
 * Booking rounds for contended periods: PUT /api/rounds/{id} (open), GET /api/rounds,
 * GET /api/rounds/{id} (with the requests: all for a manager, one's own for an artisan),
 * POST /api/rounds/{id}/requests, DELETE /api/rounds/{id}/requests/{request},
 * POST /api/rounds/{id}/propose?method=fair|fcfs, POST /api/rounds/{id}/publish.
 * Roles: a manager runs a round; artisans submit and withdraw their own requests.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RouteDeps } from '../env.js';
import { RoundError, type RoundsService } from '../../services/rounds-service.js';
import type { BookingRound, RoundRequest } from '../../store/rounds.js';
import { actor, audit, isManager, onSite, requireManager } from '../actor.js';
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
  roles,
  router,
} from '../openapi.js';
import { MachineKindSchema } from '../reservations/schema.js';

const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });
const RoundSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    title: z.string(),
    from: z.string(),
    to: z.string(),
    closesAt: z.string(),
    status: z.string(),
    method: z.string().nullable(),
    figures: z.record(z.string(), z.number()).nullable(),
  })
  .openapi('BookingRound');
const RequestSchema = z
  .object({
    id: z.string(),
    member: z.string(),
    machine: z.string().optional(),
    kind: z.string().optional(),
    group: z.string().optional(),
    durationMin: z.number(),
    windows: z.array(z.object({ start: z.string(), end: z.string() })),
    priority: z.number().optional(),
    submittedAt: z.string(),
    assigned: z.object({ machine: z.string(), start: z.string(), end: z.string() }).nullable(),
    unassignedReason: z.string().nullable(),
    reservation: z.string().nullable(),
  })
  .openapi('RoundRequest');

const roundJson = (r: BookingRound) => ({
  id: r.id,
  site: r.site,
  title: r.title,
  from: iso(r.period.start),
  to: iso(r.period.end),
  closesAt: iso(r.closesAt),
  status: r.status,
  method: r.method,
  figures: r.figures,
});
const requestJson = (r: RoundRequest) => ({
  id: r.id,
  member: r.member,
  ...(r.machine ? { machine: r.machine } : {}),
  ...(r.kind ? { kind: r.kind } : {}),
  ...(r.group ? { group: r.group } : {}),
  durationMin: r.durationMin,
  windows: r.windows.map((w) => ({ start: iso(w.start), end: iso(w.end) })),
  ...(r.priority === undefined ? {} : { priority: r.priority }),
  submittedAt: iso(r.submittedAt),
  assigned: r.assigned && {
    machine: r.assigned.machine,
    start: iso(r.assigned.start),
    end: iso(r.assigned.end),
  },
  unassignedReason: r.unassignedReason,
  reservation: r.reservation,
});

async function guard<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RoundError)
      throw new ApiError(error.kind === 'not_found' ? 'not_found' : 'conflict', error.message);
    throw error;
  }
}

const conflict = json(
  z.object({ code: z.string(), message: z.string() }),
  'The round is not in a state that allows it',
);
/** A round on one of the caller's sites (an artisan's member's, a manager's), else 404. */
async function roundOnMySites(
  c: Context<AppEnv>,
  rounds: Pick<RoundsService, 'get'>,
  id: string,
): Promise<BookingRound> {
  const round = await guard(() => rounds.get(id));
  if (!onSite(actor(c), round.site)) throw new ApiError('not_found', `no booking round "${id}"`);
  return round;
}

export const rounds = (deps: RouteDeps<'audit', 'rounds' | 'members'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'List booking rounds',
        tags: ['rounds'],
        ...roles('artisan', 'manager'),
        request: { query: z.object({ site: z.string().max(64).optional() }) },
        responses: {
          200: json(z.object({ rounds: z.array(RoundSchema) }), 'Rounds, newest first'),
        },
      }),
      async (c) => {
        const who = actor(c);
        const list = (await deps.services.rounds.list(c.req.valid('query').site)).filter((r) =>
          onSite(who, r.site),
        );
        return c.json({ rounds: list.map(roundJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        summary: 'Open (or re-set, while open) a booking round',
        tags: ['rounds'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(
            z
              .object({
                site: Id,
                title: z.string().min(1).max(200),
                from: Instant,
                to: Instant,
                closesAt: Instant,
              })
              .refine((b) => Date.parse(b.from) < Date.parse(b.to), {
                message: 'to must be after from',
                path: ['to'],
              })
              .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= 62 * 86_400_000, {
                message: 'a round covers at most 62 days',
                path: ['to'],
              }),
            {
              site: 'atelier-demo',
              title: 'Semaine du 14 décembre',
              from: '2026-12-14T00:00:00+01:00',
              to: '2026-12-19T00:00:00+01:00',
              closesAt: '2026-12-10T12:00:00+01:00',
            },
          ),
        },
        responses: {
          200: json(z.object({ round: RoundSchema }), 'Open'),
          400: errorResponses[400],
          404: errorResponses[404],
          409: conflict,
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        requireManager(c, 'open a booking round', b.site);
        // An upsert checks the round that exists: another site's round is not this manager's.
        const existing = await deps.services.rounds
          .get(c.req.valid('param').id)
          .catch((error: unknown) => {
            if (error instanceof RoundError && error.kind === 'not_found') return undefined;
            throw error;
          });
        if (existing) requireManager(c, 'change this booking round', existing.site);
        if (existing && existing.site !== b.site)
          throw new ApiError(
            'conflict',
            `round "${existing.id}" belongs to site "${existing.site}": a round does not move between sites`,
          );
        const round = await guard(() =>
          deps.services.rounds.open({
            id: c.req.valid('param').id,
            site: b.site,
            title: b.title,
            period: { start: Date.parse(b.from), end: Date.parse(b.to) },
            closesAt: Date.parse(b.closesAt),
          }),
        );
        return c.json({ round: roundJson(round) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        summary: 'A round and its requests',
        tags: ['rounds'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(
            z.object({ round: RoundSchema, requests: z.array(RequestSchema) }),
            'The round',
          ),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const who = actor(c);
        const round = await roundOnMySites(c, deps.services.rounds, id);
        const requests = await deps.services.rounds.requests(
          id,
          isManager(who) ? undefined : who.id,
        );
        return c.json({ round: roundJson(round), requests: requests.map(requestJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/requests',
        summary: 'Submit a request to an open round',
        tags: ['rounds'],
        ...roles('artisan', 'manager'),
        request: {
          params: IdParam,
          body: jsonBody(
            z
              .object({
                member: Id,
                machine: Id.optional(),
                kind: MachineKindSchema.optional(),
                group: Id.optional().openapi({
                  description: 'A machine group of the round’s site (“any Prusa MK4”)',
                }),
                // The site's and machine's length rules judge it, as for a booking (typed refusals).
                durationMin: z
                  .number()
                  .int()
                  .min(5)
                  .max(7 * 24 * 60),
                windows: z
                  .array(z.object({ start: Instant, end: Instant }))
                  .min(1)
                  .max(10),
                priority: z.number().int().min(1).max(100).optional(),
              })
              .refine(
                (b) => [b.machine, b.kind, b.group].filter((x) => x !== undefined).length === 1,
                { message: 'give one of machine, kind or group', path: ['machine'] },
              ),
            {
              member: 'camille-roux',
              machine: 'laser-co2',
              durationMin: 120,
              windows: [{ start: '2026-12-15T09:00:00+01:00', end: '2026-12-15T18:00:00+01:00' }],
            },
          ),
        },
        responses: {
          201: json(z.object({ request: RequestSchema }), 'Submitted'),
          400: errorResponses[400],
          404: errorResponses[404],
          422: json(RefusedSchema, 'Refused'),
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const who = actor(c);
        if (!isManager(who) && who.id !== b.member)
          throw new ApiError('forbidden', 'an artisan submits requests for themselves only');
        const round = await roundOnMySites(c, deps.services.rounds, c.req.valid('param').id);
        if (!(await deps.services.members.sitesOf(b.member)).includes(round.site))
          throw new ApiError(
            'forbidden',
            `member "${b.member}" is not a member of site "${round.site}"`,
          );
        const outcome = await guard(() =>
          deps.services.rounds.submit(c.req.valid('param').id, {
            ...b,
            windows: b.windows.map((w) => ({ start: Date.parse(w.start), end: Date.parse(w.end) })),
          }),
        );
        if (!outcome.ok) return c.json(refusedBody(c, outcome.refusals), 422);
        return c.json(
          {
            request: requestJson({
              ...outcome.request,
              assigned: null,
              unassignedReason: null,
              reservation: null,
            }),
          },
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}/requests/{request}',
        summary: 'Withdraw a request',
        tags: ['rounds'],
        ...roles('artisan', 'manager'),
        request: {
          params: IdParam.extend({
            request: z
              .string()
              .min(1)
              .max(64)
              .openapi({ param: { name: 'request', in: 'path' } }),
          }),
        },
        responses: { 204: { description: 'Withdrawn' }, 404: errorResponses[404], 409: conflict },
      }),
      async (c) => {
        const { id, request } = c.req.valid('param');
        const who = actor(c);
        await roundOnMySites(c, deps.services.rounds, id);
        if (!isManager(who)) {
          const mine = await deps.services.rounds.requests(id, who.id);
          if (!mine.some((r) => r.id === request))
            throw new ApiError('not_found', `no request "${request}" of yours in round "${id}"`);
        }
        await guard(() => deps.services.rounds.withdraw(id, request));
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/propose',
        summary: 'Run the allocator (fair by default, fcfs to compare) and store its proposal',
        tags: ['rounds'],
        ...roles('manager'),
        request: {
          params: IdParam,
          query: z.object({ method: z.enum(['fair', 'fcfs']).default('fair') }),
        },
        responses: {
          200: json(z.object({ round: RoundSchema, requests: z.array(RequestSchema) }), 'Proposal'),
          404: errorResponses[404],
          409: conflict,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        requireManager(
          c,
          'run the allocator',
          (await guard(() => deps.services.rounds.get(id))).site,
        );
        const { round } = await guard(() =>
          deps.services.rounds.propose(id, c.req.valid('query').method),
        );
        return c.json(
          {
            round: roundJson(round),
            requests: (await deps.services.rounds.requests(id)).map(requestJson),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/publish',
        summary: 'Create the proposed reservations',
        tags: ['rounds'],
        ...roles('manager'),
        request: { params: IdParam },
        responses: {
          200: json(
            z.object({
              created: z.number(),
              lost: z
                .array(z.string())
                .openapi({ description: 'Requests whose slot was taken meanwhile' }),
              refused: z
                .array(z.object({ request: z.string(), reason: z.enum(['in_the_past', 'quota']) }))
                .openapi({
                  description: 'Requests re-checked at publishing: now past, or over a quota',
                }),
            }),
            'Published',
          ),
          404: errorResponses[404],
          409: conflict,
        },
      }),
      async (c) => {
        const { site } = await guard(() => deps.services.rounds.get(c.req.valid('param').id));
        requireManager(c, 'publish a round', site);
        const published = await guard(() =>
          deps.services.rounds.publish(c.req.valid('param').id, actor(c).id),
        );
        await audit(
          c,
          deps.audit,
          'round.publish',
          `round:${c.req.valid('param').id}`,
          published,
          site,
        );
        return c.json(published, 200);
      },
    );
