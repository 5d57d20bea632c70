/**
 * The gateway's control socket: a Unix socket in its data folder (`control.sock`, mode 0600, so
 * only the gateway's own user and root reach it) through which `manufacto-gateway send` hands a
 * file to the running gateway, which owns the ports. One request per connection, as JSON lines:
 *
 * ```
 * → {"command":"send","machine":"laser-co2","name":"plaque.nc","bytes":48213}\n<48213 bytes>
 * ← {"event":"started","lines":1520,"estimatedSeconds":412}
 * ← {"event":"progress","linesAcked":300,"linesTotal":1520,"progressPct":19.7}   (every second)
 * ← {"event":"done","outcome":"completed"}
 * → {"command":"pause"|"resume"|"cancel","machine":"laser-co2"}   ← {"event":"ok"}
 * ```
 * Any failure is `{"event":"error","message":"…"}` naming what is wrong.
 * @module
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { JobManager } from '../jobs/job-manager.js';

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}

/** The largest file the socket takes (a 50,000-line job is about 1.5 MB). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

type Request =
  | { command: 'send'; machine: string; name: string; bytes: number }
  | { command: 'pause' | 'resume' | 'cancel'; machine: string; why?: string };

function parseRequest(line: string): Request | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'the request is not JSON';
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.machine !== 'string' || !r.machine) return 'the request names no machine';
  if (r.command === 'send') {
    if (typeof r.name !== 'string' || !r.name) return 'the request names no file';
    if (
      !Number.isInteger(r.bytes) ||
      (r.bytes as number) <= 0 ||
      (r.bytes as number) > MAX_FILE_BYTES
    )
      return `bytes must be a size between 1 and ${MAX_FILE_BYTES}`;
    return { command: 'send', machine: r.machine, name: r.name, bytes: r.bytes as number };
  }
  if (r.command === 'pause' || r.command === 'resume' || r.command === 'cancel')
    return {
      command: r.command,
      machine: r.machine,
      ...(typeof r.why === 'string' ? { why: r.why } : {}),
    };
  return `unknown command ${JSON.stringify(r.command)} (send, pause, resume, cancel)`;
}

export class ControlSocket {
  readonly #path: string;
  readonly #jobs: JobManager;
  #server: Server | undefined;

  constructor(dataDir: string, jobs: JobManager) {
    this.#path = controlSocketPath(dataDir);
    this.#jobs = jobs;
  }

  start(): Promise<void> {
    // A socket left by a gateway that was killed would refuse the listen.
    rmSync(this.#path, { force: true });
    const server = createServer((socket) => this.#serve(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#path, () => {
        chmodSync(this.#path, 0o600);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(this.#path, { force: true });
  }

  #serve(socket: Socket): void {
    socket.on('error', () => undefined);
    const say = (message: object) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    };
    const fail = (message: string) => {
      say({ event: 'error', message });
      socket.end();
    };
    let buffer = Buffer.alloc(0);
    let request: Request | undefined;
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!request) {
        const end = buffer.indexOf(0x0a);
        if (end === -1)
          return buffer.length > 4096 ? fail('the request line is too long') : undefined;
        const parsed = parseRequest(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + 1);
        if (typeof parsed === 'string') return fail(parsed);
        request = parsed;
      }
      if (request.command !== 'send') {
        socket.off('data', onData);
        return void this.#control(request, say, fail);
      }
      if (buffer.length < request.bytes) return;
      socket.off('data', onData);
      void this.#send(
        request,
        buffer.subarray(0, request.bytes).toString('latin1'),
        socket,
        say,
        fail,
      );
    };
    socket.on('data', onData);
  }

  #control(
    request: Extract<Request, { command: 'pause' | 'resume' | 'cancel' }>,
    say: (m: object) => void,
    fail: (m: string) => void,
  ): void {
    try {
      const job = this.#jobs.job(request.machine);
      if (request.command === 'pause') job.pause();
      else if (request.command === 'resume') job.resume();
      else job.cancel(request.why);
      say({ event: 'ok', job: job.name, phase: job.phase });
    } catch (error) {
      return fail((error as Error).message);
    }
  }

  async #send(
    request: Extract<Request, { command: 'send' }>,
    gcode: string,
    socket: Socket,
    say: (m: object) => void,
    fail: (m: string) => void,
  ): Promise<void> {
    let job: Awaited<ReturnType<JobManager['start']>>;
    try {
      job = await this.#jobs.start(request.machine, request.name, gcode);
    } catch (error) {
      return fail((error as Error).message);
    }
    say({
      event: 'started',
      lines: job.progress.linesTotal,
      estimatedSeconds: job.estimatedSeconds,
    });
    const progress = setInterval(() => {
      const p = job.progress;
      say({
        event: 'progress',
        linesAcked: p.linesAcked,
        linesTotal: p.linesTotal,
        progressPct: Math.floor((p.bytesAcked / Math.max(1, p.bytesTotal)) * 1000) / 10,
        phase: job.phase,
      });
    }, 1000);
    // The CLI going away (Ctrl-C) does not stop the job: it runs on, on the wall.
    socket.on('close', () => clearInterval(progress));
    const result = await job.done;
    clearInterval(progress);
    say({
      event: 'done',
      outcome: result.outcome,
      ...(result.reason ? { reason: result.reason } : {}),
      progress: result.progress,
    });
    socket.end();
  }
}
