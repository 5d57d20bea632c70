/**
 * Gateway credentials: PUT /api/gateways/{id} issues (or rotates) the MQTT secret of a gateway for
 * a site and a list of machines — shown once, to put in the gateway's YAML (`broker.username` =
 * the gateway id, `broker.password` = the secret); GET /api/gateways lists them (never the
 * secrets); DELETE /api/gateways/{id} revokes. Roles: a manager of the site.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { ID_PATTERN } from '@manufacto/firmware-profiles/contract';
import { mosquittoAcl } from '../../broker/mosquitto-acl.js';
import { actor, audit, requireManager, siteFilter } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, iso, json, jsonBody, roles, router } from '../openapi.js';
import type { RouteDeps } from '../env.js';

const ContractId = z
  .string()
  .regex(ID_PATTERN, 'lowercase letters, digits and dashes (as in MQTT topics)');
const IdParam = z.object({ id: ContractId.openapi({ param: { name: 'id', in: 'path' } }) });

export const gateways = (deps: RouteDeps<'audit' | 'gatewayCredentials', 'machines'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/mosquitto-acl',
        summary: 'The Mosquitto ACL file matching the issued gateways (for an external broker)',
        tags: ['gateways'],
        ...roles('manager'),
        responses: {
          200: {
            description: 'acl_file for mosquitto.conf',
            content: { 'text/plain': { schema: z.string() } },
          },
        },
      }),
      async (c) => {
        // A manager gets their sites' gateways only (an admin the whole broker's file).
        const sites = siteFilter(actor(c));
        const active = (await deps.gatewayCredentials.list()).filter(
          (g) => !g.revoked && (sites === undefined || sites.includes(g.site)),
        );
        return c.text(mosquittoAcl(active), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'Gateways allowed on the broker (without their secrets)',
        tags: ['gateways'],
        ...roles('manager'),
        responses: {
          200: json(
            z.object({
              gateways: z.array(
                z.object({
                  gateway: z.string(),
                  site: z.string(),
                  machines: z.array(z.string()),
                  createdAt: z.string(),
                  revoked: z.boolean(),
                }),
              ),
            }),
            'Gateways',
          ),
        },
      }),
      async (c) => {
        const sites = siteFilter(actor(c));
        const list = (await deps.gatewayCredentials.list()).filter(
          (g) => sites === undefined || sites.includes(g.site),
        );
        return c.json(
          {
            gateways: list.map((g) => ({
              ...g,
              machines: [...g.machines],
              createdAt: iso(g.createdAt),
            })),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{id}',
        summary: 'Issue or rotate a gateway’s MQTT secret (shown once)',
        tags: ['gateways'],
        ...roles('manager'),
        request: {
          params: IdParam,
          body: jsonBody(
            z.object({ site: ContractId, machines: z.array(ContractId).min(1).max(256) }),
            { site: 'atelier-demo', machines: ['laser-co2'] },
          ),
        },
        responses: {
          200: json(
            z.object({ username: z.string(), password: z.string() }),
            'Credentials for gateway.yaml',
          ),
          400: errorResponses[400],
          403: errorResponses[403],
          409: errorResponses[409],
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const b = c.req.valid('json');
        requireManager(c, 'issue gateway credentials', b.site);
        const { gatewayCredentials, services } = deps;
        const all = await gatewayCredentials.list();
        // The row that exists decides too: a manager of another site cannot take it over.
        const existing = all.find((g) => g.gateway === id);
        if (existing) requireManager(c, 'rotate this gateway’s credentials', existing.site);
        // Only machines of its own site that no other gateway speaks for.
        for (const m of new Set(b.machines)) {
          const machine = await services.machines.get(m);
          if (machine && machine.site !== b.site)
            throw new ApiError(
              'conflict',
              `machines: "${m}" is a machine of site "${machine.site}", not "${b.site}"`,
            );
          const owner = all.find((g) => g.gateway !== id && !g.revoked && g.machines.includes(m));
          if (owner)
            throw new ApiError(
              'conflict',
              `machines: "${m}" is already spoken for by gateway "${owner.gateway}" (site "${owner.site}")`,
            );
        }
        const secret = await gatewayCredentials.issue(
          id,
          b.site,
          b.machines,
          actor(c).account ?? actor(c).id,
        );
        await audit(
          c,
          deps.audit,
          'gateway.credentials',
          `gateway:${id}`,
          { site: b.site, machines: b.machines },
          b.site,
        );
        return c.json({ username: id, password: secret }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{id}',
        summary: 'Revoke a gateway’s credentials',
        tags: ['gateways'],
        ...roles('manager'),
        request: { params: IdParam },
        responses: { 204: { description: 'Revoked' }, 404: errorResponses[404] },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { gatewayCredentials } = deps;
        const cred = (await gatewayCredentials.list()).find((g) => g.gateway === id);
        if (!cred) throw new ApiError('not_found', `no gateway "${id}"`);
        requireManager(c, 'revoke gateway credentials', cred.site);
        if (!(await gatewayCredentials.revoke(id)))
          throw new ApiError('not_found', `gateway "${id}" is already revoked`);
        await audit(c, deps.audit, 'gateway.revoke', `gateway:${id}`, undefined, cred.site);
        return c.body(null, 204);
      },
    );
