/**
 * POST /api/machines/{id}/jobs/current/{pause|resume|cancel} — publishes the command for the job
 * the machine's gateway streams. 202: sent; the live view shows the job paused, running or gone.
 * Whoever may send the machine a job may steer it.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { topics } from '@manufacto/firmware-profiles/contract';
import { jobControlCommand } from '../../domain/jobs/machine-jobs.js';
import { errorResponses, Id, json, roles, router } from '../openapi.js';
import { type DrivenMachineDeps, drivenMachine, drivenMachineResponses } from './access.js';
import { JobControlSentSchema } from './schema.js';

export const controlJob = (deps: DrivenMachineDeps) =>
  router().openapi(
    createRoute({
      method: 'post',
      path: '/{id}/jobs/current/{control}',
      summary: 'Pause, resume or cancel the job the machine’s gateway streams (202: sent)',
      tags: ['jobs'],
      ...roles('manager', 'artisan'),
      request: {
        params: z.object({
          id: Id,
          control: z.enum(['pause', 'resume', 'cancel']).openapi({ example: 'pause' }),
        }),
      },
      responses: {
        202: json(JobControlSentSchema, 'Sent to the gateway'),
        400: errorResponses[400],
        ...drivenMachineResponses,
      },
    }),
    async (c) => {
      const { id, control } = c.req.valid('param');
      const machine = await drivenMachine(c, deps, id);
      const command = jobControlCommand(control, deps.services.clock());
      await machine.publish(topics.machine(machine.site, id, 'command'), JSON.stringify(command));
      return c.json({ machine: id, command: command.command as `job_${typeof control}` }, 202);
    },
  );
