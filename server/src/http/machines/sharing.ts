/**
 * A machine as a thing to share: GET /api/machines/{id}/sharing, PUT …/sharing (status, rate,
 * buffer, training required, approval, billing mode, rule overrides, blackouts; creates the
 * machine when no telemetry has yet), GET …/availability?from&to (free time and busy slots,
 * without who holds them). Roles: anyone reads; a manager writes.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { BookableMachine } from '../../domain/booking/model.js';
import { NotFoundError } from '../../services/booking-service.js';
import { actor, audit, onSite, requireManager } from '../actor.js';
import type { RouteDeps } from '../env.js';
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
import { MachineKindSchema } from '../reservations/schema.js';
import { BlackoutSchema, RulesSchema, stripUndefined } from '../sites/index.js';

const SharingBody = z
  .object({
    site: Id,
    name: Name(),
    kind: MachineKindSchema,
    status: z.enum(['in_service', 'maintenance', 'out_of_order']).default('in_service'),
    hourlyRateCents: z.number().int().min(0).max(1_000_000).default(0),
    bufferMin: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(0),
    qualification: Id.nullable().default(null),
    needsApproval: z.boolean().default(false),
    billingMode: z.enum(['reserved', 'used', 'reserved_plus_overrun']).default('reserved'),
    rules: RulesSchema.default({}),
    blackouts: z.array(BlackoutSchema).max(500).default([]),
    group: Id.nullable().default(null).openapi({
      description:
        'The machine group within the site (“prusa-mk4”: the four Prusa MK4): booked as “any of the group”',
    }),
    materialRateCentsPerKg: z.number().int().min(0).max(10_000_000).default(0).openapi({
      description: 'Material (filament, resin) billed per kilogram beside time; 0: not billed',
    }),
  })
  .openapi('MachineSharing');
const SharingSchema = z.object({ id: z.string() }).and(SharingBody);
const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

const toJson = (m: BookableMachine) => ({
  ...m,
  group: m.group ?? null,
  materialRateCentsPerKg: m.materialRateCentsPerKg ?? 0,
  rules: { ...m.rules },
  blackouts: m.blackouts.map((b) => ({ start: iso(b.start), end: iso(b.end), reason: b.reason })),
});

export const machineSharing = (
  deps: RouteDeps<
    'gatewayCredentials' | 'audit',
    'machines' | 'sites' | 'trainings' | 'scheduleKeeper' | 'booking'
  >,
) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/sharing',
        summary: 'A machine’s sharing settings',
        tags: ['machines'],
        ...roles('public'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ machine: SharingSchema }), 'Settings'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const m = await deps.services.machines.get(id);
        if (!m) throw new ApiError('machine_not_found', `no machine "${id}"`);
        return c.json({ machine: toJson(m) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}/sharing',
        summary: 'Set a machine’s sharing settings (declares it if new)',
        tags: ['machines'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(SharingBody, {
            site: 'atelier-demo',
            name: 'Découpe laser CO₂',
            kind: 'laser',
            hourlyRateCents: 2500,
            bufferMin: 15,
            qualification: 'laser',
          }),
        },
        responses: {
          200: json(z.object({ machine: SharingSchema }), 'Saved'),
          400: errorResponses[400],
          403: errorResponses[403],
          409: errorResponses[409],
        },
      }),
      async (c) => {
        const b = c.req.valid('json');
        const { id } = c.req.valid('param');
        requireManager(c, 'change a machine', b.site);
        const { services, gatewayCredentials } = deps;
        // Machine ids are one namespace for every site (they name MQTT topics, InfluxDB series,
        // reservations): a second site naming its machine like another site's gets a 409 naming
        // the site that holds the id, never that site's row. Keying by (site, id) would make every
        // reference to a machine carry its site; ids are cheap to choose, collisions rare.
        const existing = await services.machines.get(id);
        if (existing && existing.site !== b.site) {
          if (!onSite(actor(c), existing.site))
            throw new ApiError(
              'conflict',
              `machine id "${id}" is taken by site "${existing.site}": choose another id`,
            );
          throw new ApiError(
            'conflict',
            `machine "${id}" belongs to site "${existing.site}": a machine does not move between sites`,
          );
        }
        const speaker = (await gatewayCredentials.list()).find(
          (g) => !g.revoked && g.site !== b.site && g.machines.includes(id),
        );
        if (speaker)
          throw new ApiError(
            'conflict',
            `machine id "${id}" is taken by site "${speaker.site}" (gateway "${speaker.gateway}"): choose another id`,
          );
        if (!(await services.sites.get(b.site)))
          throw new ApiError('bad_request', `site: no site "${b.site}"`);
        if (b.qualification) {
          const q = await services.trainings.get(b.qualification);
          if (!q || (q.site != null && q.site !== b.site))
            throw new ApiError(
              'bad_request',
              `qualification: no training "${b.qualification}" on site "${b.site}"`,
            );
        }
        const machine: BookableMachine = {
          id,
          ...b,
          rules: stripUndefined(b.rules),
          blackouts: b.blackouts.map((x) => ({
            start: Date.parse(x.start),
            end: Date.parse(x.end),
            reason: x.reason,
          })),
        };
        await services.machines.save(machine);
        await audit(
          c,
          deps.audit,
          'machine.sharing',
          `machine:${machine.id}`,
          {
            status: machine.status,
            hourlyRateCents: machine.hourlyRateCents,
            qualification: machine.qualification,
            needsApproval: machine.needsApproval,
          },
          machine.site,
        );
        // Its coming reservations move to a twin or are cancelled, with a notice to each member.
        if (machine.status !== 'in_service')
          await services.scheduleKeeper.machineWentDown(machine.id);
        return c.json({ machine: toJson(machine) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/availability',
        summary: 'When a machine can be booked, and its busy slots',
        tags: ['machines'],
        ...roles('public'),
        request: {
          params: IdParam,
          query: z
            .object({ from: Instant, to: Instant })
            .refine(
              (q) =>
                Date.parse(q.to) > Date.parse(q.from) &&
                Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000,
              { message: 'to must be after from, at most 62 days later', path: ['to'] },
            ),
        },
        responses: {
          200: json(
            z.object({
              machine: z.string(),
              status: z.string(),
              timezone: z.string(),
              free: z.array(z.object({ start: z.string(), end: z.string() })),
              busy: z.array(z.object({ start: z.string(), end: z.string(), status: z.string() })),
            }),
            'Free and busy time',
          ),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const q = c.req.valid('query');
        try {
          const a = await deps.services.booking.availability(
            id,
            Date.parse(q.from),
            Date.parse(q.to),
          );
          return c.json(
            {
              machine: id,
              status: a.machine.status,
              timezone: a.timezone,
              free: a.free.map((i) => ({ start: iso(i.start), end: iso(i.end) })),
              busy: a.busy.map((i) => ({ start: iso(i.start), end: iso(i.end), status: i.status })),
            },
            200,
          );
        } catch (error) {
          if (error instanceof NotFoundError)
            throw new ApiError('machine_not_found', error.message);
          throw error;
        }
      },
    );
