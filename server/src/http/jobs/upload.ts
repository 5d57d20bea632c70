/**
 * POST /api/machines/{id}/jobs?name= — sends a G-code file to the machine: the raw body is the
 * file (its own size limit, JOB_FILE_MAX_BYTES, instead of the API's 64 KiB), kept under the data
 * folder with its size and SHA-256, and `job_start` is published on the machine's command topic
 * with the URL its gateway fetches it from. 202: the gateway streams it when it gets it; progress
 * shows on the machine's live view. A manager of the machine's site, or the slot holder.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { topics } from '@manufacto/firmware-profiles/contract';
import { jobStartCommand } from '../../domain/jobs/machine-jobs.js';
import { actor } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, Name, roles, router } from '../openapi.js';
import { type DrivenMachineDeps, drivenMachine, drivenMachineResponses } from './access.js';
import { JobSentSchema } from './schema.js';

const EXAMPLE = 'G28\nG1 X10 Y10 F3000\nG1 X20 Y10\n';

/** Reads the body, refusing it as soon as it passes `max` bytes (a missing length included). */
async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (body)
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > max) throw new ApiError('payload_too_large', `the file is over ${max} bytes`);
      chunks.push(chunk);
    }
  return Buffer.concat(chunks);
}

export const uploadJob = (deps: DrivenMachineDeps & RouteDeps<'publicUrl'>) =>
  router().openapi(
    createRoute({
      method: 'post',
      path: '/{id}/jobs',
      summary: 'Send a G-code file to the machine’s gateway, which streams it (202: sent)',
      tags: ['jobs'],
      ...roles('manager', 'artisan'),
      request: {
        params: z.object({ id: Id }),
        query: z.object({
          name: Name(255).openapi({ description: 'The file’s name, as the wall shows the job' }),
        }),
        body: {
          required: true,
          content: {
            'application/octet-stream': {
              schema: z.string().openapi({ format: 'binary' }),
              example: EXAMPLE,
            },
          },
        },
      },
      responses: {
        202: json(JobSentSchema, 'Sent to the gateway'),
        400: errorResponses[400],
        413: errorResponses[413],
        ...drivenMachineResponses,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { name } = c.req.valid('query');
      const machine = await drivenMachine(c, deps, id);
      const max = machine.desk.maxBytes;
      const length = Number(c.req.header('content-length') ?? Number.NaN);
      if (length > max) throw new ApiError('payload_too_large', `the file is over ${max} bytes`);
      const body = await readAtMost(c.req.raw.body, max);
      if (body.length === 0) throw new ApiError('bad_request', 'the file is empty');
      const { services, publicUrl } = deps;
      const now = services.clock();
      const job = `jf-${randomBytes(9).toString('base64url')}`;
      const sha256 = createHash('sha256').update(body).digest('hex');
      const by = actor(c).id;
      await machine.desk.files.add(
        {
          id: job,
          machine: id,
          site: machine.site,
          gateway: machine.gateway,
          name,
          bytes: body.length,
          sha256,
          requestedBy: by,
          createdAt: now,
        },
        body,
      );
      const url = new URL(`/api/jobs/${job}/file`, publicUrl).toString();
      const command = jobStartCommand({ name, url, bytes: body.length, sha256 }, by, now);
      await machine.publish(topics.machine(machine.site, id, 'command'), JSON.stringify(command));
      return c.json({ job, machine: id, name, bytes: body.length, sha256 }, 202);
    },
  );
