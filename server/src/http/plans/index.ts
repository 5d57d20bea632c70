/** Membership plans: GET /api/plans, PUT /api/plans/{id}. Roles: anyone reads; a manager writes. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Plan } from '../../domain/booking/model.js';
import { actor, audit, requireSiteOrCommon, siteFilter } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, jsonBody, Name, roles, router } from '../openapi.js';
import type { RouteDeps } from '../env.js';

const QuotaSchema = z
  .object({
    period: z.enum(['day', 'week', 'month']),
    hours: z.number().positive().max(744).optional(),
    bookings: z.number().int().positive().max(1000).optional(),
    group: Id.optional().openapi({
      description: 'Counts only bookings of this machine group (and applies only to them)',
    }),
  })
  .refine((q) => q.hours !== undefined || q.bookings !== undefined, {
    message: 'a quota gives hours, bookings or both',
  });
const PlanBody = z
  .object({
    name: Name(),
    site: Id.nullable()
      .default(null)
      .openapi({ description: 'The site whose it is; null: common to every site (an admin’s).' }),

    priorityClass: z
      .number()
      .int()
      .min(1)
      .max(9)
      .openapi({ description: '1 is served first (resident professionals).' }),
    bookAheadDays: z.number().int().min(0).max(366),
    quotas: z.array(QuotaSchema).max(10).default([]),
  })
  .openapi('PlanSettings');
const PlanSchema = z.object({ id: z.string() }).and(PlanBody).openapi('Plan');
const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });
const toJson = (p: Plan) => ({
  ...p,
  site: p.site ?? null,
  quotas: p.quotas.map((q) => ({ ...q })),
});

export const plans = (deps: RouteDeps<'audit', 'members' | 'sites'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'List membership plans',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        responses: { 200: json(z.object({ plans: z.array(PlanSchema) }), 'Every plan') },
      }),
      async (c) => {
        // Plans common to every site and those of the caller's sites.
        const plans = await deps.services.members.listPlans(siteFilter(actor(c)));
        return c.json({ plans: plans.map(toJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        summary: 'Create or replace a plan',
        tags: ['members'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(PlanBody, {
            name: 'Adhérent du site',
            site: 'atelier-demo',
            priorityClass: 2,
            bookAheadDays: 21,
            quotas: [{ period: 'week', hours: 8 }],
          }),
        },
        responses: {
          200: json(z.object({ plan: PlanSchema }), 'Saved'),
          400: errorResponses[400],
          403: errorResponses[403],
        },
      }),
      async (c) => {
        const plan: Plan = { id: c.req.valid('param').id, ...c.req.valid('json') };
        const { members, sites } = deps.services;
        const existing = await members.getPlan(plan.id);
        if (existing) requireSiteOrCommon(c, 'change this plan', existing.site ?? null);
        requireSiteOrCommon(c, 'change a plan', plan.site ?? null);
        if (plan.site && !(await sites.get(plan.site)))
          throw new ApiError('bad_request', `site: no site "${plan.site}"`);
        await members.savePlan(plan);
        await audit(c, deps.audit, 'plan.save', `plan:${plan.id}`, undefined, plan.site ?? null);
        return c.json({ plan: toJson(plan) }, 200);
      },
    );
