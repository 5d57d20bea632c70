/**
 * Someone else talking to a machine through the gateway's port: a job sender streaming G-code, or
 * a pass-through bridge for desktop software (LightBurn, a G-code sender on a laptop). The gateway
 * keeps the port (reopening resets many boards) and keeps monitoring: the client hears every line
 * the machine sends, the runner still parses them all.
 *
 * While a client holds the port the runner sends only realtime polls (GRBL's `?`): a line
 * command's `ok` would be counted by the client's flow control as the answer to one of its own
 * lines. For the same reason the port is handed over only once the runner's own line commands
 * have been answered. Marlin has no realtime command, so its polling pauses; temperatures keep
 * coming when it autoreports.
 * @module
 */
import type { LineConnection } from '../transports/connection.js';

export interface PortClient {
  /** Who holds the port, for the status page and "port busy" errors: `job-sender`, `lightburn@…`. */
  readonly name: string;
  /** Every line the machine sends while the client holds the port, without its end of line. */
  onLine(line: string): void;
  /** The client lost the port (cable pulled, gateway stopping); `release()` is not needed after. */
  onDetach(reason: string): void;
  /**
   * The client polls the machine itself (a sender's own GRBL `?`): the runner then sends no poll
   * of its own and reads the client's answers. Asked at every poll tick.
   */
  pollsItself?(): boolean;
}

export interface PortLease {
  /** Raw bytes to the machine: a line with its end of line, or a realtime byte. */
  write(data: string): Promise<void>;
  /** Gives the port back to the runner, which resumes all its polls. */
  release(): void;
}

/** The port cannot be lent now: another client has it, or the machine is not connected. */
export class PortUnavailableError extends Error {
  constructor(
    readonly machine: string,
    readonly why: string,
  ) {
    super(`machine ${machine}: the port cannot be lent (${why})`);
    this.name = 'PortUnavailableError';
  }
}

/** Line commands in raw data: one per line end (realtime bytes such as `?` have none). */
function lineCount(data: string): number {
  let n = 0;
  for (let i = data.indexOf('\n'); i !== -1; i = data.indexOf('\n', i + 1)) n += 1;
  return n;
}

interface Held {
  readonly client: PortClient;
  readonly connection: LineConnection;
  granted: boolean;
}

/** The runner's side of lending: who holds the port, and whether the runner's answers are in. */
export class PortLender {
  readonly #machine: string;
  readonly #log: (line: string) => void;
  #held: Held | undefined;
  /** Line commands the runner sent whose answer (`ok`, `error:`) has not come back yet. */
  #unanswered = 0;
  #answered: (() => void) | undefined;

  constructor(machine: string, log: (line: string) => void) {
    this.#machine = machine;
    this.#log = log;
  }

  /** Who holds the port (or is about to), if anyone. The runner sends no line polls meanwhile. */
  get holder(): string | undefined {
    return this.#held?.client.name;
  }

  /** Whether the holder polls the machine itself (the runner's polls would be in its way). */
  get holderPolls(): boolean {
    const held = this.#held;
    return held?.granted === true && held.client.pollsItself?.() === true;
  }

  /** The runner wrote `count` line commands on this connection. */
  sent(count: number): void {
    this.#unanswered += count;
  }

  /** A new connection: nothing of the old one is awaited. */
  reset(): void {
    this.#unanswered = 0;
  }

  /** A line from the machine; `answer` when it ends the answer to one line command. */
  heard(line: string, answer: boolean): void {
    const held = this.#held;
    // The client's lines are counted when it writes them: their answers count too, or every loan
    // after the first would wait out `settleMs` for answers that came long ago.
    if (held?.granted) held.client.onLine(line);
    if (answer && this.#unanswered > 0) {
      this.#unanswered -= 1;
      if (this.#unanswered === 0) this.#answered?.();
    }
  }

  /**
   * Lends `connection` to `client` once the runner's own commands are answered (at most
   * `settleMs`: a firmware that drops an answer must not keep the client waiting for ever).
   */
  async lend(client: PortClient, connection: LineConnection, settleMs = 2000): Promise<PortLease> {
    if (this.#held)
      throw new PortUnavailableError(this.#machine, `${this.#held.client.name} is using it`);
    const held: Held = { client, connection, granted: false };
    this.#held = held;
    if (this.#unanswered > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settleMs);
        this.#answered = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#answered = undefined;
    }
    if (this.#held !== held)
      throw new PortUnavailableError(this.#machine, 'the port went away meanwhile');
    // Waited out: an answer the firmware never gave must not keep every later lend waiting.
    this.#unanswered = 0;
    held.granted = true;
    this.#log(`${this.#machine}: port lent to ${client.name}`);
    return {
      write: (data) => {
        if (this.#held !== held)
          return Promise.reject(
            new PortUnavailableError(this.#machine, `${client.name} no longer holds it`),
          );
        // The client's lines are answered too: after release, the runner waits for those answers
        // before lending again, and never takes them for its own.
        this.sent(lineCount(data));
        return connection.write(data);
      },
      release: () => {
        if (this.#held !== held) return;
        this.#held = undefined;
        this.#log(`${this.#machine}: port back from ${client.name}`);
      },
    };
  }

  /** The port is gone: the holder is told why. */
  detach(reason: string): void {
    const held = this.#held;
    this.#held = undefined;
    this.#answered?.();
    if (held?.granted) held.client.onDetach(reason);
  }
}
