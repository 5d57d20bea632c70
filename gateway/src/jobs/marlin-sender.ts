/**
 * Streams a G-code file to Marlin the way its host protocol asks: every line numbered and
 * checksummed, one line in flight, the next only after its `ok`.
 *
 * - `N<n> <command>*<checksum>`: the checksum is the XOR of every byte before `*`; `M110 N0`
 *   first sets the line counter. https://marlinfw.org/docs/gcode/M110.html and
 *   https://reprap.org/wiki/G-code#Checking (Marlin's `GCodeQueue::get_serial_commands`).
 * - A line that arrives garbled or out of order is answered `Error:…, Last Line: k`, `Resend: k+1`,
 *   `ok`: the sender rewinds to k+1 at that `ok` (every line before k+1 was accepted).
 * - A line can vanish without a word (noise eats its end of line, a USB bridge drops it): no `ok`
 *   comes. After `okTimeoutMs` without an `ok` or a sign of life (`echo:busy: processing`, the
 *   ` T:… W:` lines of a heating wait, https://marlinfw.org/docs/gcode/M113.html), the line is sent
 *   again. If Marlin had it after all, the copy is refused as a duplicate (`Resend: n+1`) and
 *   nothing runs twice. When the `ok` was only slow (a long move), it comes after the copy went:
 *   the sender moves on to n+1, then the copy's `Resend: n+1` and its `ok` arrive while n+1 is in
 *   flight; they are ignored (as OctoPrint ignores a resend request for a line it just resent),
 *   or n+1 would be sent again, its own duplicate would ask for n+2 again, and every remaining
 *   line would go twice. So one timeout costs at most one extra copy.
 * - The printer can pause or cancel from its screen (`//action:pause`, `//action:cancel`,
 *   https://reprap.org/wiki/G-code#Action_commands).
 * - Cancel: `M108` ends a heating wait, `M410` stops the motors and drops the planned moves (both
 *   act at once with EMERGENCY_PARSER, https://marlinfw.org/docs/gcode/M410.html), heaters and fan off.
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

export interface MarlinSenderOptions {
  /** Without an `ok` or a busy line this long, the line in flight is sent again (config: `okTimeoutSeconds`). */
  readonly okTimeoutMs: number;
  /**
   * Unnumbered commands before the stream, each answered by one `ok` the stream does not count.
   * `M155 S2` by default: the runner sends no line of its own while the port is lent, so a job
   * that takes the port before the runner armed the temperature autoreport would print blind
   * (a firmware without it answers `Unknown command` and `ok`: harmless).
   * https://marlinfw.org/docs/gcode/M155.html
   */
  readonly preamble?: readonly string[];
}

/** `N12 G1 X10` → `N12 G1 X10*87`. */
export function withChecksum(numbered: string): string {
  let xor = 0;
  for (let i = 0; i < numbered.length; i += 1) xor ^= numbered.charCodeAt(i) & 0xff;
  return `${numbered}*${xor}`;
}

/** The halts after which Marlin answers nothing until reset. */
const HALTED = /^Error:.*(?:Printer halted|kill\(\) called|Thermal Runaway|MAXTEMP|MINTEMP)/i;
/** Resend: 12 (Marlin), rs 12 (Repetier-style). */
const RESEND = /^(?:Resend|rs)[: ]\s*N?(\d+)/i;
/** Signs that Marlin is working on a long command (busy keepalive, a heating wait's reports). */
const ALIVE = /busy:|^\s*T:.*\bW:/;
const ACTION = /^\/\/\s*action:(pause|paused|resume|resumed|cancel)\b/;

export class MarlinSender implements JobSender {
  readonly #progress: ProgressCounter;
  readonly #okTimeoutMs: number;
  readonly #sync: string;
  #phase: SenderPhase = 'streaming';
  /** Line number of the line in flight (0 is `M110 N0`; file line i is N i+1), if any. */
  #inFlight: number | undefined;
  /** The number Marlin asked for; sent at the `ok` that follows the request. */
  #resendFrom: number | undefined;
  /** The next line number to send when nothing is in flight. */
  #next = 0;
  #deadline = Number.POSITIVE_INFINITY;
  readonly #preamble: readonly string[];
  /** `ok`s still due to the preamble's commands, not to numbered lines. */
  #preambleOks = 0;
  /** The line re-sent at a timeout, and how many copies of it may still be refused as duplicates. */
  #copies: { n: number; due: number } | undefined;
  /** `ok`s that answer a duplicate's ignored `Resend:`, not the line in flight. */
  #swallowOks = 0;
  /** The last `Error:` line: a checksum mismatch is a garbled line, never a duplicate. */
  #lastError = '';

  constructor(lines: readonly GcodeLine[], options: MarlinSenderOptions) {
    this.#progress = new ProgressCounter(lines);
    this.#preamble = options.preamble ?? ['M155 S2'];
    this.#okTimeoutMs = options.okTimeoutMs;
    // M400 waits until every move is done: its `ok` means the print really ended.
    this.#sync = 'M400';
  }

  get phase(): SenderPhase {
    return this.#phase;
  }

  get progress(): SenderProgress {
    return this.#progress.snapshot();
  }

  /** Line number n's command: `M110 N0` for 0, the file's lines, then the closing `M400`. */
  #command(n: number): string | undefined {
    if (n === 0) return 'M110 N0';
    const lines = this.#progress.lines;
    if (n <= lines.length) return lines[n - 1]?.text;
    return n === lines.length + 1 ? this.#sync : undefined;
  }

  #send(n: number, now: number): SenderOutput[] {
    const command = this.#command(n);
    if (command === undefined) return [];
    this.#inFlight = n;
    this.#deadline = now + this.#okTimeoutMs;
    if (n >= 1) this.#progress.sent(n - 1);
    return [{ kind: 'write', data: `${withChecksum(`N${n} ${command}`)}\n` }];
  }

  start(now: number): SenderOutput[] {
    this.#preambleOks = this.#preamble.length;
    const first = this.#send(0, now);
    if (this.#preamble.length === 0) return first;
    return [{ kind: 'write', data: this.#preamble.map((c) => `${c}\n`).join('') }, ...first];
  }

  #done(outcome: 'completed' | 'cancelled' | 'failed', reason?: JobEndReason): SenderOutput[] {
    this.#phase = 'done';
    this.#inFlight = undefined;
    this.#deadline = Number.POSITIVE_INFINITY;
    return [{ kind: 'done', outcome, ...(reason !== undefined ? { reason } : {}) }];
  }

  line(line: string, now: number): SenderOutput[] {
    if (this.#phase === 'done') return [];
    if (HALTED.test(line))
      return this.#done('failed', { code: 'firmware_stopped', params: { line } });
    if (line.startsWith('Error:')) this.#lastError = line;
    const resend = RESEND.exec(line);
    if (resend) {
      const n = Number(resend[1]);
      const copies = this.#copies;
      const garbled = /checksum/i.test(this.#lastError);
      this.#lastError = '';
      if (copies && n === copies.n + 1 && !garbled) {
        copies.due -= 1;
        if (copies.due <= 0) this.#copies = undefined;
        // A copy of a line Marlin had already answered, refused while we sent the next: ignore
        // the request and its `ok` (the line in flight gets its own).
        if (this.#inFlight === n) {
          this.#swallowOks += 1;
          return [];
        }
      }
      // Everything before n was accepted; n and after are to be sent again.
      if (n >= 2) this.#progress.ackedThrough(n - 2);
      this.#resendFrom = n;
      this.#deadline = now + this.#okTimeoutMs;
      return [];
    }
    const action = ACTION.exec(line);
    if (action) {
      const word = action[1] as string;
      if (word.startsWith('pause')) return this.pause(now);
      if (word.startsWith('resume')) return this.resume(now);
      return this.#cancelled({ code: 'cancelled_on_machine' });
    }
    if (ALIVE.test(line)) {
      this.#deadline = now + this.#okTimeoutMs;
      return [];
    }
    if (!/^ok\b/.test(line) || this.#inFlight === undefined) return [];
    // Marlin answers in order: the preamble's `ok`s come before the first numbered line's.
    if (this.#preambleOks > 0) {
      this.#preambleOks -= 1;
      return [];
    }
    if (this.#swallowOks > 0) {
      this.#swallowOks -= 1;
      return [];
    }
    // The copies' answers come before this line's (Marlin reads in order): none is left once a
    // line after the re-sent one is answered.
    if (this.#copies && this.#inFlight > this.#copies.n) this.#copies = undefined;
    let next: number;
    if (this.#resendFrom !== undefined) {
      next = this.#resendFrom;
      this.#resendFrom = undefined;
    } else {
      if (this.#inFlight >= 1) this.#progress.ackedThrough(this.#inFlight - 1);
      next = this.#inFlight + 1;
    }
    if (this.#command(next) === undefined) return this.#done('completed');
    this.#inFlight = undefined;
    this.#next = next;
    this.#deadline = Number.POSITIVE_INFINITY;
    return this.#phase === 'paused' ? [] : this.#send(next, now);
  }

  tick(now: number): SenderOutput[] {
    if (this.#phase === 'done' || now < this.#deadline) return [];
    // No answer: the line (or Marlin's request to resend) was lost. Say it again.
    this.#progress.timeouts += 1;
    const n = this.#resendFrom ?? this.#inFlight;
    this.#resendFrom = undefined;
    if (n === undefined) return [];
    this.#copies = { n, due: this.#copies?.n === n ? this.#copies.due + 1 : 1 };
    return this.#send(n, now);
  }

  pause(_now: number): SenderOutput[] {
    if (this.#phase === 'streaming') this.#phase = 'paused';
    return [];
  }

  resume(now: number): SenderOutput[] {
    if (this.#phase !== 'paused') return [];
    this.#phase = 'streaming';
    // The line in flight when paused gets its own `ok`; else nothing is waiting: send on.
    return this.#inFlight === undefined ? this.#send(this.#next, now) : [];
  }

  cancel(_now: number, why?: string): SenderOutput[] {
    return this.#cancelled(
      why === undefined ? { code: 'cancelled' } : { code: 'cancelled_by', params: { why } },
    );
  }

  #cancelled(reason: JobEndReason): SenderOutput[] {
    if (this.#phase === 'done') return [];
    return [
      { kind: 'write', data: 'M108\nM410\nM104 S0\nM140 S0\nM107\n' },
      ...this.#done('cancelled', reason),
    ];
  }
}
