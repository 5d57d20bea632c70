/**
 * Changing a reservation: POST …/{id}/cancel, PATCH …/{id} (move), POST …/{id}/end (end a started
 * slot early: the rest is released to the waitlist), POST …/{id}/approve and …/reject. Cancel
 * and move: its member until the deadline, a manager always; end: its member or a manager;
 * approve and reject: a manager.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RouteDeps } from '../env.js';
import type { BookingOutcome } from '../../services/booking-service.js';
import { NotFoundError } from '../../services/booking-service.js';
import { actor, audit, isManager, ownedOr404, requireManager } from '../actor.js';
import { ApiError } from '../errors.js';
import {
  errorResponses,
  Id,
  Instant,
  json,
  jsonBody,
  refusedBody,
  RefusedSchema,
  refusedStatus,
  roles,
  router,
} from '../openapi.js';
import { IdParam, ReservationSchema, toJson } from './schema.js';

const answers = {
  200: json(z.object({ reservation: ReservationSchema }), 'Done'),
  400: errorResponses[400],
  404: errorResponses[404],
  409: json(RefusedSchema, 'The new slot is taken'),
  422: json(RefusedSchema, 'A rule refuses it'),
};

type Deps = RouteDeps<
  'audit',
  'reservations' | 'booking' | 'machines' | 'members' | 'scheduleKeeper'
>;

async function owned(c: Context<AppEnv>, deps: Deps, id: string) {
  const r = ownedOr404(c, await deps.services.reservations.get(id), `reservation "${id}"`);
  return { r, who: actor(c) };
}

async function answer(
  c: Context<AppEnv>,
  deps: Deps,
  action: string,
  run: () => Promise<BookingOutcome>,
) {
  let outcome: BookingOutcome;
  try {
    outcome = await run();
  } catch (error) {
    if (error instanceof NotFoundError) throw new ApiError('not_found', error.message);
    throw error;
  }
  if (!outcome.ok) return c.json(refusedBody(c, outcome.refusals), refusedStatus(outcome.refusals));
  await audit(
    c,
    deps.audit,
    action,
    `reservation:${outcome.reservation.id}`,
    {
      machine: outcome.reservation.machine,
      start: outcome.reservation.start,
      end: outcome.reservation.end,
      status: outcome.reservation.status,
    },
    outcome.reservation.site,
  );
  return c.json({ reservation: toJson(outcome.reservation) }, 200);
}

const cancel = createRoute({
  method: 'post',
  path: '/{id}/cancel',
  summary: 'Cancel a reservation',
  tags: ['reservations'],
  ...roles('artisan', 'manager'),
  request: { params: IdParam },
  responses: answers,
});

const move = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: 'Move a reservation to another slot (or machine)',
  tags: ['reservations'],
  ...roles('artisan', 'manager'),
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({ start: Instant, end: Instant, machine: Id.optional() })
        .refine((b) => Date.parse(b.start) < Date.parse(b.end), {
          message: 'end must be after start',
          path: ['end'],
        }),
      { start: '2026-12-02T14:00:00+01:00', end: '2026-12-02T16:00:00+01:00' },
    ),
  },
  responses: answers,
});

const end = createRoute({
  method: 'post',
  path: '/{id}/end',
  summary: 'End a started slot early: the rest is released and offered to the waitlist',
  description:
    'The reservation is completed, held (and billed by the machine’s mode) up to now. Refused ' +
    'before the slot starts (cancel it instead), after it ends, or while a job still runs.',
  tags: ['reservations'],
  ...roles('artisan', 'manager'),
  request: { params: IdParam },
  responses: answers,
});

const decide = (path: '/{id}/approve' | '/{id}/reject', summary: string) =>
  createRoute({
    method: 'post',
    path,
    summary,
    tags: ['reservations'],
    ...roles('manager'),
    request: { params: IdParam },
    responses: answers,
  });

export const changeReservation = (deps: Deps) =>
  router()
    .openapi(cancel, async (c) => {
      const { r, who } = await owned(c, deps, c.req.valid('param').id);
      return answer(c, deps, 'reservation.cancel', () =>
        deps.services.booking.cancel(r.id, who.id, isManager(who)),
      );
    })
    .openapi(move, async (c) => {
      const { r, who } = await owned(c, deps, c.req.valid('param').id);
      const body = c.req.valid('json');
      if (body.machine && body.machine !== r.machine && !isManager(who))
        throw new ApiError('forbidden', 'only a manager moves a booking to another machine');
      if (body.machine && body.machine !== r.machine) {
        const target = await deps.services.machines.get(body.machine);
        if (target) requireManager(c, 'move a booking to this site', target.site);
        if (target && !(await deps.services.members.sitesOf(r.member)).includes(target.site))
          throw new ApiError(
            'forbidden',
            `member "${r.member}" is not a member of site "${target.site}"`,
          );
      }
      return answer(c, deps, 'reservation.move', () =>
        deps.services.booking.move(
          r.id,
          { start: Date.parse(body.start), end: Date.parse(body.end), machine: body.machine },
          isManager(who),
        ),
      );
    })
    .openapi(end, async (c) => {
      const { r } = await owned(c, deps, c.req.valid('param').id);
      return answer(c, deps, 'reservation.end', () => deps.services.scheduleKeeper.endEarly(r.id));
    })
    .openapi(decide('/{id}/approve', 'Approve a booking waiting for approval'), async (c) => {
      requireManager(c, 'approve a booking');
      await owned(c, deps, c.req.valid('param').id);
      return answer(c, deps, 'reservation.approve', () =>
        deps.services.booking.decide(c.req.valid('param').id, true, actor(c).id),
      );
    })
    .openapi(decide('/{id}/reject', 'Reject a booking waiting for approval'), async (c) => {
      requireManager(c, 'reject a booking');
      await owned(c, deps, c.req.valid('param').id);
      return answer(c, deps, 'reservation.reject', () =>
        deps.services.booking.decide(c.req.valid('param').id, false, actor(c).id),
      );
    });
