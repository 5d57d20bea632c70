/**
 * The facts funders ask about (legal form, sector, territory; a person's status):
 * GET/PUT /api/organisations/{id}/facts, GET/PUT /api/members/{id}/facts. A manager edits those
 * of the members of their sites and of their organisations; a member fills their own, and their
 * organisation's. The reports count people by these facts.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RouteDeps } from '../env.js';
import {
  INSEE_CODE,
  LEGAL_FORMS,
  PERSON_STATUSES,
  SECTORS,
  type MemberFacts,
  type OrganisationFacts,
} from '../../domain/reports/facts.js';
import {
  actor,
  actsFor,
  audit,
  isManager,
  requireMemberOfMySites,
  requireOrganisationOfMySites,
} from '../actor.js';
import type { MembersRepository } from '../../store/members.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, jsonBody, roles, router } from '../openapi.js';

const TerritorySchema = z
  .object({
    commune: z.string().trim().min(1).max(120),
    insee: z
      .string()
      .regex(INSEE_CODE, 'an INSEE code is 5 digits (2A or 2B and 3 digits in Corsica)')
      .nullable()
      .default(null),
    qpv: z.boolean().default(false).openapi({ description: 'In a quartier prioritaire (QPV).' }),
    rural: z.boolean().default(false).openapi({ description: 'A rural commune (INSEE grid).' }),
  })
  .strict()
  .refine((t) => !(t.qpv && t.rural), {
    message: 'a QPV lies in a town: qpv and rural cannot both be true',
    path: ['rural'],
  })
  .openapi('Territory');

const OrganisationFactsBody = z
  .object({
    legalForm: z.enum(LEGAL_FORMS).nullable().default(null),
    sector: z.enum(SECTORS).nullable().default(null).openapi({ description: 'The filière.' }),
    territory: TerritorySchema.nullable().default(null),
  })
  .strict()
  .openapi('OrganisationFacts');

const MemberFactsBody = z
  .object({
    status: z.enum(PERSON_STATUSES).nullable().default(null),
    territory: TerritorySchema.nullable()
      .default(null)
      .openapi({ description: 'Their own, when they work alone; else the organisation’s counts.' }),
  })
  .strict()
  .openapi('MemberFacts');

/** What the checks read of the members store. */
type Members = Pick<MembersRepository, 'get' | 'getOrganisation' | 'list' | 'sitesOf'>;

const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

/**
 * A manager of its members' sites, or a member of this organisation (an artisan asking another:
 * 404, as if it did not exist).
 */
async function mayEditOrganisation(
  c: Context<AppEnv>,
  members: Members,
  id: string,
  may: 'read' | 'change',
) {
  const a = actor(c);
  if (!(await members.getOrganisation(id)))
    throw new ApiError('not_found', `no organisation "${id}"`);
  if (isManager(a)) return requireOrganisationOfMySites(c, members, id, may);
  const me = await members.get(a.id);
  if (me?.organisation !== id) throw new ApiError('not_found', `no organisation "${id}"`);
}

/** The member, or a manager of one of their sites (404 else, as if unknown). */
async function mayEditMember(c: Context<AppEnv>, members: Members, id: string) {
  const a = actor(c);
  if (!actsFor(a, id)) throw new ApiError('not_found', `no member "${id}"`);
  if (a.id !== id) await requireMemberOfMySites(c, members, id);
  if (!(await members.get(id))) throw new ApiError('not_found', `no member "${id}"`);
}

const EMPTY_ORG = { legalForm: null, sector: null, territory: null };

export const facts = (deps: RouteDeps<'audit', 'members' | 'facts'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/organisations/{id}/facts',
        summary: 'An organisation’s facts for the reports (legal form, sector, territory)',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ facts: OrganisationFactsBody }), 'Its facts (nulls when not given)'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await mayEditOrganisation(c, deps.services.members, id, 'read');
        const f = await deps.services.facts.organisation(id);
        return c.json(
          {
            facts: f
              ? { legalForm: f.legalForm, sector: f.sector, territory: f.territory }
              : EMPTY_ORG,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/organisations/{id}/facts',
        summary: 'Set an organisation’s facts (a manager, or one of its members)',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: {
          params: IdParam,
          body: jsonBody(OrganisationFactsBody, {
            legalForm: 'sarl',
            sector: 'wood',
            territory: { commune: 'Roubaix', insee: '59512', qpv: true },
          }),
        },
        responses: {
          200: json(z.object({ facts: OrganisationFactsBody }), 'Saved'),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await mayEditOrganisation(c, deps.services.members, id, 'change');
        const body = c.req.valid('json');
        const f: OrganisationFacts = { organisation: id, ...body };
        await deps.services.facts.saveOrganisation(f, actor(c).account ?? actor(c).id);
        await audit(c, deps.audit, 'organisation.facts', `organisation:${id}`, undefined, null);
        return c.json({ facts: body }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/members/{id}/facts',
        summary: 'A member’s facts for the reports (status, own territory)',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ facts: MemberFactsBody }), 'Their facts (nulls when not given)'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await mayEditMember(c, deps.services.members, id);
        const f = await deps.services.facts.member(id);
        return c.json(
          { facts: { status: f?.status ?? null, territory: f?.territory ?? null } },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/members/{id}/facts',
        summary: 'Set a member’s facts (a manager, or the member)',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: {
          params: IdParam,
          body: jsonBody(MemberFactsBody, {
            status: 'professional',
            territory: { commune: 'Lille', insee: '59350' },
          }),
        },
        responses: {
          200: json(z.object({ facts: MemberFactsBody }), 'Saved'),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await mayEditMember(c, deps.services.members, id);
        const body = c.req.valid('json');
        const f: MemberFacts = { member: id, ...body };
        await deps.services.facts.saveMember(f, actor(c).account ?? actor(c).id);
        await audit(c, deps.audit, 'member.facts', `member:${id}`, undefined, null);
        return c.json({ facts: body }, 200);
      },
    );
