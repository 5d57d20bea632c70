/**
 * A Marlin 2.x-like printer on the device end of a pty: boot banner, `M115` with capabilities,
 * `M105` / `M155` temperature reports, `M109` / `M190` waits with `busy:` keepalives, `M27` /
 * `M27 S<n>` SD progress, SD prints (`M23`/`M24`, or `startJob()` as from the printer's screen)
 * with a heating phase, and faults: kill, thermal runaway, garbage, hang, disconnect.
 * Every line gets its `ok`; unknown ones `echo:Unknown command: "…"` first, as Marlin does.
 * Reference: https://marlinfw.org/docs/gcode/ and Marlin's `M115.cpp`, `cardreader.cpp`.
 * @module
 */
import { SerialDevice, type DeviceOptions, type JobOutcome } from '../device.js';

interface Heater {
  actual: number;
  target: number;
}

export type MarlinState = 'idle' | 'heating' | 'printing' | 'halted';

export interface MarlinSimulatorOptions extends DeviceOptions {
  /** `prusa`: a Prusa MK3S (its M115 identity, M73 answers with progress and time left). */
  readonly flavour?: 'marlin' | 'prusa';
  /** Room temperature the heaters cool down to (°C, default 21). */
  readonly ambient?: number;
}

const ROOM = 21;
/** Marlin's host keepalive: `busy:` every 2 s while a command blocks. */
const KEEPALIVE_MS = 2000;

const MARLIN_CAPS = [
  'SERIAL_XON_XOFF:0',
  'BINARY_FILE_TRANSFER:0',
  'EEPROM:1',
  'VOLUMETRIC:1',
  'AUTOREPORT_POS:0',
  'AUTOREPORT_TEMP:1',
  'PROGRESS:0',
  'PRINT_JOB:1',
  'AUTOLEVEL:0',
  'RUNOUT:0',
  'Z_PROBE:0',
  'LEVELING_DATA:0',
  'BUILD_PERCENT:0',
  'SOFTWARE_POWER:0',
  'TOGGLE_LIGHTS:0',
  'CASE_LIGHT_BRIGHTNESS:0',
  'EMERGENCY_PARSER:1',
  'HOST_ACTION_COMMANDS:1',
  'PROMPT_SUPPORT:0',
  'SDCARD:1',
  'REPEAT:0',
  'SD_WRITE:1',
  'AUTOREPORT_SD_STATUS:1',
  'LONG_FILENAME:0',
  'EXTENDED_M20:0',
  'THERMAL_PROTECTION:1',
  'MOTION_MODES:0',
  'ARCS:1',
  'BABYSTEPPING:0',
  'CHAMBER_TEMPERATURE:0',
  'COOLER_TEMPERATURE:0',
  'MEATPACK:0',
];

/** Commands a print's G-code is full of: accepted with a bare `ok`. */
const PLAIN_OK = new Set([
  'G0',
  'G1',
  'G2',
  'G3',
  'G4',
  'G21',
  'G28',
  'G29',
  'G90',
  'G91',
  'G92',
  'M17',
  'M18',
  'M73',
  'M75',
  'M76',
  'M77',
  'M82',
  'M83',
  'M84',
  'M106',
  'M107',
  'M108',
  'M110',
  'M117',
  'M118',
  'M201',
  'M203',
  'M204',
  'M205',
  'M220',
  'M221',
  'M400',
  'M410',
  'M500',
  'M501',
]);

export class MarlinSimulator extends SerialDevice {
  readonly flavour: 'marlin' | 'prusa';
  readonly ambient: number;
  readonly hotend: Heater;
  readonly bed: Heater;
  halted = false;
  #state: MarlinState = 'idle';
  #line = '';
  #file: { name: string; size: number } | undefined;
  #print:
    | {
        name: string;
        size: number;
        done: number;
        durationMs: number;
        elapsedMs: number;
        phase: 'heating' | 'printing';
        /** Paused by `M25`: the byte count stops, nothing else is said. */
        paused: boolean;
        stop: () => void;
      }
    | undefined;
  /** Marlin's `gcode_LastN`: the last numbered line accepted (`M110 N` sets it). */
  #lastN = 0;
  /** Noise on the line: the next numbered line arrives with a byte flipped. */
  #garbleNext = false;
  /** The next numbered line is lost on the way, end of line and all: Marlin never hears it. */
  #dropNext = false;
  #stopTempReport: (() => void) | undefined;
  #stopSdReport: (() => void) | undefined;
  #stopWait: (() => void) | undefined;
  #stopThermal: (() => void) | undefined;
  /** A filament change under way: the `busy: paused for user` keepalive while the user is awaited. */
  #stopChange: (() => void) | undefined;

  constructor(options: MarlinSimulatorOptions) {
    super(options);
    this.flavour = options.flavour ?? 'marlin';
    this.ambient = options.ambient ?? ROOM;
    this.hotend = { actual: this.ambient + 0.3, target: 0 };
    this.bed = { actual: this.ambient - 0.2, target: 0 };
  }

  get state(): MarlinState {
    return this.#state;
  }

  get printing(): boolean {
    return this.#print !== undefined;
  }

  /** Bytes read so far and file size of the running SD print. */
  get progress(): { done: number; size: number } | undefined {
    return this.#print ? { done: Math.floor(this.#print.done), size: this.#print.size } : undefined;
  }

  #setState(state: MarlinState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }

  protected boot(): void {
    // The heaters move toward their targets (or the room) with a little noise.
    this.#stopThermal?.();
    this.#stopThermal = this.every(250, () => this.#thermal());
    if (this.flavour === 'prusa') return this.send('start', 'echo: 3.13.2-7080', 'echo:SD card ok');
    this.send(
      'start',
      'echo:Marlin 2.1.2.1',
      '',
      'echo: Last Updated: 2023-06-27 | Author: (Manufacto sim)',
      'echo: Compiled: Nov 22 2026',
      'echo: Free Memory: 3213  PlannerBufferBytes: 1488',
      'echo:V86 stored settings retrieved (701 bytes; crc 40212)',
      'echo:  G21    ; Units in mm (mm)',
      'echo:; Steps per unit:',
      'echo: M92 X80.00 Y80.00 Z400.00 E93.00',
      'echo:; Hotend PID:',
      'echo: M301 P22.20 I1.08 D114.00',
      'echo:SD card ok',
    );
  }

  #thermal(): void {
    for (const h of [this.hotend, this.bed]) {
      const goal = h.target > 0 ? h.target : this.ambient;
      const rate = h === this.hotend ? 0.12 : 0.05;
      h.actual += (goal - h.actual) * rate + (Math.random() - 0.5) * 0.2;
    }
  }

  #temps(): string {
    const f = (n: number) => n.toFixed(2);
    const power = (h: Heater, max: number) =>
      h.target <= 0 ? 0 : h.actual < h.target - 2 ? max : Math.round(max * 0.35);
    return `T:${f(this.hotend.actual)} /${f(this.hotend.target)} B:${f(this.bed.actual)} /${f(this.bed.target)} @:${power(this.hotend, 127)} B@:${power(this.bed, 127)}`;
  }

  #sdStatus(): string {
    return this.#print
      ? `SD printing byte ${Math.floor(this.#print.done)}/${this.#print.size}`
      : 'Not SD printing';
  }

  /** Noise on the wire: the next numbered line the host sends arrives with one byte wrong. */
  garbleNextLine(): void {
    this.#garbleNext = true;
  }

  /** The next numbered line vanishes on the wire: no error, no `ok` (the host must time out). */
  dropNextLine(): void {
    this.#dropNext = true;
  }

  /** A host action line as Marlin prints it (`//action:pause`); Prusa firmware writes `// action:`. */
  hostAction(action: string): void {
    this.send(`${this.flavour === 'prusa' ? '// ' : '//'}action:${action}`);
  }

  /**
   * The filament sensor sees the end of the filament mid-print. Prusa firmware cuts the print where
   * it is and queues M600 itself, saying only that (fsensor.cpp `fsensor_checkpoint_print`,
   * cmdqueue.cpp `Enqueing to the front`; Prusa-Firmware #2847); Marlin with
   * `FILAMENT_RUNOUT_SCRIPT "M600"` says `//action:paused` (Marlin #18209). Both then wait for the
   * user with `busy: paused for user` every 2 s, the byte count standing still.
   */
  filamentRunout(): void {
    const print = this.#print;
    if (!print || this.#stopChange) return;
    print.paused = true;
    if (this.flavour === 'prusa')
      this.send('fsensor_checkpoint_print', 'echo:Enqueing to the front: "M600"');
    else this.send('//action:paused');
    this.send('echo:busy: paused for user');
    this.#stopChange = this.every(KEEPALIVE_MS, () => this.send('echo:busy: paused for user'));
  }

  /** The user loaded new filament and confirmed: the print goes on (Marlin says `//action:resumed`). */
  filamentChanged(): void {
    if (!this.#stopChange) return;
    this.#stopChange();
    this.#stopChange = undefined;
    if (this.#print) this.#print.paused = false;
    if (this.flavour !== 'prusa') this.send('//action:resumed');
  }

  /** The printer's menu: "Pause print" (as `M25`). */
  pauseFromMenu(): void {
    if (this.#print) this.#print.paused = true;
  }

  protected override rebooting(): void {
    this.#finish('failed');
    this.halted = false;
    this.#stopTempReport = this.#stopSdReport = this.#stopWait = undefined;
    this.#lastN = 0;
    this.#stopThermal = undefined;
  }

  /**
   * Marlin's line-number and checksum check (`GCodeQueue::get_serial_commands`): `N<n> … *<xor>`
   * must carry the next number and the XOR of the bytes before `*`; otherwise `Error:` with the
   * last good line, `Resend:` the one expected, and `ok`. Returns the command to run, or null.
   */
  #checkLine(raw: string): string | null {
    const numbered = /^N(\d+)\s*(.*?)(?:\*(\d+))?$/.exec(raw);
    if (!numbered) {
      const reset = /^M0*110\s+N(\d+)/i.exec(raw);
      if (reset) this.#lastN = Number(reset[1]);
      return raw;
    }
    if (this.#dropNext) {
      this.#dropNext = false;
      return null;
    }
    let text = raw;
    if (this.#garbleNext) {
      this.#garbleNext = false;
      const at = Math.min(text.length - 1, text.indexOf(' ') + 1);
      text = `${text.slice(0, at)}${String.fromCharCode(text.charCodeAt(at) ^ 0x04)}${text.slice(at + 1)}`;
    }
    const m = /^N(\d+)\s*(.*?)(?:\*(\d+))?$/.exec(text) ?? numbered;
    const n = Number(m[1]);
    const body = m[2] ?? '';
    const resend = (error: string) => {
      this.send(`Error:${error}, Last Line: ${this.#lastN}`, `Resend: ${this.#lastN + 1}`, 'ok');
      return null;
    };
    if (m[3] === undefined) return resend('No Checksum with line number');
    const star = text.lastIndexOf('*');
    let xor = 0;
    for (let i = 0; i < star; i += 1) xor ^= text.charCodeAt(i);
    if (xor !== Number(m[3])) return resend('checksum mismatch');
    if (/^M0*110(?!\d)/i.test(body)) {
      this.#lastN = n;
      return body;
    }
    if (n !== this.#lastN + 1) return resend('Line Number is not Last Line Number+1');
    this.#lastN = n;
    return body;
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
    // Line numbers and checksums (N12 M105*34) are checked as Marlin does; comments dropped.
    const checked = this.#checkLine(raw);
    if (checked === null) return;
    const line = checked.replace(/;.*$/, '').trim();
    if (line) this.emit('accepted', line);
    if (!line) return this.send('ok');
    const [word = '', ...args] = line.split(/\s+/);
    const code = word.toUpperCase().replace(/^([GM])0*(\d)/, '$1$2');
    const arg = (letter: string) => {
      const a = args.find((x) => x.toUpperCase().startsWith(letter));
      return a === undefined ? undefined : a.slice(1);
    };
    switch (code) {
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
          'FIRMWARE_NAME:Marlin 2.1.2.1 (Nov 22 2026 10:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Manufacto Sim EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff',
          ...MARLIN_CAPS.map((c) => `Cap:${c}`),
          'ok',
        );
      case 'M105':
        return this.send(`ok ${this.#temps()}`);
      case 'M155': {
        const s = Number(arg('S') ?? 0);
        this.#stopTempReport?.();
        // Autoreport lines start with a space and carry no "ok".
        this.#stopTempReport =
          s > 0 ? this.every(s * 1000, () => this.send(` ${this.#temps()}`)) : undefined;
        return this.send('ok');
      }
      case 'M27': {
        const s = arg('S');
        if (s === undefined) return this.send(this.#sdStatus(), 'ok');
        this.#stopSdReport?.();
        // Marlin's SD autoreport says "Not SD printing" too when nothing prints.
        this.#stopSdReport =
          Number(s) > 0
            ? this.every(Number(s) * 1000, () => this.send(this.#sdStatus()))
            : undefined;
        return this.send('ok');
      }
      case 'M20':
        return this.send(
          'Begin file list',
          'BENCHY.GCO 1822031',
          'SUPPOR~1.GCO 912345',
          'End file list',
          'ok',
        );
      case 'M21':
        return this.send('echo:SD card ok', 'ok');
      case 'M23': {
        const name = args.join(' ') || 'print.gco';
        this.#file = { name, size: 180_000 + name.length * 1000 };
        return this.send(
          `echo:Now fresh file: ${name}`,
          `File opened: ${name} Size: ${this.#file.size}`,
          'File selected',
          'ok',
        );
      }
      case 'M24':
        if (this.#print?.paused) this.#print.paused = false;
        else if (this.#file) this.#run(this.#file.name, 60, this.#file.size, false);
        return this.send('ok');
      case 'M25':
        // Pauses the SD print: the byte count stops; Marlin says nothing (no //action without
        // ACTION_ON_PAUSE), M27 still answers "SD printing byte" with the frozen count.
        if (this.#print) this.#print.paused = true;
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
      case 'M109':
      case 'M190': {
        const heater = code === 'M109' ? this.hotend : this.bed;
        heater.target = Number(arg('S') ?? arg('R') ?? heater.target);
        return this.#waitFor(heater);
      }
      case 'M114':
        return this.send('X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0', 'ok');
      case 'M31':
        return this.send('echo:Print time: 0s', 'ok');
      case 'M112':
        return this.kill();
      default:
        if (PLAIN_OK.has(code)) return this.send('ok');
        return this.send(`echo:Unknown command: "${line}"`, 'ok');
    }
  }

  /** `M109` / `M190`: blocks with `busy:` keepalives and temperature lines, then `ok`. */
  #waitFor(heater: Heater): void {
    this.#stopWait?.();
    let elapsed = 0;
    const stop = this.every(1000, () => {
      elapsed += 1000;
      this.send(` ${this.#temps()} W:?`);
      if (elapsed % KEEPALIVE_MS === 0) this.send('echo:busy: processing');
      if (heater.target <= 0 || Math.abs(heater.actual - heater.target) < 1.5) {
        stop();
        this.#stopWait = undefined;
        this.send('ok');
      }
    });
    this.#stopWait = stop;
  }

  /** Starts an SD print as if chosen on the printer's screen: heat, print, done. */
  startJob({
    name = 'BENCHY.GCO',
    durationS = 60,
  }: {
    name?: string;
    durationS?: number;
  } = {}): void {
    const size = 150_000 + Math.round(durationS * 1000);
    this.#run(name, durationS, size, true);
  }

  #run(name: string, durationS: number, size: number, announce: boolean): void {
    if (this.#print || this.halted || this.disconnected) return;
    if (announce)
      this.send(
        `echo:Now fresh file: ${name}`,
        `File opened: ${name} Size: ${size}`,
        'File selected',
      );
    const step = 200;
    const stop = this.every(step, () => this.#tick(step));
    this.#print = {
      name,
      size,
      done: 0,
      durationMs: durationS * 1000,
      elapsedMs: 0,
      phase: 'heating',
      paused: false,
      stop,
    };
    // The file's start G-code: M140 S60, M104 S215, M190, M109.
    this.hotend.target = 215;
    this.bed.target = 60;
    this.#setState('heating');
    this.emit('job-started', { name });
  }

  #tick(step: number): void {
    const print = this.#print;
    if (!print || print.paused) return;
    print.elapsedMs += step;
    if (print.phase === 'heating') {
      // Heating is sped up (seconds, not minutes), still climbing with noise.
      this.hotend.actual = Math.min(
        this.hotend.target + 0.4,
        this.hotend.actual + 7 + (Math.random() - 0.5) * 1.5,
      );
      this.bed.actual = Math.min(
        this.bed.target + 0.3,
        this.bed.actual + 2.5 + (Math.random() - 0.5) * 0.6,
      );
      if (print.elapsedMs % 1000 === 0) this.send(` ${this.#temps()} W:?`);
      if (print.elapsedMs % KEEPALIVE_MS === 0) this.send('echo:busy: processing');
      if (this.hotend.actual >= this.hotend.target - 1 && this.bed.actual >= this.bed.target - 1) {
        print.phase = 'printing';
        this.#setState('printing');
      }
      return;
    }
    print.done = Math.min(
      print.size,
      print.done + (print.size * step) / Math.max(print.durationMs, step),
    );
    // Prusa prints its M73 answer as PrusaSlicer's G-code sends M73 along the print.
    if (this.flavour === 'prusa' && Math.floor((print.done / print.size) * 100) % 10 === 0) {
      const percent = Math.floor((print.done / print.size) * 100);
      const minutes = Math.round(
        (((print.size - print.done) / print.size) * print.durationMs) / 60_000,
      );
      this.send(
        `NORMAL MODE: Percent done: ${percent}; print time remaining in mins: ${minutes}`,
        `SILENT MODE: Percent done: ${percent}; print time remaining in mins: ${minutes}`,
      );
    }
    if (print.done >= print.size) {
      const s = Math.round(print.elapsedMs / 1000);
      this.send(
        'Done printing file',
        `echo:Print time: ${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ${s % 60}s`,
      );
      this.#finish('completed');
    }
  }

  #finish(outcome: JobOutcome): void {
    const print = this.#print;
    if (!print) return;
    this.#stopChange?.();
    this.#stopChange = undefined;
    print.stop();
    this.#print = undefined;
    this.#file = undefined;
    this.hotend.target = 0;
    this.bed.target = 0;
    if (!this.halted) this.#setState('idle');
    this.emit('job-finished', { name: print.name, outcome });
  }

  /** `Error:Printer halted. kill() called!`: everything stops until `reset()`. */
  kill(): void {
    this.send('Error:Printer halted. kill() called!');
    this.#halt();
  }

  /** Heater 0 does not follow its target: Marlin's thermal protection halts the printer. */
  thermalRunaway(): void {
    this.send(
      'Error:Thermal Runaway, system stopped! Heater_ID: 0',
      'Error:Printer halted. kill() called!',
    );
    this.#halt();
  }

  #halt(): void {
    this.halted = true;
    this.#finish('failed');
    this.hotend.target = 0;
    this.bed.target = 0;
    this.#stopTempReport?.();
    this.#stopSdReport?.();
    this.#stopWait?.();
    this.#stopTempReport = this.#stopSdReport = this.#stopWait = undefined;
    this.#setState('halted');
  }

  /** The reset button: reboot banner, a killed printer works again, autoreports are off. */
  reset(): void {
    this.#finish('failed');
    this.halted = false;
    this.#stopTempReport?.();
    this.#stopSdReport?.();
    this.#stopWait?.();
    this.#stopTempReport = this.#stopSdReport = this.#stopWait = undefined;
    this.#setState('idle');
    this.boot();
  }

  override async disconnect(): Promise<void> {
    this.#finish('failed');
    await super.disconnect();
  }
}

export async function startMarlinSimulator(
  options: MarlinSimulatorOptions,
): Promise<MarlinSimulator> {
  return new MarlinSimulator(options).open();
}
