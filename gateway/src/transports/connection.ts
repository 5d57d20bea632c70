/**
 * A line-oriented connection to one machine, whatever carries it. The runner receives a factory,
 * so the same runner drives a socat pty in tests and `/dev/ttyUSB0` in the workshop.
 * @module
 */

export interface LineConnection {
  /** Writes raw bytes (a command with its end of line, or a realtime byte such as GRBL's `?`). */
  write(data: string): Promise<void>;
  /** Every complete line the device sends, without its end-of-line. */
  onLine(listener: (line: string) => void): void;
  /** Called once when the connection is lost or closed, with the reason if it was not asked for. */
  onClose(listener: (error?: Error) => void): void;
  close(): Promise<void>;
  /**
   * Whether the device is still there (its `/dev` node exists). A pulled USB cable removes it even
   * when the driver does not report the hang-up; the runner checks at each poll.
   */
  isPresent?(): boolean;
}

export interface ConnectionTarget {
  readonly path: string;
  readonly baudRate: number;
}

export type ConnectionFactory = (target: ConnectionTarget) => Promise<LineConnection>;
