/**
 * GET /api/jobs/{id}/file — the G-code file of a job, for the gateway it was sent to only: it
 * logs in as on the broker (HTTP Basic, its id and secret; `gateway/src/jobs/job-commands.ts`).
 * Anyone else, another gateway included, gets 404 as if there were no such job. No person's
 * role reads it: the role gate lets everyone reach the gateway check (`public`).
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, roles, router } from '../openapi.js';

function basic(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

export const jobFile = (deps: RouteDeps<'jobs' | 'gatewayCredentials'>) =>
  router().openapi(
    createRoute({
      method: 'get',
      path: '/{id}/file',
      summary:
        'The job’s G-code file, for the gateway it was sent to (HTTP Basic: gateway id, secret)',
      tags: ['jobs'],
      ...roles('public'),
      request: { params: z.object({ id: Id }) },
      responses: {
        200: {
          description: 'The file as it was sent',
          content: {
            'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { jobs, gatewayCredentials } = deps;
      const missing = new ApiError('not_found', `no job file "${id}"`);
      const login = basic(c.req.header('authorization'));
      const file = jobs && login ? await jobs.files.get(id) : undefined;
      if (!jobs || !login || !file || file.gateway !== login.user) throw missing;
      const gateway = await gatewayCredentials.verify(login.user, login.password);
      if (!gateway || gateway.site !== file.site || !gateway.machines.includes(file.machine))
        throw missing;
      const body = await jobs.files.read(id);
      return c.body(new Uint8Array(body), 200, {
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
      });
    },
  );
