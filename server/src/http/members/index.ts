/**
 * Members and their trainings: GET /api/members (pages), GET/PUT /api/members/{id},
 * GET /api/members/{id}/qualifications (with each one's state: valid, expired, lapsed),
 * PUT/DELETE /api/members/{id}/qualifications/{qualification} (grant or renew / revoke).
 * Roles: a manager; an artisan reads their own.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RouteDeps } from '../env.js';
import type { Member } from '../../domain/booking/model.js';
import { trainingState } from '../../domain/booking/trainings.js';
import { describeRefusal } from '../../domain/booking/refusals.js';
import {
  actor,
  actsFor,
  audit,
  onSite,
  requireManager,
  requireMemberOfMySites,
  requireOrganisationOfMySites,
  sitesScope,
  type MemberSites,
} from '../actor.js';
import { ApiError } from '../errors.js';
import { memberAccessCode } from './access-code.js';
import {
  decodeCursor,
  encodeCursor,
  errorResponses,
  Id,
  iso,
  json,
  jsonBody,
  Name,
  PageQuery,
  roles,
  router,
} from '../openapi.js';

const MemberBody = z
  .object({
    name: Name(),
    email: z.email().max(320),
    organisation: Id.nullable().default(null),
    plan: Id,
    active: z.boolean().default(true),
    quotaExempt: z
      .boolean()
      .default(false)
      .openapi({ description: 'In the override group: quotas do not apply.' }),
  })
  .openapi('MemberSettings');
const MemberSchema = z
  .object({
    id: z.string(),
    sites: z.array(z.string()).openapi({ description: 'The sites the member belongs to.' }),
  })
  .and(MemberBody)
  .openapi('Member');
const MemberPut = MemberBody.extend({
  sites: z.array(Id).max(100).optional().openapi({
    description:
      'The sites the member belongs to. A manager sets those they manage (the others stay); absent: unchanged, or the manager’s one site for a new member.',
  }),
});
const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });
const GrantParam = IdParam.extend({
  qualification: Id.openapi({ param: { name: 'qualification', in: 'path' } }),
});
const HeldSchema = z
  .object({
    qualification: z.string(),
    name: z.string(),
    grantedAt: z.string(),
    expiresAt: z.string().nullable(),
    valid: z.boolean(),
    reason: z.unknown().optional(),
  })
  .openapi('HeldQualification');

/**
 * A member's own record, or a member of their sites for a manager (any for an admin); someone
 * else's is a 404 like an unknown one.
 */
async function selfOrManager(c: Context<AppEnv>, members: MemberSites, member: string) {
  const a = actor(c);
  if (!actsFor(a, member)) throw new ApiError('not_found', `no member "${member}"`);
  if (a.id !== member) await requireMemberOfMySites(c, members, member);
}

/** Members as the API shows them: with their sites. */
async function withSites(store: MemberSites, members: readonly Member[]) {
  return Promise.all(members.map(async (m) => ({ ...m, sites: await store.sitesOf(m.id) })));
}

/** The member's first site the caller acts on (where an audit entry about them belongs). */
async function mySiteOf(
  c: Context<AppEnv>,
  members: MemberSites,
  member: string,
): Promise<string | null> {
  const a = actor(c);
  const sites = await members.sitesOf(member);
  return sites.find((s) => onSite(a, s)) ?? sites[0] ?? null;
}

type Deps = RouteDeps<
  'audit' | 'privacy',
  'members' | 'sites' | 'trainings' | 'machines' | 'notices' | 'clock'
> &
  Parameters<typeof memberAccessCode>[0];

export const members = (deps: Deps) =>
  router()
    .route('/', memberAccessCode(deps))
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'List members',
        tags: ['members'],
        ...roles('manager'),
        request: {
          query: PageQuery.extend({
            organisation: z.string().max(64).optional(),
            site: Id.optional().openapi({ description: 'Members of this site (one you manage).' }),
          }),
        },
        responses: {
          200: json(
            z.object({ members: z.array(MemberSchema), nextCursor: z.string().nullable() }),
            'A page of members',
          ),
          400: errorResponses[400],
        },
      }),
      async (c) => {
        requireManager(c, 'list members');
        const q = c.req.valid('query');
        const after = decodeCursor(q.cursor, (v): v is string => typeof v === 'string');
        const members = deps.services.members;
        const rows = await members.list({
          limit: q.limit + 1,
          sites: sitesScope(c, q.site),
          ...(q.organisation ? { organisation: q.organisation } : {}),
          ...(after ? { after } : {}),
        });
        const page = rows.slice(0, q.limit);
        return c.json(
          {
            members: await withSites(deps.services.members, page),
            nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!.id) : null,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        summary: 'One member',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ member: MemberSchema }), 'The member'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await selfOrManager(c, deps.services.members, id);
        const member = await deps.services.members.get(id);
        if (!member) throw new ApiError('not_found', `no member "${id}"`);
        return c.json({ member: (await withSites(deps.services.members, [member]))[0]! }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        summary: 'Create or replace a member',
        tags: ['members'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(MemberPut, {
            name: 'Camille Roux',
            email: 'camille@atelier-bois-roux.fr',
            organisation: 'atelier-bois-roux',
            plan: 'resident',
          }),
        },
        responses: {
          200: json(z.object({ member: MemberSchema }), 'Saved'),
          400: errorResponses[400],
          403: errorResponses[403],
          409: json(
            z.object({ code: z.string(), message: z.string() }),
            'Email or id already used',
          ),
        },
      }),
      async (c) => {
        requireManager(c, 'change a member');
        const { sites: asked, ...body } = c.req.valid('json');
        const member: Member = { id: c.req.valid('param').id, ...body };
        const who = actor(c);
        const store = deps.services.members;
        const existing = await store.get(member.id);
        const had = existing ? await store.sitesOf(member.id) : [];
        // An upsert checks the row that exists: another site's member is not this manager's to change.
        if (existing && who.sites !== 'all' && !had.some((s) => onSite(who, s)))
          throw new ApiError(
            'conflict',
            `member id "${member.id}" is taken on another site: an administrator adds a member to a second site`,
          );
        for (const s of asked ?? []) requireManager(c, 'put a member on a site', s);
        for (const s of asked ?? [])
          if (!(await deps.services.sites.get(s)))
            throw new ApiError('bad_request', `sites: no site "${s}"`);
        // A manager sets the sites they manage; the member's other sites stay as they were.
        // A new member without `sites`: the manager's one site, or the only site there is.
        const mine =
          who.sites === 'all' ? (await deps.services.sites.list()).map((s) => s.id) : who.sites;
        const sites =
          asked === undefined
            ? existing
              ? had
              : mine.length === 1
                ? [...mine]
                : undefined
            : [...new Set([...had.filter((s) => !onSite(who, s)), ...asked])];
        if (sites === undefined)
          throw new ApiError('bad_request', 'sites: say which sites the member belongs to');
        const plan = await store.getPlan(member.plan);
        if (!plan) throw new ApiError('bad_request', `plan: no plan "${member.plan}"`);
        if (plan.site != null && !sites.includes(plan.site))
          throw new ApiError(
            'bad_request',
            `plan: "${member.plan}" is a plan of site "${plan.site}", not of the member’s sites`,
          );
        if (member.organisation && !(await store.getOrganisation(member.organisation)))
          throw new ApiError(
            'bad_request',
            `organisation: no organisation "${member.organisation}"`,
          );
        // Joining a member puts their sites among the organisation's, which widens who reads and
        // narrows who changes it: the same check as changing it (an admin, or a manager of all its
        // members' sites).
        if (member.organisation && member.organisation !== existing?.organisation)
          await requireOrganisationOfMySites(
            c,
            deps.services.members,
            member.organisation,
            'change',
          );
        try {
          await store.save(member);
          await store.setSites(member.id, sites);
        } catch (error) {
          if (
            error instanceof Error &&
            /UNIQUE constraint failed: members\.email/.test(error.message)
          )
            throw new ApiError(
              'conflict',
              `email: ${member.email} already belongs to another member`,
            );
          throw error;
        }
        await audit(
          c,
          deps.audit,
          'member.save',
          `member:${member.id}`,
          {
            plan: member.plan,
            organisation: member.organisation,
            active: member.active,
            quotaExempt: member.quotaExempt,
            sites,
          },
          sites[0] ?? null,
        );
        return c.json({ member: { ...member, sites } }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/qualifications',
        summary: 'A member’s trainings and whether each still holds',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(z.object({ qualifications: z.array(HeldSchema) }), 'Trainings held'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await selfOrManager(c, deps.services.members, id);
        const { services } = deps;
        if (!(await services.members.get(id))) throw new ApiError('not_found', `no member "${id}"`);
        const now = services.clock();
        const held = [];
        for (const grant of await services.trainings.grantsOf(id)) {
          const q = await services.trainings.get(grant.qualification);
          if (!q) continue;
          const state = trainingState(q, grant, await services.machines.lastUse(id, q.id), now);
          const expiresAt = q.validityMonths === null ? null : state.valid ? state.expiresAt : null;
          held.push({
            qualification: q.id,
            name: q.name,
            grantedAt: iso(grant.grantedAt),
            expiresAt: expiresAt === null ? null : iso(expiresAt),
            valid: state.valid,
            ...(state.valid ? {} : { reason: describeRefusal(state.refusal) }),
          });
        }
        return c.json({ qualifications: held }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}/qualifications/{qualification}',
        summary: 'Grant (or renew) a training',
        tags: ['members'],
        ...roles('manager'),
        request: { params: GrantParam },
        responses: {
          200: json(
            z.object({
              granted: z.object({
                member: z.string(),
                qualification: z.string(),
                grantedAt: z.string(),
                grantedBy: z.string(),
              }),
            }),
            'Granted',
          ),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        requireManager(c, 'grant a training');
        const { id, qualification } = c.req.valid('param');
        const { services } = deps;
        if (!(await services.members.get(id))) throw new ApiError('not_found', `no member "${id}"`);
        await requireMemberOfMySites(c, deps.services.members, id);
        const training = await services.trainings.get(qualification);
        // A training common to every site, or one of a site the manager manages.
        if (!training || (training.site != null && !onSite(actor(c), training.site)))
          throw new ApiError('not_found', `no training "${qualification}"`);
        const grant = {
          member: id,
          qualification,
          grantedAt: services.clock(),
          grantedBy: actor(c).id,
        };
        await services.trainings.grant(grant);
        await audit(
          c,
          deps.audit,
          'qualification.grant',
          `member:${id}`,
          { qualification },
          training.site ?? (await mySiteOf(c, deps.services.members, id)),
        );
        return c.json({ granted: { ...grant, grantedAt: iso(grant.grantedAt) } }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}/qualifications/{qualification}',
        summary: 'Revoke a training',
        tags: ['members'],
        ...roles('manager'),
        request: { params: GrantParam },
        responses: { 204: { description: 'Revoked' }, 404: errorResponses[404] },
      }),
      async (c) => {
        requireManager(c, 'revoke a training');
        const { id, qualification } = c.req.valid('param');
        await requireMemberOfMySites(c, deps.services.members, id);
        const training = await deps.services.trainings.get(qualification);
        if (training?.site != null && !onSite(actor(c), training.site))
          throw new ApiError(
            'forbidden',
            `"${qualification}" is a training of site "${training.site}"`,
          );
        if (!(await deps.services.trainings.revoke(id, qualification)))
          throw new ApiError('not_found', `member "${id}" does not hold "${qualification}"`);
        await audit(
          c,
          deps.audit,
          'qualification.revoke',
          `member:${id}`,
          { qualification },
          training?.site ?? (await mySiteOf(c, deps.services.members, id)),
        );
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/notices',
        summary: 'Notices to a member: slots moved or cancelled, a job overrunning into theirs',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(
            z.object({
              notices: z.array(
                z.object({
                  id: z.string(),
                  kind: z.string(),
                  reservation: z.string().nullable(),
                  text: z.object({ fr: z.string(), en: z.string() }),
                  createdAt: z.string(),
                }),
              ),
            }),
            'Newest first',
          ),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await selfOrManager(c, deps.services.members, id);
        const notices = await deps.services.notices.of(id);
        return c.json(
          {
            notices: notices.map((n) => ({
              id: n.id,
              kind: n.kind,
              reservation: n.reservation,
              text: n.text,
              createdAt: iso(n.createdAt),
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/export',
        summary: 'Everything Manufacto holds about a member (GDPR access and portability), as JSON',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: { params: IdParam },
        responses: {
          200: json(z.record(z.string(), z.unknown()), 'The member’s data'),
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await selfOrManager(c, deps.services.members, id);
        const data = await deps.privacy.export(id);
        if (!data) throw new ApiError('not_found', `no member "${id}"`);
        await audit(
          c,
          deps.audit,
          'member.export',
          `member:${id}`,
          undefined,
          await mySiteOf(c, deps.services.members, id),
        );
        c.header('content-disposition', `attachment; filename="manufacto-${id}.json"`);
        return c.json(data as unknown as Record<string, unknown>, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/erasure',
        summary: 'Erase a member (GDPR): identity removed, usage records kept under a pseudonym',
        tags: ['members'],
        ...roles('artisan', 'manager'),
        request: {
          params: IdParam,
          body: jsonBody(
            z.object({ confirm: Id.openapi({ description: 'The member id again, to be sure.' }) }),
            { confirm: 'camille-roux' },
          ),
        },
        responses: {
          200: json(z.object({ erased: z.string(), pseudonym: z.string() }), 'Erased'),
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await selfOrManager(c, deps.services.members, id);
        if (c.req.valid('json').confirm !== id)
          throw new ApiError('bad_request', 'confirm: repeat the member id to erase it');
        const who = actor(c);
        const sites = await deps.services.members.sitesOf(id);
        // Erasure cannot be undone: a manager erases only a member of no site but theirs.
        const elsewhere = sites.filter((s) => !onSite(who, s));
        if (who.id !== id && elsewhere.length)
          throw new ApiError(
            'forbidden',
            `member "${id}" is also on site "${elsewhere.join('", "')}": an administrator erases them`,
          );
        const pseudonym = await deps.privacy.erase(id);
        if (!pseudonym) throw new ApiError('not_found', `no member "${id}"`);
        // The audit keeps that an erasure happened, under the pseudonym only.
        await audit(
          c,
          deps.audit,
          'member.erase',
          `member:${pseudonym}`,
          undefined,
          sites[0] ?? null,
        );
        return c.json({ erased: id, pseudonym }, 200);
      },
    );
