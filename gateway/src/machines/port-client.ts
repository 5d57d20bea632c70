/**
 * Someone else talking to a machine through the gateway's port: a job sender streaming G-code, or
 * a pass-through bridge for desktop software (LightBurn, a G-code sender on a laptop). The gateway
 * keeps the port (reopening resets many boards) and keeps monitoring: the client sees every line
 * the machine sends, the runner still parses them all.
 *
 * While a client is attached the runner sends only realtime polls (GRBL's `?`): a line command's
 * `ok` would be counted by the client's flow control as the answer to one of its own lines. Marlin
 * has no realtime command, so its polling pauses; temperatures keep coming when it autoreports.
 * @module
 */

export interface PortClient {
  /** Who holds the port, for the status page and the refusals: `job-sender`, `lightburn@10.0.0.7`. */
  readonly name: string;
  /** Every line the machine sends while the client is attached, without its end of line. */
  onLine(line: string): void;
  /** The client lost the port (cable pulled, gateway stopping); `release()` is not needed after. */
  onDetach(reason: string): void;
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
