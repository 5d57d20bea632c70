/**
 * What every simulator shares: the device end of a serial port, a clock that can run faster than
 * real time, timers cleared on stop, and fault injection (garbage, hang).
 * @module
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';

export interface DeviceOptions {
  /** The device end of a pty pair (`openPtyPair().devicePath`). */
  readonly path: string;
  /** Simulated seconds per real second: 10 runs a 60-s job in 6 s. */
  readonly speed?: number;
}

export type JobOutcome = 'completed' | 'cancelled' | 'failed';

export interface SimulatorEvents {
  'job-started': [{ name: string }];
  'job-finished': [{ name: string; outcome: JobOutcome }];
  state: [string];
  command: [string];
}

export abstract class SerialDevice extends EventEmitter<SimulatorEvents> {
  protected readonly port: SerialPort;
  protected readonly speed: number;
  #timers = new Set<NodeJS.Timeout>();
  #hung = false;
  #stopped = false;

  protected constructor(options: DeviceOptions) {
    super();
    this.speed = options.speed ?? 1;
    this.port = new SerialPort({ path: options.path, baudRate: 115200, autoOpen: false });
    this.port.on('data', (chunk: Buffer) => {
      if (!this.#hung) this.receive(chunk.toString('latin1'));
    });
    // The host going away (pty closed) is not our error.
    this.port.on('error', () => undefined);
  }

  /** Opens the port and says hello. */
  async open(): Promise<this> {
    await new Promise<void>((resolve, reject) => this.port.open((e) => (e ? reject(e) : resolve())));
    this.boot();
    return this;
  }

  protected abstract receive(data: string): void;
  protected abstract boot(): void;

  protected send(...lines: string[]): void {
    if (this.#hung || this.#stopped || !this.port.isOpen) return;
    this.port.write(lines.map((l) => `${l}\r\n`).join(''));
  }

  /** `ms` of simulated time. */
  protected after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) fn();
    }, ms / this.speed);
    this.#timers.add(timer);
  }

  protected every(ms: number, fn: () => void): () => void {
    const timer = setInterval(() => {
      if (!this.#stopped) fn();
    }, ms / this.speed);
    this.#timers.add(timer);
    return () => {
      clearInterval(timer);
      this.#timers.delete(timer);
    };
  }

  /** Bytes that are not a protocol: noise on the line, a half line, a NUL. */
  garbage(): void {
    if (!this.port.isOpen) return;
    this.port.write(Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x0d, 0x0a]));
    this.port.write('\x00\x01garbled \xfe line\r\n<Idle|MPos:0.0');
    this.port.write('00,1.2\r\n');
  }

  /** Stops answering anything, as a crashed firmware does; `unhang()` undoes it. */
  hang(): void {
    this.#hung = true;
  }

  unhang(): void {
    this.#hung = false;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.removeAllListeners();
    if (this.port.isOpen) await new Promise<void>((r) => this.port.close(() => r()));
  }
}
