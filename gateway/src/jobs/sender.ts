/**
 * What every job sender shares: the words it says to the I/O edge (bytes to write, the job's
 * end), its progress, and its interface. A sender is pure: no port, no timer; the machine's lines
 * and the clock come in, what to write comes out (job-stream.ts does the I/O).
 * @module
 */
import type { GcodeLine } from './gcode-file.js';
import type { JobEndReason } from './job-reasons.js';

export type SenderOutput =
  | { readonly kind: 'write'; readonly data: string }
  | {
      readonly kind: 'done';
      readonly outcome: 'completed' | 'cancelled' | 'failed';
      /** Why it failed or was cancelled: a code and its parameters (job-reasons.ts). */
      readonly reason?: JobEndReason;
    };

export interface SenderProgress {
  readonly linesTotal: number;
  /** File lines written at least once. */
  readonly linesSent: number;
  /** File lines the firmware acknowledged (`ok`, or `error:N` on GRBL). */
  readonly linesAcked: number;
  readonly bytesTotal: number;
  readonly bytesAcked: number;
  /** Lines written again: asked by the firmware (`Resend:`) or after an `ok` timeout. */
  readonly resends: number;
  /** `ok` timeouts (Marlin): a line or its answer lost on the way. */
  readonly timeouts: number;
  /** Lines the firmware refused (`error:N` on GRBL, which fails the job on the first). */
  readonly errors: number;
  readonly lastError?: string;
}

export type SenderPhase = 'streaming' | 'paused' | 'done';

export interface JobSender {
  readonly phase: SenderPhase;
  readonly progress: SenderProgress;
  start(now: number): SenderOutput[];
  /** A line from the machine, without its end of line. */
  line(line: string, now: number): SenderOutput[];
  /** Time passes: timeouts, a cancel waiting for the machine to stop. */
  tick(now: number): SenderOutput[];
  pause(now: number): SenderOutput[];
  resume(now: number): SenderOutput[];
  cancel(now: number, why?: string): SenderOutput[];
}

/** Counters for a file's lines, kept the same way by every sender. */
export class ProgressCounter {
  readonly #bytes: number[];
  readonly #bytesTotal: number;
  readonly #sentLines = new Set<number>();
  linesAcked = 0;
  bytesAcked = 0;
  resends = 0;
  timeouts = 0;
  errors = 0;
  lastError: string | undefined;

  constructor(readonly lines: readonly GcodeLine[]) {
    this.#bytes = lines.map((l) => l.text.length + 1);
    this.#bytesTotal = this.#bytes.reduce((a, b) => a + b, 0);
  }

  sent(index: number): void {
    if (index >= this.lines.length) return;
    if (this.#sentLines.has(index)) this.resends += 1;
    else this.#sentLines.add(index);
  }

  /** Lines `0 … index` are acknowledged (each once, whatever the order of the news). */
  ackedThrough(index: number): void {
    for (let i = this.linesAcked; i <= Math.min(index, this.lines.length - 1); i += 1)
      this.bytesAcked += this.#bytes[i] as number;
    this.linesAcked = Math.max(this.linesAcked, Math.min(index, this.lines.length - 1) + 1);
  }

  snapshot(): SenderProgress {
    return {
      linesTotal: this.lines.length,
      linesSent: this.#sentLines.size,
      linesAcked: this.linesAcked,
      bytesTotal: this.#bytesTotal,
      bytesAcked: this.bytesAcked,
      resends: this.resends,
      timeouts: this.timeouts,
      errors: this.errors,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }
}
