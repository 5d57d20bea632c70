/**
 * The members of a network (on the network's instance): PUT /api/network/members/{site} registers
 * a member site with the Ed25519 public key its aggregates are signed with (the site's
 * `<NETWORK_KEY_FILE>.pub`), under `network`, the site of this instance standing for the network;
 * GET /api/network/members?network= lists them (managers and funders of the network's site: the
 * funder's page offers the network report when there are); DELETE /api/network/members/{site}
 * forgets a member site and its aggregates. Registering and removing: managers of the network's
 * site (admins any).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { actor, audit, onSite, requireManager, sitesScope } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, iso, json, jsonBody, Name, roles, router } from '../openapi.js';
import { NetworkRefusal } from '../../services/network/network-service.js';
import type { RouteDeps } from '../env.js';

const MemberSchema = z
  .object({
    site: z.string(),
    network: z.string(),
    name: z.string(),
    publicKey: z.string(),
    registeredAt: z.string(),
  })
  .openapi('NetworkMember');

const PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAoCKXi9jHHKpJUWheqeEEviuHF2Gdur8bzqBpdBkXZyI=
-----END PUBLIC KEY-----
`;

export const members = (deps: RouteDeps<'audit', 'network'>) =>
  router()
    .openapi(
      createRoute({
        method: 'put',
        path: '/members/{site}',
        summary: 'Register a member site of a network, with its public key (or change its key)',
        tags: ['network'],
        ...roles('manager'),
        request: {
          params: z.object({ site: Id.openapi({ param: { name: 'site', in: 'path' } }) }),
          body: jsonBody(
            z.object({ network: Id, name: Name(200), publicKey: z.string().min(40).max(2000) }),
            { network: 'reseau-demo', name: 'Manufacture de proximité — démo', publicKey: PEM },
          ),
        },
        responses: {
          200: json(z.object({ member: MemberSchema }), 'Registered'),
          400: errorResponses[400],
          409: errorResponses[409],
        },
      }),
      async (c) => {
        const { site } = c.req.valid('param');
        const b = c.req.valid('json');
        requireManager(c, 'register a member of a network', b.network);
        try {
          const m = await deps.services.network.register({ ...b, site });
          return c.json({ member: { ...m, registeredAt: iso(m.registeredAt) } }, 200);
        } catch (error) {
          if (error instanceof NetworkRefusal) throw new ApiError(error.status, error.message);
          throw error;
        }
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/members/{site}',
        summary: 'Remove a member site of a network, with the aggregates it sent',
        tags: ['network'],
        ...roles('manager'),
        request: {
          params: z.object({ site: Id.openapi({ param: { name: 'site', in: 'path' } }) }),
        },
        responses: {
          200: json(z.object({ removed: z.string() }), 'Removed'),
          400: errorResponses[400],
          403: errorResponses[403],
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { site } = c.req.valid('param');
        requireManager(c, 'remove a member of a network');
        const network = deps.services.network;
        const held = await network.member(site);
        // A member of a network the caller does not run is answered as one that does not exist:
        // a 403 there would tell any manager which sites are registered members elsewhere.
        if (!held || !onSite(actor(c), held.network))
          throw new ApiError('not_found', `no member site "${site}"`);
        await network.remove(site);
        // Irreversible (the member's aggregates go with it): who did it stays on record.
        await audit(
          c,
          deps.audit,
          'network.member.remove',
          `site:${site}`,
          { name: held.name },
          held.network,
        );
        return c.json({ removed: site }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/members',
        summary: 'The member sites of the networks you run or fund',
        tags: ['network'],
        ...roles('manager', 'funder'),
        request: { query: z.object({ network: Id.optional() }) },
        responses: {
          200: json(z.object({ members: z.array(MemberSchema) }), 'Members, by site id'),
          400: errorResponses[400],
        },
      }),
      async (c) => {
        const { network } = c.req.valid('query');
        const scope = sitesScope(c, network);
        const found = await deps.services.network.members(scope);
        return c.json(
          { members: found.map((m) => ({ ...m, registeredAt: iso(m.registeredAt) })) },
          200,
        );
      },
    );
