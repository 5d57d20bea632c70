/** Membership plans: GET /api/plans, PUT /api/plans/{id}. Roles: anyone reads; a manager writes. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Plan } from '../../domain/booking/model.js';
import { audit, requireManager } from '../actor.js';
import { errorResponses, Id, json, jsonBody, roles, router } from '../openapi.js';

const QuotaSchema = z
  .object({
    period: z.enum(['day', 'week', 'month']),
    hours: z.number().positive().max(744).optional(),
    bookings: z.number().int().positive().max(1000).optional(),
  })
  .refine((q) => q.hours !== undefined || q.bookings !== undefined, {
    message: 'a quota gives hours, bookings or both',
  });
const PlanBody = z
  .object({
    name: z.string().min(1).max(200),
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
const toJson = (p: Plan) => ({ ...p, quotas: p.quotas.map((q) => ({ ...q })) });

export const plans = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'List membership plans',
      tags: ['members'],
      ...roles('artisan', 'manager'),
      responses: { 200: json(z.object({ plans: z.array(PlanSchema) }), 'Every plan') },
    }),
    async (c) =>
      c.json({ plans: (await c.get('deps').services.members.listPlans()).map(toJson) }, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}',
      summary: 'Create or replace a plan',
      tags: ['members'],
      ...roles('manager'),
      request: { params: IdParam, body: jsonBody(PlanBody) },
      responses: { 200: json(z.object({ plan: PlanSchema }), 'Saved'), 400: errorResponses[400] },
    }),
    async (c) => {
      requireManager(c, 'change a plan');
      const plan: Plan = { id: c.req.valid('param').id, ...c.req.valid('json') };
      await c.get('deps').services.members.savePlan(plan);
      await audit(c, 'plan.save', `plan:${plan.id}`);
      return c.json({ plan: toJson(plan) }, 200);
    },
  );
