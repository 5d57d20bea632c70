/**
 * Streams a G-code file to GRBL by character counting, the protocol its interface document
 * recommends (https://github.com/gnea/grbl/wiki/Grbl-v1.1-Interface#streaming-protocol-character-counting):
 * GRBL answers every line with `ok` or `error:N` once it has taken it out of its serial receive
 * buffer (128 bytes on an Arduino, `[OPT:…,…,128]` in `$I`; 1024 on many grblHAL boards). The
 * sender keeps the bytes of the lines not yet answered and sends the next line only while they
 * fit, so the buffer never overflows and the planner never starves.
 *
 * - `error:N` answers a line it refused: the job holds (`!`), resets once stopped, and fails
 *   naming the file's line and the error. GRBL's own `stream.py` streams on, but a refused line
 *   (a bad word, an unsupported command) leaves the rest of the program cutting from the wrong
 *   place or not at all — a job whose every line was refused would otherwise end "completed".
 * - `ALARM:N` stops everything: the job fails.
 * - A lost `ok` (noise on the line) would leave the job "running" forever: when the status reports
 *   say `Idle` while lines are still unanswered for `lostAfterMs` (plus the dwells among them: GRBL
 *   is Idle during a `G4`), the answers were lost and the job fails.
 * - Pause and resume are GRBL's realtime feed hold `!` and cycle start `~`; cancel is a feed hold,
 *   then, once stopped (`Hold:0`, or after `stopWaitMs`), a soft reset (Ctrl-X, 0x18), which
 *   empties the buffers and keeps the position because the machine is no longer moving
 *   (https://github.com/gnea/grbl/wiki/Grbl-v1.1-Commands#grbl-v11-realtime-commands).
 * - The stream ends with `G4 P0.01`: a dwell waits for every planned move, so its `ok` means the
 *   machine has finished, not just received, the file.
 * @module
 */
import type { GcodeLine } from './gcode-file.js';
import type { JobEndReason } from './job-reasons.js';
import {
  type JobSender,
  ProgressCounter,
  type SenderOutput,
  type SenderPhase,
  type SenderProgress,
} from './sender.js';

export interface GrblSenderOptions {
  /** The serial receive buffer, bytes (GRBL's `RX_BUFFER_SIZE`). */
  readonly rxBufferBytes?: number;
  /** How long a cancel waits for the feed hold to stop the machine before the soft reset. */
  readonly stopWaitMs?: number;
  /** Idle with lines unanswered this long (plus their dwells): their answers were lost. */
  readonly lostAfterMs?: number;
}

/** `G4 P2.5`: a dwell of 2.5 s (GRBL's P is seconds). */
const DWELL = /^G0*4\b.*P\s*([\d.]+)/i;

const SYNC = 'G4 P0.01';

export class GrblSender implements JobSender {
  readonly #progress: ProgressCounter;
  readonly #rx: number;
  readonly #stopWaitMs: number;
  #phase: SenderPhase = 'streaming';
  /** Index of the next line to send (the file's lines, then the closing dwell). */
  #next = 0;
  /** Lengths (with `\n`) of the lines sent and not yet answered, oldest first. */
  readonly #unanswered: number[] = [];
  #head = 0;
  #inBuffer = 0;
  /** Lines answered so far (the file's and the dwell). */
  #answered = 0;
  /** A cancel or a failure waiting for the feed hold to stop the machine before the reset. */
  #cancel: { at: number; outcome: 'cancelled' | 'failed'; reason: JobEndReason } | undefined;
  readonly #lostAfterMs: number;
  /** Since when the machine reports Idle with lines unanswered, and until when that is fine. */
  #idle: { since: number; deadline: number } | undefined;

  constructor(lines: readonly GcodeLine[], options: GrblSenderOptions = {}) {
    this.#progress = new ProgressCounter(lines);
    this.#rx = options.rxBufferBytes ?? 128;
    this.#stopWaitMs = options.stopWaitMs ?? 1000;
    this.#lostAfterMs = options.lostAfterMs ?? 10_000;
  }

  get phase(): SenderPhase {
    return this.#phase;
  }

  get progress(): SenderProgress {
    return this.#progress.snapshot();
  }

  #text(i: number): string | undefined {
    const lines = this.#progress.lines;
    return i < lines.length ? lines[i]?.text : i === lines.length ? SYNC : undefined;
  }

  /** As many lines as fit in what GRBL's buffer has free, in one write. */
  #fill(): SenderOutput[] {
    if (this.#phase !== 'streaming') return [];
    let data = '';
    for (;;) {
      const text = this.#text(this.#next);
      if (text === undefined) break;
      const bytes = text.length + 1;
      // An empty buffer takes any line (a line longer than the buffer could never be sent).
      if (this.#inBuffer + bytes > this.#rx && this.#inBuffer > 0) break;
      data += `${text}\n`;
      this.#unanswered.push(bytes);
      this.#inBuffer += bytes;
      this.#progress.sent(this.#next);
      this.#next += 1;
    }
    return data ? [{ kind: 'write', data }] : [];
  }

  start(_now: number): SenderOutput[] {
    return this.#fill();
  }

  #done(outcome: 'completed' | 'cancelled' | 'failed', reason?: JobEndReason): SenderOutput[] {
    this.#phase = 'done';
    this.#cancel = undefined;
    return [{ kind: 'done', outcome, ...(reason !== undefined ? { reason } : {}) }];
  }

  line(line: string, now: number): SenderOutput[] {
    if (this.#phase === 'done') return [];
    if (line.startsWith('ALARM:'))
      return this.#done('failed', { code: 'firmware_stopped', params: { line } });
    if (this.#cancel) {
      // The feed hold has stopped the machine: reset now rather than at the deadline.
      if (line.startsWith('<Hold:0')) return this.tick(now + this.#stopWaitMs);
      return [];
    }
    if (line.startsWith('<')) {
      this.#watchIdle(line, now);
      return [];
    }
    const error = line.startsWith('error:');
    if (line !== 'ok' && !error) return [];
    this.#idle = undefined;
    if (this.#head >= this.#unanswered.length) return []; // not one of ours
    this.#inBuffer -= this.#unanswered[this.#head] as number;
    this.#head += 1;
    // Keep the queue short on a 50,000-line file.
    if (this.#head > 1024) {
      this.#unanswered.splice(0, this.#head);
      this.#head = 0;
    }
    const refused = this.#progress.lines[this.#answered] ?? { at: 0, text: SYNC };
    if (error && this.#answered < this.#progress.lines.length) {
      this.#progress.errors += 1;
      this.#progress.lastError = line;
    }
    this.#progress.ackedThrough(this.#answered);
    this.#answered += 1;
    if (error) {
      // What follows in the buffer was planned after a refused line: hold, then reset.
      const reason: JobEndReason = {
        code: 'firmware_refused',
        params: { line, at: String(refused.at), command: refused.text.slice(0, 40) },
      };
      return this.#stop(now, 'failed', reason);
    }
    if (this.#answered > this.#progress.lines.length) return this.#done('completed');
    return this.#fill();
  }

  /** A status report: Idle with lines unanswered starts the clock, anything else stops it. */
  #watchIdle(report: string, now: number): void {
    const waiting = this.#next - this.#answered;
    if (!report.startsWith('<Idle') || waiting === 0 || this.#phase !== 'streaming') {
      this.#idle = undefined;
      return;
    }
    if (this.#idle) return;
    let dwellMs = 0;
    for (let i = this.#answered; i < this.#next; i += 1) {
      const dwell = DWELL.exec(this.#text(i) ?? '');
      if (dwell) dwellMs += Number(dwell[1]) * 1000;
    }
    this.#idle = { since: now, deadline: now + this.#lostAfterMs + dwellMs };
  }

  tick(now: number): SenderOutput[] {
    const idle = this.#idle;
    if (idle && !this.#cancel && this.#phase === 'streaming' && now >= idle.deadline) {
      const count = String(this.#next - this.#answered);
      const seconds = String(Math.round((now - idle.since) / 1000));
      return this.#done('failed', { code: 'answers_lost', params: { count, seconds } });
    }
    const cancel = this.#cancel;
    if (!cancel || now < cancel.at) return [];
    return [{ kind: 'write', data: '\x18' }, ...this.#done(cancel.outcome, cancel.reason)];
  }

  pause(_now: number): SenderOutput[] {
    if (this.#phase !== 'streaming') return [];
    this.#phase = 'paused';
    return [{ kind: 'write', data: '!' }];
  }

  resume(_now: number): SenderOutput[] {
    if (this.#phase !== 'paused' || this.#cancel) return [];
    this.#phase = 'streaming';
    return [{ kind: 'write', data: '~' }, ...this.#fill()];
  }

  cancel(now: number, why?: string): SenderOutput[] {
    if (this.#phase === 'done' || this.#cancel) return [];
    const reason: JobEndReason =
      why === undefined ? { code: 'cancelled' } : { code: 'cancelled_by', params: { why } };
    return this.#stop(now, 'cancelled', reason);
  }

  /** Feed hold, then the soft reset once stopped (at once when already held). */
  #stop(now: number, outcome: 'cancelled' | 'failed', reason: JobEndReason): SenderOutput[] {
    const held = this.#phase === 'paused';
    this.#phase = 'paused';
    this.#cancel = { at: now + this.#stopWaitMs, outcome, reason };
    return held ? this.tick(now + this.#stopWaitMs) : [{ kind: 'write', data: '!' }];
  }
}
