/**
 * The server's job commands (contract `command` topic: `job_start`, `job_pause`, `job_resume`,
 * `job_cancel`), carried out on this gateway's machines. `job_start` names where to fetch the file
 * (too big for an MQTT payload): it is fetched with the gateway's own credentials, its size and
 * SHA-256 checked, then streamed like `manufacto-gateway send`. A command older than `maxAgeMs`
 * is dropped: a job must not start by surprise after an outage.
 *
 * The URL comes from a message, so it is not trusted with the gateway's password: the file is
 * fetched only from the server's origin (`server.url`, or else the broker's host, over https when
 * the broker is reached over TLS), within a time limit and a size cap, and a job is started once
 * (a QoS 1 message may come twice: the same file would be cut twice).
 * @module
 */
import { createHash } from 'node:crypto';
import { decodeMessage } from '@manufacto/firmware-profiles/contract';
import type { JobManager } from './job-manager.js';

export interface JobCommandsOptions {
  readonly jobs: Pick<JobManager, 'start' | 'job'>;
  readonly log: (line: string) => void;
  /** Basic credentials for the file's URL (the gateway's broker login, which the server issued). */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** The relays of access at the machine, for `unlock`/`lock` (a slot started from the dashboard). */
  readonly relays?:
    | {
        unlock(machine: string, until: number): Promise<void>;
        lock(machine: string): Promise<void>;
        /** Off at `until` or once the machine stops working, whichever is later. */
        end(machine: string, until: number): void;
      }
    | undefined;
  /** The server's address (`server.url`): the only origin the file is fetched from. */
  readonly serverUrl?: string | undefined;
  /** The broker's URL: without `serverUrl`, the file must come from the broker's host. */
  readonly brokerUrl?: string | undefined;
  /** The largest file fetched, whatever the command announces (64 MiB, the contract's limit). */
  readonly maxFileBytes?: number;
  /** A fetch that has not ended by then is aborted. */
  readonly fetchTimeoutMs?: number;
  readonly maxAgeMs?: number;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

/** Job URLs already started or being fetched; the oldest forgotten past this many. */
const SEEN_JOBS = 256;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why `url` may not receive the gateway's credentials, or undefined when it may. */
export function refusedOrigin(
  url: string,
  o: Pick<JobCommandsOptions, 'serverUrl' | 'brokerUrl'>,
): string | undefined {
  const target = new URL(url);
  if (o.serverUrl !== undefined) {
    const server = new URL(o.serverUrl);
    return target.origin === server.origin
      ? undefined
      : `the file's address ${target.origin} is not the server's (${server.origin}, server.url)`;
  }
  if (o.brokerUrl === undefined) return 'no server.url in the gateway config';
  const broker = new URL(o.brokerUrl);
  if (target.hostname !== broker.hostname)
    return `the file's host ${target.hostname} is not the broker's (${broker.hostname}); set server.url in the gateway config`;
  // Over a TLS broker the password never travels in clear: neither may it to the file.
  const tls = broker.protocol === 'mqtts:' || broker.protocol === 'wss:';
  if (tls && target.protocol !== 'https:' && !LOOPBACK.has(target.hostname))
    return `the file's address is plain http while the broker is reached over TLS; set server.url`;
  return undefined;
}

/** The body, refused as soon as it passes `max` bytes (a server announcing 1 KB and sending 10 GB). */
async function readCapped(response: Response, max: number, what: string): Promise<Buffer> {
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > max) throw new Error(`${what}: ${announced} bytes, at most ${max}`);
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > max) throw new Error(`${what}: more than ${max} bytes, refused`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** Returns the handler for messages on the command topics. */
export function jobCommandHandler(o: JobCommandsOptions): (topic: string, payload: Buffer) => void {
  const now = o.now ?? Date.now;
  const get = o.fetch ?? fetch;
  const maxFileBytes = o.maxFileBytes ?? 64 * 1024 * 1024;
  const seen = new Set<string>();
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
      if (
        message.command === 'unlock' ||
        message.command === 'lock' ||
        message.command === 'release'
      ) {
        if (!o.relays) return o.log(`${machine}: ${message.command} ignored: no relay to switch`);
        const who = message.member ? ` for ${message.member}` : '';
        // Without an end the grant lasts an hour: the server always says one.
        // `release` is a grant ended early ("J'ai fini"): off once the machine stops. So is a lock
        // with an end, which the server sent for it before `release` existed.
        const done =
          message.command === 'unlock'
            ? o.relays.unlock(machine, message.until ?? now() + 60 * 60_000)
            : message.command === 'release' || message.until !== undefined
              ? Promise.resolve(o.relays.end(machine, message.until ?? now()))
              : o.relays.lock(machine);
        void done.then(() => o.log(`${machine}: ${message.command}${who}`), fail);
        return;
      }
      if (message.command === 'job_pause') o.jobs.job(machine).pause();
      else if (message.command === 'job_resume') o.jobs.job(machine).resume();
      else if (message.command === 'job_cancel') o.jobs.job(machine).cancel(message.reason);
      else if (message.command === 'job_start') {
        const { job } = message;
        // The server's URL holds the job's id (/api/jobs/{id}/file): one URL, one job.
        if (seen.has(job.url))
          return o.log(`${machine}: job_start ${job.name} ignored: ${job.url} already started`);
        const refused = refusedOrigin(job.url, o);
        if (refused) return o.log(`${machine}: job_start ${job.name} refused: ${refused}`);
        seen.add(job.url);
        if (seen.size > SEEN_JOBS) seen.delete(seen.values().next().value as string);
        const headers: Record<string, string> =
          o.username !== undefined
            ? {
                authorization: `Basic ${Buffer.from(`${o.username}:${o.password ?? ''}`).toString('base64')}`,
              }
            : {};
        const max = Math.min(job.bytes ?? maxFileBytes, maxFileBytes);
        void (async () => {
          const response = await get(job.url, {
            headers,
            redirect: 'error', // a redirect would carry the password elsewhere
            signal: AbortSignal.timeout(o.fetchTimeoutMs ?? 120_000),
          });
          if (!response.ok) throw new Error(`${job.url} answered HTTP ${response.status}`);
          const body = await readCapped(response, max, job.name);
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
