/**
 * Usage accounting: GET /api/accounting/lines (JSON, or `format=csv` for a bookkeeper),
 * GET /api/accounting/totals?by=member|organisation|machine, POST /api/credits (prepaid hours),
 * GET /api/credits/balance. Roles: a manager; an artisan reads their own lines and balance.
 * Funders get aggregated reports elsewhere: these lines name people.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RouteDeps } from '../env.js';
import {
  actor,
  audit,
  isManager,
  memberFor,
  type MemberSites,
  memberScope,
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
  lang,
  roles,
  router,
} from '../openapi.js';

const PeriodBase = z.object({
  from: Instant,
  to: Instant,
  site: Id.optional(),
  member: Id.optional(),
  organisation: Id.optional(),
  machine: Id.optional(),
});
const periodCheck: [
  (q: { from: string; to: string }) => boolean,
  { message: string; path: string[] },
] = [
  (q) =>
    Date.parse(q.from) < Date.parse(q.to) &&
    Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000,
  { message: 'to must be after from, at most 400 days later', path: ['to'] },
];

const LineSchema = z
  .object({
    date: z.string(),
    member: z.string().nullable().openapi({ description: 'Null for unattributed use' }),
    organisation: z.string().nullable(),
    machine: z.string(),
    reservation: z.string().nullable(),
    usage: z.array(z.string()),
    status: z.enum([
      'booked_and_used',
      'no_show',
      'walk_in',
      'booked_not_measured',
      'unattributed',
    ]),
    mode: z.enum(['reserved', 'used', 'reserved_plus_overrun']),
    bookedMin: z.number(),
    releasedMin: z.number(),
    usedWallMin: z.number(),
    usedActiveMin: z.number(),
    overrunMin: z.number(),
    billableMin: z.number(),
    rateCents: z.number(),
    amountCents: z.number().openapi({ description: 'Time and material' }),
    energyWh: z.number().nullable(),
    materialGrams: z
      .number()
      .nullable()
      .openapi({ description: 'Filament (or other material) measured or declared, in grams' }),
    materialCents: z
      .number()
      .openapi({ description: 'The material’s part of amountCents (the machine’s rate per kg)' }),
  })
  .openapi('AccountingLine');

/** An artisan sees their own figures only. */
const scope = (c: Context<AppEnv>, members: MemberSites, member: string | undefined) =>
  memberScope(c, members, member, 'an artisan sees their own usage only');

/** The period's filter; a manager's lines are those of their sites (an artisan's their own). */
const filter = (c: Context<AppEnv>, q: z.infer<typeof PeriodBase>, member: string | undefined) => ({
  from: Date.parse(q.from),
  to: Date.parse(q.to),
  member,
  organisation: q.organisation,
  machine: q.machine,
  sites: isManager(actor(c)) ? sitesScope(c, q.site) : q.site === undefined ? undefined : [q.site],
});

export const accounting = (deps: RouteDeps<'audit', 'accounting' | 'members'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/accounting/lines',
        summary: 'Usage lines of a period (reservations and measured jobs, priced), as JSON or CSV',
        tags: ['accounting'],
        ...roles('artisan', 'manager'),
        request: {
          query: PeriodBase.extend({
            format: z.enum(['json', 'csv']).default('json'),
            // As on /reports: a plain download link cannot set Accept-Language, so it says the
            // language the dashboard is shown in.
            lang: z
              .enum(['fr', 'en'])
              .optional()
              .openapi({ description: 'The CSV’s language; overrides Accept-Language.' }),
          }).refine(...periodCheck),
        },
        responses: {
          200: {
            description: 'Lines',
            content: {
              'application/json': { schema: z.object({ lines: z.array(LineSchema) }) },
              'text/csv': { schema: z.string() },
            },
          },
          400: errorResponses[400],
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const f = filter(c, q, await scope(c, deps.services.members, q.member));
        const service = deps.services.accounting;
        if (q.format === 'csv') {
          const l = q.lang ?? lang(c);
          return c.body(await service.csv(f, l), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="manufacto-${l === 'fr' ? 'usage' : 'usage'}-${q.from.slice(0, 10)}-${q.to.slice(0, 10)}.csv"`,
          });
        }
        const lines = await service.lines(f);
        return c.json(
          { lines: lines.map((l) => ({ ...l, date: iso(l.date), usage: [...l.usage] })) },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/accounting/totals',
        summary:
          'Hours booked, used (wall and active) and billable, by member, organisation or machine',
        tags: ['accounting'],
        ...roles('manager'),
        request: {
          query: PeriodBase.extend({
            by: z.enum(['member', 'organisation', 'machine']).default('member'),
          }).refine(...periodCheck),
        },
        responses: {
          200: json(
            z.object({
              totals: z.array(
                z.object({
                  key: z.string(),
                  lines: z.number(),
                  bookedHours: z.number(),
                  usedWallHours: z.number(),
                  usedActiveHours: z.number(),
                  billableHours: z.number(),
                  amountCents: z.number(),
                  materialGrams: z.number(),
                  materialCents: z.number(),
                  noShows: z.number(),
                  walkIns: z.number(),
                  unattributedHours: z.number(),
                }),
              ),
            }),
            'Totals',
          ),
          400: errorResponses[400],
        },
      }),
      async (c) => {
        requireManager(c, 'see everyone’s totals');
        const q = c.req.valid('query');
        return c.json(
          {
            totals: await deps.services.accounting.totals(
              filter(c, q, await scope(c, deps.services.members, q.member)),
              q.by,
            ),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/credits',
        summary: 'Add prepaid hours to a member or an organisation',
        tags: ['accounting'],
        ...roles('manager'),
        request: {
          body: jsonBody(
            z
              .object({
                member: Id.optional(),
                organisation: Id.optional(),
                hours: z.number().positive().max(10_000),
                note: z.string().max(500).optional(),
              })
              .refine((b) => (b.member === undefined) !== (b.organisation === undefined), {
                message: 'give either member or organisation',
                path: ['member'],
              }),
            { member: 'camille-roux', hours: 10, note: 'carte de 10 heures, facture 2026-118' },
          ),
        },
        responses: {
          201: json(
            z.object({ credit: z.object({ id: z.string(), hours: z.number() }) }),
            'Credited',
          ),
          400: errorResponses[400],
        },
      }),
      async (c) => {
        requireManager(c, 'credit hours');
        const b = c.req.valid('json');
        const { services } = deps;
        if (b.member && !(await services.members.get(b.member)))
          throw new ApiError('bad_request', `member: no member "${b.member}"`);
        if (b.member)
          await memberFor(
            c,
            deps.services.members,
            b.member,
            'only a manager of their sites credits a member',
          );
        if (b.organisation && !(await services.members.getOrganisation(b.organisation)))
          throw new ApiError('bad_request', `organisation: no organisation "${b.organisation}"`);
        const row = await services.accounting.addCredit({ ...b, by: actor(c).id });
        await audit(
          c,
          deps.audit,
          'credit.add',
          b.member ? `member:${b.member}` : `organisation:${b.organisation}`,
          { hours: b.hours },
          null,
        );
        return c.json({ credit: { id: row.id, hours: row.hours } }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/credits/balance',
        summary: 'Prepaid hours left',
        tags: ['accounting'],
        ...roles('artisan', 'manager'),
        request: {
          query: z
            .object({ member: Id.optional(), organisation: Id.optional() })
            .refine((q) => (q.member === undefined) !== (q.organisation === undefined), {
              message: 'give either member or organisation',
              path: ['member'],
            }),
        },
        responses: {
          200: json(
            z.object({
              creditedHours: z.number(),
              usedHours: z.number(),
              balanceHours: z.number(),
              overdraftHours: z.number(),
            }),
            'Balance',
          ),
          400: errorResponses[400],
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        if (q.organisation) requireManager(c, 'see an organisation’s balance');
        const member =
          q.member === undefined ? undefined : await scope(c, deps.services.members, q.member);
        return c.json(
          await deps.services.accounting.balance({ member, organisation: q.organisation }),
          200,
        );
      },
    );
