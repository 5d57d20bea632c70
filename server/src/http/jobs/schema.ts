/** What the job routes answer, one schema both the server and the dashboard read. */
import { z } from '@hono/zod-openapi';

export const JobSentSchema = z
  .object({
    job: z.string().openapi({ description: 'The job file’s id (the gateway fetches it by it)' }),
    machine: z.string(),
    name: z.string(),
    bytes: z.number().int(),
    sha256: z.string(),
  })
  .openapi('JobSent', {
    example: {
      job: 'jf-3k9x2',
      machine: 'prusa-mk4-1',
      name: 'boite.gcode',
      bytes: 18_204,
      sha256: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c',
    },
  });

export const JobControlSentSchema = z
  .object({ machine: z.string(), command: z.enum(['job_pause', 'job_resume', 'job_cancel']) })
  .openapi('JobControlSent', { example: { machine: 'prusa-mk4-1', command: 'job_pause' } });
