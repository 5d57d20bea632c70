/**
 * Sites: GET /api/sites, GET /api/sites/{id}, PUT /api/sites/{id} (create or replace: opening
 * hours, closures, public holidays, blackouts, booking rules). Roles: anyone reads; a manager writes.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { isKnownCalendar } from '../../domain/booking/holidays.js';
import { DEFAULT_RULES, type Site } from '../../domain/booking/model.js';
import { closedDaysFrom } from '../../domain/booking/site-calendar.js';
import {
  assertTimeZone,
  localParts,
  parseClock,
  parseDate,
} from '../../domain/booking/zoned-time.js';
import { audit, requireManager } from '../actor.js';
import { ApiError } from '../errors.js';
import {
  errorResponses,
  Id,
  Instant,
  iso,
  json,
  jsonBody,
  Name,
  roles,
  router,
} from '../openapi.js';
import type { RouteDeps } from '../env.js';

const Clock = z.string().refine((s) => {
  try {
    parseClock(s);
    return true;
  } catch {
    return false;
  }
}, 'a time HH:MM (00:00–24:00)');
const LocalDay = z.string().refine((s) => {
  try {
    parseDate(s);
    return true;
  } catch {
    return false;
  }
}, 'a date YYYY-MM-DD');
const Range = z
  .object({ open: Clock, close: Clock })
  .refine((r) => parseClock(r.open) < parseClock(r.close), { message: 'close must be after open' });
const Weekday = z.enum(['1', '2', '3', '4', '5', '6', '7']);

export const RulesSchema = z
  .object({
    granularityMin: z.number().int().min(5).max(240),
    minMin: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    maxMin: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60),
    cancelDeadlineMin: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60),
    moveDeadlineMin: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60),
    noShowGraceMin: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    releaseGraceMin: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .openapi({
        description:
          'After a job ends well before its slot’s end, the rest is released after this long',
      }),
    walkIns: z.enum(['allowed', 'refused']).openapi({
      description:
        'Access at the machine: whether a person may start a machine nobody holds (free for the minimum booking before the next slot), or must book first',
    }),
    afterUseCheck: z
      .string()
      .max(200)
      .overwrite((s) => s.trim())
      .openapi({
        description:
          'An after-use check (cleaning, inspection) in words, confirmed before the machine frees up once a use at it ends; empty: none (a machine’s empty value lifts its site’s)',
        example: 'Nettoyer le plateau et aspirer la chambre',
      }),
    staffedHours: z.enum(['whole_slot', 'start']).openapi({
      description:
        'What must lie in opening (staffed) hours: the whole slot, or only its start (long prints run on unattended overnight and through closed days)',
    }),
  })
  .partial()
  .openapi('BookingRules', {
    description: 'Minutes. Site values apply to its machines unless a machine overrides them.',
  });

export const BlackoutSchema = z
  .object({ start: Instant, end: Instant, reason: z.string().min(1).max(200) })
  .refine((b) => Date.parse(b.start) < Date.parse(b.end), {
    message: 'end must be after start',
    path: ['end'],
  });

const SiteBody = z
  .object({
    name: Name(),
    timezone: z
      .string()
      .default('Europe/Paris')
      .refine((tz) => {
        try {
          assertTimeZone(tz);
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Europe/Paris'),
    openingHours: z.partialRecord(Weekday, z.array(Range).max(6)).openapi({
      description: 'ISO weekday (1 = Monday) → opening ranges in local time.',
      example: { '1': [{ open: '09:00', close: '18:00' }] },
    }),
    closures: z
      .array(
        z
          .object({ from: LocalDay, to: LocalDay, reason: z.string().min(1).max(200) })
          .refine((c) => c.from <= c.to, { message: 'to must not be before from', path: ['to'] }),
      )
      .max(200)
      .default([]),
    holidays: z
      .string()
      .refine(isKnownCalendar, {
        message:
          'fr, fr-alsace-moselle, none, or country:XX (ISO country code, optionally -REGION) of a known calendar',
      })
      .default('fr')
      .openapi({
        description:
          'Public holidays the workshop closes on: French (default), Alsace-Moselle, none, or another country’s (`country:BE`, `country:CH-GE`)',
        example: 'fr',
      }),
    blackouts: z.array(BlackoutSchema).max(500).default([]),
    rules: RulesSchema.default({}),
  })
  .openapi('SiteSettings');

const SiteSchema = z.object({ id: z.string() }).and(SiteBody).openapi('Site');

type SiteJson = z.infer<typeof SiteSchema>;
const toJson = (s: Site): SiteJson => ({
  ...s,
  openingHours: s.openingHours as SiteJson['openingHours'],
  closures: [...s.closures],
  blackouts: s.blackouts.map((b) => ({ start: iso(b.start), end: iso(b.end), reason: b.reason })),
});
const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });
const BookableSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    name: z.string(),
    kind: z.enum(['printer', 'laser', 'cnc', 'other']),
    status: z.enum(['in_service', 'maintenance', 'out_of_order']),
    qualification: z.string().nullable(),
    needsApproval: z.boolean(),
    hourlyRateCents: z.number(),
    bufferMin: z.number(),
    group: z.string().nullable().openapi({
      description:
        'Its machine group (“prusa-mk4”): book “any of the group”, or several units at once',
    }),
  })
  .openapi('BookableMachine');

export const sites = (deps: RouteDeps<'audit', 'sites' | 'machines' | 'clock'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'List sites',
        tags: ['sites'],
        ...roles('public'),
        responses: { 200: json(z.object({ sites: z.array(SiteSchema) }), 'Every site') },
      }),
      async (c) => c.json({ sites: (await deps.services.sites.list()).map(toJson) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        summary: 'One site',
        tags: ['sites'],
        ...roles('public'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ site: SiteSchema }), 'The site'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const site = await deps.services.sites.get(id);
        if (!site) throw new ApiError('not_found', `no site "${id}"`);
        return c.json({ site: toJson(site) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/machines',
        summary: 'The machines of a site one can book, with what booking them needs',
        tags: ['sites'],
        ...roles('public'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ machines: z.array(BookableSchema) }), 'The site’s machines'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { services } = deps;
        if (!(await services.sites.get(id))) throw new ApiError('not_found', `no site "${id}"`);
        const machines = await services.machines.list({ site: id });
        return c.json(
          {
            machines: machines.map((m) => ({
              id: m.id,
              site: m.site,
              name: m.name,
              kind: m.kind,
              status: m.status,
              qualification: m.qualification,
              needsApproval: m.needsApproval,
              hourlyRateCents: m.hourlyRateCents,
              bufferMin: m.bufferMin,
              group: m.group ?? null,
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/closed-days',
        summary: 'The days a site is closed: public holidays of its calendar and its closures',
        tags: ['sites'],
        ...roles('public'),
        request: {
          params: IdParam,
          query: z.object({
            from: LocalDay.optional().openapi({
              description: 'First local day (YYYY-MM-DD); default: today at the site',
            }),
            days: z.coerce.number().int().min(1).max(400).default(90),
          }),
        },
        responses: {
          200: json(
            z.object({
              holidays: z.string(),
              days: z.array(
                z.object({
                  date: z.string(),
                  kind: z.enum(['holiday', 'closure']),
                  reason: z.object({ fr: z.string(), en: z.string() }),
                }),
              ),
            }),
            'Closed days, in date order',
          ),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const q = c.req.valid('query');
        const site = await deps.services.sites.get(id);
        if (!site) throw new ApiError('not_found', `no site "${id}"`);
        const today = localParts(deps.services.clock(), site.timezone);
        const from = q.from ? parseDate(q.from) : today;
        return c.json({ holidays: site.holidays, days: closedDaysFrom(site, from, q.days) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        summary: 'Create or replace a site',
        tags: ['sites'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(SiteBody, {
            name: 'Manufacture de proximité — démo',
            timezone: 'Europe/Paris',
            openingHours: {
              '1': [{ open: '09:00', close: '19:00' }],
              '2': [{ open: '09:00', close: '19:00' }],
              '3': [{ open: '09:00', close: '19:00' }],
              '4': [{ open: '09:00', close: '19:00' }],
              '5': [{ open: '09:00', close: '19:00' }],
              '6': [{ open: '10:00', close: '17:00' }],
            },
            closures: [
              { from: '2026-12-24', to: '2027-01-03', reason: 'fermeture de fin d’année' },
            ],
            holidays: 'fr',
          }),
        },
        responses: { 200: json(z.object({ site: SiteSchema }), 'Saved'), 400: errorResponses[400] },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        requireManager(c, 'change a site', id);
        const b = c.req.valid('json');
        const site: Site = {
          id,
          name: b.name,
          timezone: b.timezone,
          openingHours: b.openingHours,
          closures: b.closures,
          holidays: b.holidays,
          blackouts: b.blackouts.map((x) => ({
            start: Date.parse(x.start),
            end: Date.parse(x.end),
            reason: x.reason,
          })),
          rules: { ...DEFAULT_RULES, ...stripUndefined(b.rules) },
        };
        await deps.services.sites.save(site);
        await audit(c, deps.audit, 'site.save', `site:${id}`, undefined, id);
        return c.json({ site: toJson(site) }, 200);
      },
    );

export function stripUndefined<T extends object>(
  o: T,
): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]-?: Exclude<T[K], undefined>;
  };
}
