/**
 * A job streamed by the gateway: borrows the machine's port from its runner (`attach`, so the port
 * is never reopened), drives the firmware's sender (marlin-sender.ts, grbl-sender.ts) with the
 * machine's lines and a clock, and tells the runner about the job so it is published as the
 * machine's job — named, with its progress, and ended with the sender's outcome — even on a
 * firmware that cannot say it is printing from a host.
 * @module
 */
import type { HostJob } from '../machines/machine-monitor.js';
import type { PortClient, PortLease } from '../machines/port-client.js';
import { estimateDuration } from './estimate.js';
import { type GcodeLine, gcodeLines, MAX_LINE_CHARS } from './gcode-file.js';
import { GrblSender } from './grbl-sender.js';
import { jobEndText } from './job-reasons.js';
import { MarlinSender } from './marlin-sender.js';
import type { JobSender, SenderOutput, SenderProgress } from './sender.js';

/** What a job needs of a machine's runner (SerialMachineRunner has it). */
export interface JobHost {
  readonly profile: { readonly id: string } | undefined;
  /** The machine's published state (`idle`, `running`, `error`…; undefined before the first). */
  status(): { readonly state: string | undefined; readonly reason?: string | undefined };
  attach(client: PortClient): Promise<PortLease>;
  hostJob(job: HostJob): void;
  endHostJob(outcome: 'completed' | 'cancelled' | 'failed', reason?: string): void;
}

export interface JobStreamOptions {
  readonly machineId: string;
  readonly host: JobHost;
  /** The file's name, shown on the wall: `benchy.gcode`. */
  readonly name: string;
  readonly gcode: string;
  readonly log: (line: string) => void;
  /** Marlin: resend a line unanswered this long (the machine's `okTimeoutSeconds`). */
  readonly okTimeoutMs: number;
  /** GRBL: the receive buffer (128 bytes; 1024 on many grblHAL boards). */
  readonly rxBufferBytes?: number;
  /** How often the clock ticks the sender and progress is told (ms). */
  readonly tickMs?: number;
  readonly now?: () => number;
}

export interface JobResult {
  readonly outcome: 'completed' | 'cancelled' | 'failed';
  /** As published on the wall, in French. */
  readonly reason?: string;
  readonly progress: SenderProgress;
}

/** Profiles whose dialect a sender speaks. */
const SENDERS: Record<string, 'marlin' | 'grbl' | 'ping-pong'> = {
  marlin: 'marlin',
  prusa: 'marlin',
  grbl: 'grbl',
  grblhal: 'grbl',
  fluidnc: 'grbl',
  // Smoothieware answers `ok` per line but documents no receive buffer to count against.
  smoothieware: 'ping-pong',
};

export class JobStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobStreamError';
  }
}

function senderFor(profile: string, lines: GcodeLine[], o: JobStreamOptions): JobSender {
  const kind = SENDERS[profile];
  if (kind === 'marlin') return new MarlinSender(lines, { okTimeoutMs: o.okTimeoutMs });
  if (kind === 'grbl') return new GrblSender(lines, { rxBufferBytes: o.rxBufferBytes ?? 128 });
  if (kind === 'ping-pong') return new GrblSender(lines, { rxBufferBytes: 1 });
  throw new JobStreamError(
    `machine ${o.machineId}: no job sender for profile "${profile}" (known: ${Object.keys(SENDERS).join(', ')})`,
  );
}

/**
 * A job starts only on an idle machine: streaming into an alarm would have every line refused,
 * into a print from the machine's own card would mix two programs.
 */
function refuseUnlessIdle(
  machineId: string,
  status: { readonly state: string | undefined; readonly reason?: string | undefined },
): void {
  const { state, reason } = status;
  if (state === 'idle') return;
  const why = reason ? ` (${reason})` : '';
  const what =
    state === undefined || state === 'offline'
      ? 'is offline'
      : state === 'error'
        ? `is in alarm or error${why}: clear it on the machine first`
        : state === 'running' || state === 'preparing' || state === 'paused'
          ? `is busy (${state}${reason ? `, ${reason}` : ''}): wait for its job to end`
          : `is ${state}${why}, not idle`;
  throw new JobStreamError(`machine ${machineId} ${what}; a job starts only on an idle machine`);
}

export class JobStream {
  readonly name: string;
  readonly estimatedSeconds: number;
  readonly done: Promise<JobResult>;
  readonly #o: JobStreamOptions;
  readonly #sender: JobSender;
  readonly #now: () => number;
  #lease: PortLease | undefined;
  #timer: NodeJS.Timeout | undefined;
  #finish!: (result: JobResult) => void;
  #ended = false;

  private constructor(o: JobStreamOptions, sender: JobSender, estimatedSeconds: number) {
    this.#o = o;
    this.name = o.name;
    this.#sender = sender;
    this.estimatedSeconds = estimatedSeconds;
    this.#now = o.now ?? Date.now;
    this.done = new Promise((resolve) => (this.#finish = resolve));
  }

  /**
   * Reads the file, estimates it, borrows the port and starts streaming. Rejects with a clear
   * error when the file is bad, the firmware has no sender, or the port cannot be lent.
   */
  static async start(o: JobStreamOptions): Promise<JobStream> {
    const profile = o.host.profile?.id;
    if (!profile) throw new JobStreamError(`machine ${o.machineId}: its firmware is not known yet`);
    refuseUnlessIdle(o.machineId, o.host.status());
    const kind = SENDERS[profile];
    const max = MAX_LINE_CHARS[profile];
    const lines = gcodeLines(o.gcode, {
      realtime: kind === 'grbl',
      ...(max !== undefined ? { maxLineChars: max } : {}),
    });
    const sender = senderFor(profile, lines, o);
    const job = new JobStream(o, sender, estimateDuration(lines).seconds);
    const lease = await o.host.attach({
      name: `job ${o.name}`,
      onLine: (line) => job.#apply(sender.line(line, job.#now())),
      onDetach: (why) => {
        o.log(`${o.machineId}: job ${o.name}: ${why}`);
        job.#end({ kind: 'done', outcome: 'failed', reason: { code: 'port_lost' } });
      },
    });
    job.#lease = lease;
    o.log(
      `${o.machineId}: job ${o.name} starts: ${lines.length} lines, about ${Math.round(job.estimatedSeconds)} s`,
    );
    job.#tell();
    job.#apply(sender.start(job.#now()));
    const tickMs = o.tickMs ?? 200;
    let ticks = 0;
    job.#timer = setInterval(() => {
      job.#apply(sender.tick(job.#now()));
      // Progress for the wall once a second: the tracker's own deadbands decide what is news.
      ticks += 1;
      if (ticks % Math.max(1, Math.round(1000 / tickMs)) === 0) job.#tell();
    }, tickMs);
    job.#timer.unref?.();
    return job;
  }

  get progress(): SenderProgress {
    return this.#sender.progress;
  }

  get phase(): JobSender['phase'] {
    return this.#sender.phase;
  }

  pause(): void {
    this.#apply(this.#sender.pause(this.#now()));
    this.#tell();
  }

  resume(): void {
    this.#apply(this.#sender.resume(this.#now()));
    this.#tell();
  }

  cancel(reason?: string): void {
    this.#apply(this.#sender.cancel(this.#now(), reason));
  }

  #tell(): void {
    if (this.#ended) return;
    const p = this.#sender.progress;
    const fraction = p.bytesTotal > 0 ? p.bytesAcked / p.bytesTotal : 0;
    this.#o.host.hostJob({
      name: this.name,
      paused: this.#sender.phase === 'paused',
      metrics: {
        progress_pct: Math.floor(fraction * 1000) / 10,
        time_left_s: Math.round(this.estimatedSeconds * (1 - fraction)),
        job_lines_sent_total: p.linesSent,
        job_lines_acked_total: p.linesAcked,
        job_resends_total: p.resends,
      },
    });
  }

  #apply(outputs: readonly SenderOutput[]): void {
    for (const output of outputs) {
      if (output.kind === 'write') void this.#lease?.write(output.data).catch(() => undefined);
      else this.#end(output);
    }
  }

  #end(done: Extract<SenderOutput, { kind: 'done' }>): void {
    if (this.#ended) return;
    this.#tell();
    this.#ended = true;
    clearInterval(this.#timer);
    const progress = this.#sender.progress;
    const reason = done.reason && jobEndText(done.reason);
    this.#o.host.endHostJob(done.outcome, reason);
    this.#lease?.release();
    this.#o.log(
      `${this.#o.machineId}: job ${this.name} ${done.outcome}${done.reason ? ` (${jobEndText(done.reason, 'en')})` : ''}: ${progress.linesAcked}/${progress.linesTotal} lines, ${progress.resends} resent, ${progress.timeouts} timeouts, ${progress.errors} errors`,
    );
    this.#finish({
      outcome: done.outcome,
      ...(reason !== undefined ? { reason } : {}),
      progress,
    });
  }
}
