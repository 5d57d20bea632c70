/**
 * The server's job commands (contract `command` topic: `job_start`, `job_pause`, `job_resume`,
 * `job_cancel`), carried out on this gateway's machines. `job_start` names where to fetch the file
 * (too big for an MQTT payload): it is fetched with the gateway's own credentials, its size and
 * SHA-256 checked, then streamed like `manufacto-gateway send`. A command older than `maxAgeMs`
 * is dropped: a job must not start by surprise after an outage.
 * @module
 */
import { createHash } from 'node:crypto';
import { decodeMessage } from '@manufacto/firmware-profiles/contract';
import type { JobManager } from './job-manager.js';

export interface JobCommandsOptions {
  readonly jobs: JobManager;
  readonly log: (line: string) => void;
  /** Basic credentials for the file's URL (the gateway's broker login, which the server issued). */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly maxAgeMs?: number;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

/** Returns the handler for messages on the command topics. */
export function jobCommandHandler(o: JobCommandsOptions): (topic: string, payload: Buffer) => void {
  const now = o.now ?? Date.now;
  const get = o.fetch ?? fetch;
  return (topic, payload) => {
    const decoded = decodeMessage(topic, payload.toString('utf8'));
    if (!decoded.ok) return o.log(`command on ${topic} refused: ${decoded.reason}`);
    if (decoded.value.kind !== 'command') return;
    const { machine, message } = decoded.value;
    const age = now() - message.ts;
    if (age > (o.maxAgeMs ?? 5 * 60_000))
      return o.log(`${machine}: ${message.command} dropped: sent ${Math.round(age / 1000)} s ago`);
    const fail = (error: unknown) =>
      o.log(`${machine}: ${message.command} failed: ${(error as Error).message}`);
    try {
      if (message.command === 'job_pause') o.jobs.job(machine).pause();
      else if (message.command === 'job_resume') o.jobs.job(machine).resume();
      else if (message.command === 'job_cancel') o.jobs.job(machine).cancel(message.reason);
      else if (message.command === 'job_start') {
        const { job } = message;
        const headers: Record<string, string> =
          o.username !== undefined
            ? {
                authorization: `Basic ${Buffer.from(`${o.username}:${o.password ?? ''}`).toString('base64')}`,
              }
            : {};
        void (async () => {
          const response = await get(job.url, { headers });
          if (!response.ok) throw new Error(`${job.url} answered HTTP ${response.status}`);
          const body = Buffer.from(await response.arrayBuffer());
          if (job.bytes !== undefined && body.length !== job.bytes)
            throw new Error(`${job.name}: ${body.length} bytes fetched, ${job.bytes} announced`);
          if (job.sha256 !== undefined) {
            const sum = createHash('sha256').update(body).digest('hex');
            if (sum !== job.sha256)
              throw new Error(`${job.name}: SHA-256 ${sum}, ${job.sha256} announced`);
          }
          await o.jobs.start(machine, job.name, body.toString('latin1'));
        })().catch(fail);
      }
    } catch (error) {
      fail(error);
    }
  };
}
