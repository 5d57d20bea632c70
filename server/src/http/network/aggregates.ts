/**
 * POST /api/network/aggregates — a member site delivers its signed aggregate (its funder view of
 * one period) to the network's instance. No account: the Ed25519 signature under the key the
 * network registered for the site is the credential. 201 stored, 200 this very one already held;
 * refused with the reason: 400 not a funder view, 401 unknown site or a signature that does not
 * match (altered, or unsigned), 409 a replay of one older than the one held.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../errors.js';
import { errorResponses, json, jsonBody, roles, router } from '../openapi.js';
import { NetworkRefusal } from '../../services/network/network-service.js';
import type { RouteDeps } from '../env.js';

const Delivered = z.object({
  status: z.enum(['stored', 'already_held']),
  site: z.string(),
  period: z.string(),
});

export const aggregates = (deps: RouteDeps<never, 'network'>) =>
  router().openapi(
    createRoute({
      method: 'post',
      path: '/aggregates',
      summary:
        'Deliver a member site’s signed aggregate (its funder report of a period) to this network instance',
      tags: ['network'],
      ...roles('public'),
      request: {
        body: jsonBody(
          z.object({
            aggregate: z.record(z.string(), z.unknown()).openapi({
              description:
                '{ v: 1, site, period, issuedAt, report } — report is the site’s funder view',
            }),
            signature: z.string().min(1).max(200).openapi({
              description: 'Ed25519 over the canonical JSON of `aggregate` (sorted keys), base64',
            }),
          }),
          {
            aggregate: {
              v: 1,
              site: 'atelier-demo',
              period: '2026-11',
              issuedAt: '2026-12-01T06:00:00Z',
            },
            signature: 'c2lnbmF0dXJl',
          },
        ),
      },
      responses: {
        201: json(Delivered, 'Stored: it replaces any older one of its site and period'),
        200: json(Delivered, 'This very aggregate was already held'),
        400: errorResponses[400],
        401: errorResponses[401],
        409: errorResponses[409],
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      try {
        const r = await deps.services.network.receive(b.aggregate, b.signature);
        return c.json(r, r.status === 'stored' ? 201 : 200);
      } catch (error) {
        if (error instanceof NetworkRefusal) throw new ApiError(error.status, error.message);
        throw error;
      }
    },
  );
