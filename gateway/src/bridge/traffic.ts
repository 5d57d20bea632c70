/**
 * What passes through the bridge, watched (pure: bytes and the clock in, decisions out):
 *
 * - **Is a job running?** A client streaming G-code (moves, heating, spindle or laser commands)
 *   is running a job, whatever the firmware says: Marlin printing from a host reports nothing of
 *   it (issue 16, defect 8). The job lasts while lines are sent or unanswered, and ends
 *   `idleMs` after the last one was answered: a sender between two files is not a new job each
 *   second. Queries (`M105`, `M114`, `$G`, `?`) are not a job.
 * - **Whose status report is it?** (GRBL) The client's `?` each get one `<…>` report; while the
 *   client does not poll, the gateway polls for the wall and those reports are kept out of the
 *   client's stream — a sender that did not ask is not shown what it did not ask for.
 * @module
 */

/** Lines that ask and change nothing: not a job. Marlin: M105, M114, M115, M27, M155, M119, M503, M31; GRBL: `$…` settings and reports. */
const QUERY =
  /^(?:M0*(?:105|114|115|27|155|119|503|31|20|21|110|111|117|118)\b|\$|\[|N\d+\s+M0*110\b)/i;

/** Longest wait for one answer still counted as the job's (a long heating, a slow move). */
const STALE_MS = 15 * 60_000;

export interface TrafficOptions {
  /** A job ends this long after the last line was answered (ms). */
  readonly idleMs?: number;
  /** The client counts as polling while its last `?` is this recent (ms). */
  readonly pollingMs?: number;
}

export class BridgeTraffic {
  readonly #idleMs: number;
  readonly #pollingMs: number;
  #partial = '';
  /** Lines the client sent that the firmware has not answered yet. */
  #unanswered = 0;
  #lastWorkAt: number | undefined;
  #jobLines = 0;
  #active = false;
  /** The client's `?` not answered yet. */
  #askedReports = 0;
  #lastPollAt = Number.NEGATIVE_INFINITY;

  constructor(options: TrafficOptions = {}) {
    this.#idleMs = options.idleMs ?? 10_000;
    this.#pollingMs = options.pollingMs ?? 2000;
  }

  /** Bytes from the client (as written to the machine). */
  fromClient(data: string, now: number): void {
    for (const ch of data) {
      if (ch === '?') {
        this.#askedReports += 1;
        this.#lastPollAt = now;
      } else if (ch === '\n' || ch === '\r') {
        const line = this.#partial.trim();
        this.#partial = '';
        if (!line) continue;
        this.#unanswered += 1;
        if (!QUERY.test(line)) {
          this.#jobLines += 1;
          this.#lastWorkAt = now;
          this.#active = true;
        }
      } else if (ch.charCodeAt(0) >= 0x20 && this.#partial.length < 256) this.#partial += ch;
    }
  }

  /**
   * A line from the machine. Returns whether the client should see it: everything but a status
   * report it did not ask for while the gateway polls.
   */
  fromMachine(line: string, now: number): boolean {
    if (/^ok\b|^error:/i.test(line) && this.#unanswered > 0) {
      this.#unanswered -= 1;
      if (this.#active) this.#lastWorkAt = now;
    }
    if (line.startsWith('<') && line.endsWith('>')) {
      if (this.#askedReports > 0) {
        this.#askedReports -= 1;
        return true;
      }
      return this.clientPolls(now);
    }
    return true;
  }

  /** Whether the client polls the machine itself (then the gateway does not). */
  clientPolls(now: number): boolean {
    return now - this.#lastPollAt < this.#pollingMs;
  }

  /** The gateway's own `?` go out while the client does not poll. */
  gatewayPolls(now: number): boolean {
    return !this.clientPolls(now);
  }

  /** Whether a job runs through the bridge now; false again `idleMs` after its last answer. */
  jobActive(now: number): boolean {
    if (!this.#active) return false;
    // A line still unanswered (a heating wait) keeps the job on, but not for ever: an answer
    // lost in a reset must not leave a job running all night.
    if (this.#unanswered > 0 && now - (this.#lastWorkAt ?? now) < STALE_MS) return true;
    if (now - (this.#lastWorkAt ?? now) >= this.#idleMs) {
      this.#active = false;
      this.#jobLines = 0;
    }
    return this.#active;
  }

  /** Job lines sent in the current job. */
  get jobLines(): number {
    return this.#jobLines;
  }
}
