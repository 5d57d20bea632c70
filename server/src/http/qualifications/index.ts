/** Trainings: GET /api/qualifications, PUT /api/qualifications/{id}. Roles: anyone reads; a manager writes. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Qualification } from '../../domain/booking/model.js';
import { audit, requireManager } from '../actor.js';
import { errorResponses, Id, json, jsonBody, roles, router } from '../openapi.js';

const QualificationBody = z
  .object({
    name: z.string().min(1).max(200),
    validityMonths: z
      .number()
      .int()
      .min(1)
      .max(240)
      .nullable()
      .default(null)
      .openapi({ description: 'Valid this long after it is granted; null: no expiry.' }),
    lapseAfterMonths: z.number().int().min(1).max(120).nullable().default(null).openapi({
      description: 'Lapses when its holder has not used such a machine for this long.',
    }),
  })
  .openapi('QualificationSettings');
export const QualificationSchema = z
  .object({ id: z.string() })
  .and(QualificationBody)
  .openapi('Qualification');
const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

export const qualifications = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'List trainings',
      tags: ['members'],
      ...roles('artisan', 'manager'),
      responses: {
        200: json(z.object({ qualifications: z.array(QualificationSchema) }), 'Every training'),
      },
    }),
    async (c) =>
      c.json({ qualifications: await c.get('deps').services.qualifications.list() }, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/{id}',
      summary: 'Create or replace a training',
      tags: ['members'],
      ...roles('manager'),
      request: { params: IdParam, body: jsonBody(QualificationBody) },
      responses: {
        200: json(z.object({ qualification: QualificationSchema }), 'Saved'),
        400: errorResponses[400],
      },
    }),
    async (c) => {
      requireManager(c, 'change a training');
      const qualification: Qualification = { id: c.req.valid('param').id, ...c.req.valid('json') };
      await c.get('deps').services.qualifications.save(qualification);
      await audit(c, 'qualification.save', `qualification:${qualification.id}`);
      return c.json({ qualification }, 200);
    },
  );
