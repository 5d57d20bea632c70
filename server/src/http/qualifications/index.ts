/** Trainings: GET /api/qualifications, PUT /api/qualifications/{id}. Roles: anyone reads; a manager writes. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Training } from '../../domain/booking/model.js';
import { actor, audit, requireSiteOrCommon, siteFilter } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, jsonBody, Name, roles, router } from '../openapi.js';
import type { RouteDeps } from '../env.js';

const QualificationBody = z
  .object({
    name: Name(),
    site: Id.nullable()
      .default(null)
      .openapi({ description: 'The site whose it is; null: common to every site (an admin’s).' }),

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

export const qualifications = (deps: RouteDeps<'audit', 'trainings' | 'sites'>) =>
  router()
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
      async (c) => {
        // Trainings common to every site and those of the caller's sites.
        const sites = siteFilter(actor(c));
        const all = await deps.services.trainings.list();
        return c.json(
          {
            qualifications: all
              .filter((q) => sites === undefined || q.site == null || sites.includes(q.site))
              .map((q) => ({ ...q, site: q.site ?? null })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        summary: 'Create or replace a training',
        tags: ['members'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(QualificationBody, {
            name: 'Thermoformage',
            site: 'atelier-demo',
            validityMonths: 24,
            lapseAfterMonths: 6,
          }),
        },
        responses: {
          200: json(z.object({ qualification: QualificationSchema }), 'Saved'),
          400: errorResponses[400],
          403: errorResponses[403],
        },
      }),
      async (c) => {
        const qualification: Training = { id: c.req.valid('param').id, ...c.req.valid('json') };
        const store = deps.services.trainings;
        const existing = await store.get(qualification.id);
        if (existing) requireSiteOrCommon(c, 'change this training', existing.site ?? null);
        requireSiteOrCommon(c, 'change a training', qualification.site ?? null);
        if (qualification.site && !(await deps.services.sites.get(qualification.site)))
          throw new ApiError('bad_request', `site: no site "${qualification.site}"`);
        await store.save(qualification);
        await audit(
          c,
          deps.audit,
          'qualification.save',
          `qualification:${qualification.id}`,
          undefined,
          qualification.site ?? null,
        );
        return c.json(
          { qualification: { ...qualification, site: qualification.site ?? null } },
          200,
        );
      },
    );
