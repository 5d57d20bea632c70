/**
 * What every simulator shares: the device end of a serial port, a clock that can run faster than
 * real time, timers cleared on stop, and fault injection (garbage, hang).
 * @module
 */
import { EventEmitter } from 'node:events';
import { type DeviceLink, serialLink, type TcpLinkOptions, tcpLink } from './link.js';

export interface DeviceOptions {
  /** The device end of a pty pair (`openPtyPair().devicePath`); or else `listen`. */
  readonly path?: string;
  /** A TCP listener instead of a pty: the host connects to `tcp://127.0.0.1:PORT`. */
  readonly listen?: TcpLinkOptions;
  /** Simulated seconds per real second: 10 runs a 60-s job in 6 s. */
  readonly speed?: number;
  /**
   * The pty pair the device sits on (`openPtyPair()`'s result): `disconnect()` then pulls the
   * cable too, and the host's port node vanishes. Without it, `disconnect()` only closes the
   * device end (socat keeps the host end open: the host hears silence).
   */
  readonly cable?: { stop(): Promise<void> };
  /**
   * How answers leave: `burst` (default) writes all the lines of one answer at once, as real
   * firmware fills its TX buffer (the host reads several lines per read); `line` writes each line
   * on its own, as some USB bridges, emulators and ser2net setups deliver them.
   */
  readonly writes?: 'burst' | 'line';
  /**
   * TCP only: the board restarts when a host connects (as DTR resets an Arduino when the port
   * opens), and its banner comes `bootMs` later. Off by default (FluidNC's telnet does not reset).
   */
  readonly resetOnConnect?: boolean;
  /** Simulated ms from a reset to the banner (a real board boots in 1 to 2 s). */
  readonly bootMs?: number;
}

export type JobOutcome = 'completed' | 'cancelled' | 'failed';

export interface SimulatorEvents {
  'job-started': [{ name: string }];
  'job-finished': [{ name: string; outcome: JobOutcome }];
  /** Marlin: idle, heating, printing, halted; GRBL: its state word (Idle, Run, Hold, Alarm…); both: disconnected. */
  state: [string];
  /** Every line the host sent, as received. */
  command: [string];
  /**
   * A line the firmware took to run: past Marlin's line-number and checksum check (without its
   * `N…*…`), out of GRBL's receive buffer. A job test checks the file arrived once, in order.
   */
  accepted: [string];
  /** Bytes received while hung (and ignored). */
  ignored: [string];
}

export abstract class SerialDevice extends EventEmitter<SimulatorEvents> {
  protected readonly port: DeviceLink;
  readonly #cable: { stop(): Promise<void> } | undefined;
  /** Simulated seconds per real second. */
  readonly speed: number;
  readonly #writes: 'burst' | 'line';
  readonly #resetOnConnect: boolean;
  readonly #bootMs: number;
  #timers = new Set<NodeJS.Timeout>();
  #hung = false;
  #stopped = false;
  #disconnected = false;
  /** Lines sent to the host so far (the gateway bench's per-line figures). */
  linesSent = 0;

  protected constructor(options: DeviceOptions) {
    super();
    this.speed = options.speed ?? 1;
    this.#writes = options.writes ?? 'burst';
    this.#resetOnConnect = options.resetOnConnect ?? false;
    this.#bootMs = options.bootMs ?? 1500;
    this.#cable = options.cable;
    if ((options.path === undefined) === (options.listen === undefined))
      throw new Error('a simulator needs either a pty path or a TCP port to listen on, not both');
    this.port = options.listen ? tcpLink(options.listen) : serialLink(options.path as string);
    this.port.onData((chunk: Buffer) => {
      if (this.#hung) this.emit('ignored', chunk.toString('latin1'));
      else this.receive(chunk.toString('latin1'));
    });
    this.port.onConnect(() => this.hostConnected());
  }

  /**
   * A TCP host connected. FluidNC greets each telnet client with its banner; a ser2net board says
   * nothing (its firmware has not restarted): subclasses choose.
   */
  protected hostConnected(): void {
    if (!this.#resetOnConnect) return;
    this.reboot();
  }

  /** The board restarts: everything it was doing stops, and its banner comes after the boot time. */
  reboot(): void {
    this.clearTimers();
    this.rebooting();
    this.after(this.#bootMs, () => this.boot());
  }

  /** A reboot began: subclasses drop their state (jobs, autoreports). */
  protected rebooting(): void {}

  /** Opens the port and says hello. */
  async open(): Promise<this> {
    await this.port.open();
    this.boot();
    return this;
  }

  protected abstract receive(data: string): void;
  protected abstract boot(): void;

  protected send(...lines: string[]): void {
    if (this.#hung || this.#stopped || !this.port.isOpen) return;
    this.linesSent += lines.length;
    if (this.#writes === 'line') for (const l of lines) this.port.write(`${l}\r\n`);
    else this.port.write(lines.map((l) => `${l}\r\n`).join(''));
  }

  /** Clears every timer (jobs, autoreports): used on stop, disconnect and by resets. */
  protected clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  get hung(): boolean {
    return this.#hung;
  }

  get disconnected(): boolean {
    return this.#disconnected;
  }

  /** `ms` of simulated time. */
  protected after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) fn();
    }, ms / this.speed);
    this.#timers.add(timer);
  }

  /** Every `ms` of simulated time; returns the function that stops it. */
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

  /**
   * The machine drops off the line (USB cable pulled, board browned out): a running job ends as
   * failed, timers stop, the device end of the port closes and, with `cable`, the pty pair goes.
   */
  async disconnect(): Promise<void> {
    if (this.#disconnected || this.#stopped) return;
    this.#disconnected = true;
    this.clearTimers();
    this.emit('state', 'disconnected');
    await this.port.close();
    await this.#cable?.stop();
  }

  /** Clears every timer and closes the port. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.clearTimers();
    this.removeAllListeners();
    await this.port.close();
  }
}
