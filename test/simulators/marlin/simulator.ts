/**
 * A Marlin 2.x-like printer on the device end of a pty: boot banner, `M115` with capabilities,
 * `M105` / `M155` temperature reports, `M27` / `M27 S<n>` SD progress, SD prints (`M23`/`M24`,
 * or `startJob()` as from the printer's screen) with a heating phase and `busy:` keepalives, and
 * faults: kill, thermal runaway, garbage, hang.
 * Reference: https://marlinfw.org/docs/gcode/
 * @module
 */
import { SerialDevice, type DeviceOptions, type JobOutcome } from '../device.js';

interface Heater {
  actual: number;
  target: number;
}

export interface MarlinSimulatorOptions extends DeviceOptions {
  /** `prusa`: a Prusa MK3S (its M115 identity, M73 answers with progress and time left). */
  readonly flavour?: 'marlin' | 'prusa';
}

export class MarlinSimulator extends SerialDevice {
  readonly flavour: 'marlin' | 'prusa';
  readonly hotend: Heater = { actual: 21.3, target: 0 };
  readonly bed: Heater = { actual: 20.8, target: 0 };
  halted = false;
  #line = '';
  #file: { name: string; size: number } | undefined;
  #print: { name: string; size: number; done: number; durationMs: number; phase: 'heating' | 'printing' } | undefined;
  #stopTempReport: (() => void) | undefined;
  #stopSdReport: (() => void) | undefined;
  #stopThermal: () => void;

  constructor(options: MarlinSimulatorOptions) {
    super(options);
    this.flavour = options.flavour ?? 'marlin';
    // The heaters move toward their targets (or the room) with a little noise.
    this.#stopThermal = this.every(250, () => this.#thermal());
  }

  protected boot(): void {
    if (this.flavour === 'prusa') return this.send('start', 'echo: 3.13.2-7080', 'echo:SD card ok');
    this.send('start', 'echo:Marlin 2.1.2.1', 'echo: Last Updated: 2023-06-27 | Author: (Manufacto sim)', 'echo:SD card ok');
  }

  #thermal(): void {
    for (const h of [this.hotend, this.bed]) {
      const goal = h.target > 0 ? h.target : 21;
      const rate = h === this.hotend ? 0.12 : 0.05;
      h.actual += (goal - h.actual) * rate + (Math.random() - 0.5) * 0.2;
    }
  }

  #temps(): string {
    const f = (n: number) => n.toFixed(2);
    return `T:${f(this.hotend.actual)} /${f(this.hotend.target)} B:${f(this.bed.actual)} /${f(this.bed.target)} @:${this.hotend.target > 0 ? 64 : 0} B@:${this.bed.target > 0 ? 127 : 0}`;
  }

  #sdStatus(): string {
    return this.#print ? `SD printing byte ${Math.floor(this.#print.done)}/${this.#print.size}` : 'Not SD printing';
  }

  protected receive(data: string): void {
    for (const ch of data) {
      if (ch === '\n' || ch === '\r') {
        const line = this.#line.trim();
        this.#line = '';
        if (line) this.#command(line);
      } else this.#line += ch;
    }
  }

  #command(raw: string): void {
    this.emit('command', raw);
    if (this.halted) return; // A killed Marlin answers nothing until reset.
    // Line numbers and checksums (N12 M105*34) are accepted, not verified.
    const line = raw.replace(/^N\d+\s+/, '').replace(/\*\d+$/, '');
    const [code = '', ...args] = line.split(/\s+/);
    const arg = (letter: string) => {
      const a = args.find((x) => x.toUpperCase().startsWith(letter));
      return a === undefined ? undefined : a.slice(1);
    };
    switch (code.toUpperCase()) {
      case 'M115':
        if (this.flavour === 'prusa') {
          return this.send(
            'FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000',
            'Cap:AUTOREPORT_TEMP:1',
            'Cap:AUTOREPORT_FANS:1',
            'Cap:EXTENDED_M20:1',
            'ok',
          );
        }
        return this.send(
          'FIRMWARE_NAME:Marlin 2.1.2.1 (Jun 27 2023 12:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Manufacto Sim EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff',
          'Cap:SERIAL_XON_XOFF:0',
          'Cap:BINARY_FILE_TRANSFER:0',
          'Cap:EEPROM:1',
          'Cap:AUTOREPORT_TEMP:1',
          'Cap:AUTOREPORT_SD_STATUS:1',
          'Cap:PROGRESS:0',
          'Cap:PRINT_JOB:1',
          'Cap:HOST_ACTION_COMMANDS:1',
          'ok',
        );
      case 'M105':
        return this.send(`ok ${this.#temps()}`);
      case 'M155': {
        const s = Number(arg('S') ?? 0);
        this.#stopTempReport?.();
        this.#stopTempReport = s > 0 ? this.every(s * 1000, () => this.send(this.#temps())) : undefined;
        return this.send('ok');
      }
      case 'M27': {
        const s = arg('S');
        if (s === undefined) return this.send(this.#sdStatus(), 'ok');
        this.#stopSdReport?.();
        this.#stopSdReport = Number(s) > 0 ? this.every(Number(s) * 1000, () => this.#print && this.send(this.#sdStatus())) : undefined;
        return this.send('ok');
      }
      case 'M23': {
        const name = args.join(' ') || 'print.gco';
        this.#file = { name, size: 180_000 + name.length * 1000 };
        return this.send(`File opened: ${name} Size: ${this.#file.size}`, 'File selected', 'ok');
      }
      case 'M24':
        if (this.#file) this.startJob({ name: this.#file.name, durationS: 60 });
        return this.send('ok');
      case 'M524':
        this.#finish('cancelled');
        return this.send('ok');
      case 'M104':
        this.hotend.target = Number(arg('S') ?? 0);
        return this.send('ok');
      case 'M140':
        this.bed.target = Number(arg('S') ?? 0);
        return this.send('ok');
      case 'M112':
        return this.kill();
      case 'G0': case 'G1': case 'G28': case 'G90': case 'G91': case 'M110': case 'M84': case 'M106': case 'M107':
        return this.send('ok');
      default:
        return this.send(`echo:Unknown command: "${line}"`, 'ok');
    }
  }

  /** Starts an SD print as if chosen on the printer's screen: heat, print, done. */
  startJob({ name = 'BENCHY.GCO', durationS = 60 }: { name?: string; durationS?: number } = {}): void {
    if (this.#print || this.halted) return;
    const size = 150_000 + Math.round(durationS * 1000);
    this.#print = { name, size, done: 0, durationMs: durationS * 1000, phase: 'heating' };
    this.hotend.target = 215;
    this.bed.target = 60;
    this.send(`echo:Now fresh file: ${name}`, `File opened: ${name} Size: ${size}`, 'File selected');
    this.emit('job-started', { name });
    const step = 200;
    const stop = this.every(step, () => {
      const print = this.#print;
      if (!print) return stop();
      if (print.phase === 'heating') {
        this.send('echo:busy: processing');
        // Heating is sped up: a real printer takes minutes.
        this.hotend.actual = Math.min(this.hotend.target, this.hotend.actual + 25);
        this.bed.actual = Math.min(this.bed.target, this.bed.actual + 8);
        if (this.hotend.actual >= this.hotend.target - 1 && this.bed.actual >= this.bed.target - 1) print.phase = 'printing';
        return;
      }
      print.done = Math.min(print.size, print.done + (print.size * step) / print.durationMs);
      // Prusa prints its M73 answer as PrusaSlicer's G-code sends M73 along the print.
      if (this.flavour === 'prusa' && Math.floor(print.done / print.size * 100) % 10 === 0) {
        const percent = Math.floor((print.done / print.size) * 100);
        const minutes = Math.round(((print.size - print.done) / print.size) * print.durationMs / 60_000);
        this.send(`NORMAL MODE: Percent done: ${percent}; print time remaining in mins: ${minutes}`, `SILENT MODE: Percent done: ${percent}; print time remaining in mins: ${minutes}`);
      }
      if (print.done >= print.size) {
        stop();
        this.send('Done printing file', 'echo:Print time: 1h 2m 3s');
        this.#finish('completed');
      }
    });
  }

  get printing(): boolean {
    return this.#print !== undefined;
  }

  #finish(outcome: JobOutcome): void {
    const print = this.#print;
    if (!print) return;
    this.#print = undefined;
    this.hotend.target = 0;
    this.bed.target = 0;
    this.emit('job-finished', { name: print.name, outcome });
  }

  /** `Error:Printer halted. kill() called!`: everything stops until reset. */
  kill(): void {
    this.send('Error:Printer halted. kill() called!');
    this.#halt();
  }

  thermalRunaway(): void {
    this.send('Error:Thermal Runaway, system stopped! Heater_ID: 0', 'Error:Printer halted. kill() called!');
    this.#halt();
  }

  #halt(): void {
    this.#finish('failed');
    this.halted = true;
    this.#stopTempReport?.();
    this.#stopSdReport?.();
  }

  /** The reset button: reboot banner, a killed printer works again. */
  reset(): void {
    this.#finish('failed');
    this.halted = false;
    this.#stopTempReport?.();
    this.#stopSdReport?.();
    this.#stopTempReport = undefined;
    this.#stopSdReport = undefined;
    this.boot();
  }

  override async stop(): Promise<void> {
    this.#stopThermal();
    await super.stop();
  }
}

export async function startMarlinSimulator(options: MarlinSimulatorOptions): Promise<MarlinSimulator> {
  return new MarlinSimulator(options).open();
}
