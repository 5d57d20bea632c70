/**
 * The after-use check (issue 16): a machine whose rules name one (`afterUseCheck`: cleaning,
 * inspection, in words) awaits it once a use at it ends, and nobody starts it until then.
 * - GET /machines/{id}/after-use-check — what to check, and whether the machine awaits it
 *   (since when, whether the caller's own use; a manager also sees whose). Its site's people.
 * - POST /machines/{id}/after-use-check — confirms it, with a note: the person of the use, or a
 *   manager of the machine's site in their place (recorded as such).
 * - GET /sites/{id}/after-use-checks — a manager's list of the uses that asked for a check, each
 *   with its confirmation (who, when, note) or none: the checks people skipped.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { actor, isManager, requireManager } from '../actor.js';
import type { RouteDeps } from '../env.js';
import type { Services } from '../../services/index.js';
import { ApiError } from '../errors.js';
import {
  errorResponses,
  Id,
  Instant,
  iso,
  json,
  jsonBody,
  roles,
  router,
  stripControls,
} from '../openapi.js';
import { machineOnMySite } from './machine-site.js';

const DAY = 86_400_000;
/** Longest note with a check: a line or two ("plateau nettoyé, buse encrassée signalée"). */
export const CHECK_NOTE_MAX = 500;
/** Longest period the managers' list covers at once (a quarter). */
export const CHECKS_RANGE_DAYS = 92;

const Person = z.object({ id: z.string(), name: z.string().nullable() });

const CheckStateSchema = z
  .object({
    machine: z.string(),
    required: z
      .string()
      .nullable()
      .openapi({ description: 'What to check after use, in words; null: no check asked' }),
    awaiting: z
      .object({
        since: z.string().openapi({ description: 'When the use ended' }),
        mine: z.boolean().openapi({ description: 'The caller’s own use' }),
        member: Person.nullable().openapi({ description: 'Whose use: shown to managers only' }),
      })
      .nullable(),
  })
  .openapi('AfterUseCheckState');

const ConfirmedSchema = z
  .object({
    grant: z.string(),
    machine: z.string(),
    confirmedAt: z.string(),
    byUser: z.boolean().openapi({ description: 'The person of the use confirmed, not a manager' }),
    note: z.string().nullable(),
  })
  .openapi('AfterUseCheckConfirmed');

const params = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

const nameOf = async (members: Pick<Services['members'], 'get'>, member: string) =>
  (await members.get(member))?.name ?? null;

export const machineAfterUseCheck = (
  deps: RouteDeps<'ingest', 'machines' | 'members' | 'access'>,
) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/after-use-check',
        summary: 'The machine’s after-use check: what to check, and whether it awaits it',
        tags: ['machines'],
        ...roles('artisan', 'manager'),
        request: { params },
        responses: {
          200: json(CheckStateSchema, 'What to check and whether the machine awaits it'),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const a = actor(c);
        await machineOnMySite(c, deps, id);
        const { what, awaiting } = await deps.services.access.afterUseCheck(id);
        return c.json(
          {
            machine: id,
            required: what,
            awaiting: awaiting && {
              since: iso(awaiting.until),
              mine: awaiting.member === a.id,
              member: isManager(a)
                ? {
                    id: awaiting.member,
                    name: await nameOf(deps.services.members, awaiting.member),
                  }
                : null,
            },
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/after-use-check',
        summary: 'Confirm the after-use check (the person of the use, or a manager of its site)',
        tags: ['machines'],
        ...roles('artisan', 'manager'),
        request: {
          params,
          body: jsonBody(
            z.object({
              note: z
                .string()
                .overwrite(stripControls)
                .max(CHECK_NOTE_MAX)
                .optional()
                .openapi({ description: 'What was done or seen' }),
            }),
            { note: 'Plateau nettoyé' },
          ),
        },
        responses: {
          200: json(z.object({ check: ConfirmedSchema }), 'Confirmed: the machine is free again'),
          400: errorResponses[400],
          403: errorResponses[403],
          404: errorResponses[404],
          409: json(z.object({ code: z.string(), message: z.string() }), 'No check is awaited'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { note } = c.req.valid('json');
        const a = actor(c);
        await machineOnMySite(c, deps, id);
        const done = await deps.services.access.confirmCheck(
          id,
          // An artisan always has an account (actor.account is null only for nobody).
          {
            account: a.account!,
            member: a.role === 'artisan' ? a.id : null,
            manager: isManager(a),
          },
          note ? note : null,
        );
        if (!done.done && done.why === 'nothing')
          throw new ApiError('conflict', `machine "${id}" awaits no after-use check`);
        if (!done.done)
          throw new ApiError(
            'forbidden',
            'only the person who used the machine or a manager confirms its check',
          );
        const { check } = done;
        return c.json(
          {
            check: {
              grant: check.grant,
              machine: check.machine,
              confirmedAt: iso(check.confirmedAt),
              byUser: check.byUser,
              note: check.note,
            },
          },
          200,
        );
      },
    );

export const siteAfterUseChecks = (
  deps: RouteDeps<never, 'clock' | 'sites' | 'access' | 'members'>,
) =>
  router().openapi(
    createRoute({
      method: 'get',
      path: '/{id}/after-use-checks',
      summary:
        'The uses that asked for an after-use check, with their confirmation or none (a manager)',
      tags: ['sites'],
      ...roles('manager'),
      request: {
        params,
        query: z.object({
          from: Instant.optional().openapi({
            description: 'Default: 30 days ago; at most 92 days before `to`',
          }),
          to: Instant.optional().openapi({ description: 'Default: now' }),
        }),
      },
      responses: {
        200: json(
          z.object({
            uses: z.array(
              z.object({
                grant: z.string(),
                machine: z.string(),
                member: Person,
                ended: z.string(),
                check: z
                  .object({
                    confirmedAt: z.string(),
                    byUser: z.boolean(),
                    by: z.string().openapi({ description: 'The account that confirmed' }),
                    note: z.string().nullable(),
                  })
                  .nullable()
                  .openapi({ description: 'Null: not confirmed (skipped, or awaited still)' }),
              }),
            ),
            awaiting: z
              .array(z.object({ machine: z.string(), member: Person, since: z.string() }))
              .openapi({
                description: 'The machines nobody may start until their check is confirmed, now',
              }),
          }),
          'Uses of the period, oldest first; the machines awaiting their check now',
        ),
        400: errorResponses[400],
        403: errorResponses[403],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      requireManager(c, 'see the after-use checks', id);
      const { services } = deps;
      const now = services.clock();
      const to = q.to ? Date.parse(q.to) : now + 1;
      const from = q.from ? Date.parse(q.from) : now - 30 * DAY;
      // A bounded period: the list is a page a manager reads, not an export of the site's history.
      if (to - from > CHECKS_RANGE_DAYS * DAY)
        throw new ApiError(
          'bad_request',
          `from, to: at most ${CHECKS_RANGE_DAYS} days apart, not ${Math.ceil((to - from) / DAY)}`,
        );
      if (!(await services.sites.get(id))) throw new ApiError('not_found', `no site "${id}"`);
      const rows = await services.access.checksOfSite(id, from, to);
      const uses = rows.map(({ grant, memberName, check }) => ({
        grant: grant.id,
        machine: grant.machine,
        member: { id: grant.member, name: memberName },
        ended: iso(grant.until),
        check: check && {
          confirmedAt: iso(check.confirmedAt),
          byUser: check.byUser,
          by: check.confirmedBy,
          note: check.note,
        },
      }));
      const awaiting = await services.access.awaitingChecks(id);
      const names = new Map(rows.map((r) => [r.grant.member, r.memberName]));
      return c.json(
        {
          uses,
          awaiting: await Promise.all(
            awaiting.map(async (g) => ({
              machine: g.machine,
              member: {
                id: g.member,
                name: names.has(g.member)
                  ? (names.get(g.member) ?? null)
                  : await nameOf(services.members, g.member),
              },
              since: iso(g.until),
            })),
          ),
        },
        200,
      );
    },
  );
