/**
 * The jobs a gateway streams, one per machine at most: where the CLI (control socket) and, later,
 * the server's command topic start, pause, resume and cancel them. Bad requests get an error
 * naming the machine and what is wrong.
 * @module
 */
import { JobStream, JobStreamError, type JobHost } from './job-stream.js';

export interface JobManagerOptions {
  /** The runner of a serial machine by id; undefined for an unknown or network machine. */
  readonly host: (machine: string) => JobHost | undefined;
  /** How long a Marlin line may wait for its `ok` on `machine` (ms; the sender's default when undefined). */
  /** The machine's `okTimeoutSeconds`, in ms (see job-stream.ts). */
  readonly okTimeoutMs: (machine: string) => number;
  readonly log: (line: string) => void;
}

export class JobManager {
  readonly #o: JobManagerOptions;
  readonly #jobs = new Map<string, JobStream>();

  constructor(options: JobManagerOptions) {
    this.#o = options;
  }

  /** Starts streaming `gcode` to `machine`; rejects when it cannot (unknown machine, busy, bad file). */
  async start(machine: string, name: string, gcode: string): Promise<JobStream> {
    const host = this.#o.host(machine);
    if (!host) throw new JobStreamError(`no serial machine "${machine}" on this gateway`);
    const running = this.#jobs.get(machine);
    if (running)
      throw new JobStreamError(`machine ${machine} is already running job ${running.name}`);
    const job = await JobStream.start({
      machineId: machine,
      host,
      name,
      gcode,
      log: this.#o.log,
      okTimeoutMs: this.#o.okTimeoutMs(machine),
    });
    this.#jobs.set(machine, job);
    void job.done.then(() => {
      if (this.#jobs.get(machine) === job) this.#jobs.delete(machine);
    });
    return job;
  }

  /** The job under way on `machine`, or an error saying there is none. */
  job(machine: string): JobStream {
    const job = this.#jobs.get(machine);
    if (!job) throw new JobStreamError(`machine ${machine} has no job streamed by the gateway`);
    return job;
  }

  cancelAll(why: string): void {
    for (const job of this.#jobs.values()) job.cancel(why);
  }
}
