/**
 * Organisations members belong to (a business with its SIRET, an association, a school):
 * GET /api/organisations, PUT /api/organisations/{id}. Roles: a manager. One directory for every
 * site, changed by the managers of its members' sites (see `requireOrganisationOfMySites`).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Organisation } from '../../domain/booking/model.js';
import { audit, requireManager, requireOrganisationOfMySites } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, jsonBody, Name, roles, router } from '../openapi.js';
import type { RouteDeps } from '../env.js';

/** A SIRET is 14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments excepted). */
export function isSiret(s: string): boolean {
  if (!/^\d{14}$/.test(s)) return false;
  if (s.startsWith('356000000')) return true;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(s[13 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export const OrganisationBody = z
  .object({
    name: Name(),
    kind: z.enum(['business', 'association', 'school', 'public', 'other']),
    siret: z
      .string()
      .transform((s) => s.replace(/\s/g, ''))
      .refine(isSiret, 'a SIRET is 14 digits with a valid check digit')
      .nullable()
      .default(null),
  })
  .openapi('OrganisationSettings');
const OrganisationSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), siret: z.string().nullable() })
  .openapi('Organisation');
const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

export const organisations = (deps: RouteDeps<'audit', 'members'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'List organisations',
        tags: ['members'],
        ...roles('manager'),
        responses: {
          200: json(z.object({ organisations: z.array(OrganisationSchema) }), 'Every organisation'),
        },
      }),
      async (c) => {
        requireManager(c, 'list organisations');
        return c.json({ organisations: await deps.services.members.listOrganisations() }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        summary: 'Create or replace an organisation',
        tags: ['members'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(OrganisationBody, {
            name: 'Atelier Bois Roux',
            kind: 'business',
            siret: '85234567800019',
          }),
        },
        responses: {
          200: json(z.object({ organisation: OrganisationSchema }), 'Saved'),
          400: errorResponses[400],
          403: errorResponses[403],
          409: errorResponses[409],
        },
      }),
      async (c) => {
        requireManager(c, 'change an organisation');
        const organisation: Organisation = { id: c.req.valid('param').id, ...c.req.valid('json') };
        // The row that exists decides: one whose people are on another site is not yours alone.
        await requireOrganisationOfMySites(c, deps.services.members, organisation.id, 'change');
        const { members } = deps.services;
        const holder = organisation.siret
          ? (await members.listOrganisations()).find(
              (o) => o.siret === organisation.siret && o.id !== organisation.id,
            )
          : undefined;
        if (holder)
          throw new ApiError(
            'conflict',
            `siret: ${organisation.siret} is the SIRET of organisation "${holder.id}" (${holder.name})`,
          );
        await members.saveOrganisation(organisation);
        await audit(
          c,
          deps.audit,
          'organisation.save',
          `organisation:${organisation.id}`,
          undefined,
          null,
        );
        return c.json({ organisation }, 200);
      },
    );
