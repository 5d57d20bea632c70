/**
 * A GRBL 1.1-like laser or CNC controller on the device end of a pty: banner, realtime `?`
 * status reports following GRBL 1.1h's rules (WCO and Ov only every 10–30 reports or after a
 * change, `A:` with Ov and only while an accessory is on), `$I`, `$$`, `$G`, `$#`, `$X`, `$H`,
 * `$C`, feed hold `!` (Hold:1 then Hold:0), cycle start `~`, soft reset Ctrl-X (`ALARM:3` if it
 * was moving), G-code lines answered `ok` (`error:9` while alarmed), a job runner playing a
 * program as a sender would stream it, and faults: alarms, door, garbage, hang, disconnect.
 * Protocol: https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md
 * @module
 */
import { SerialDevice, type DeviceOptions, type JobOutcome } from '../device.js';

export interface GrblSimulatorOptions extends DeviceOptions {
  readonly machine?: 'laser' | 'cnc';
  readonly variant?: 'grbl' | 'grblhal' | 'fluidnc' | 'smoothieware';
  /**
   * A vendor's board on GRBL: `ortur` greets as an Ortur Laser Master 2 does, its model and
   * firmware (OLF) before GRBL 1.1f's banner (LaserWeb4 #612).
   */
  readonly vendor?: 'ortur';
  /**
   * GRBL's serial receive buffer, as on the real board: G-code lines wait in it (`rxBytes`, 128 on
   * an Arduino) and leave one every `lineMs` of simulated time (the planner taking them as the
   * motion goes), each answered `ok` then; a byte that finds it full is lost (`overflows`), as
   * on the real firmware. Realtime bytes skip it. Off: every line is answered at once.
   */
  readonly rxBuffer?: {
    readonly rxBytes?: number;
    readonly lineMs?: number;
    /** Lines taken each `lineMs` (a fast machine on short moves). */
    readonly linesPerTick?: number;
  };
}

export type GrblState =
  | 'Idle'
  | 'Run'
  | 'Hold'
  | 'Door'
  | 'Alarm'
  | 'Home'
  | 'Jog'
  | 'Check'
  | 'Sleep';
type State = GrblState;

const BANNERS = {
  grbl: "Grbl 1.1h ['$' for help]",
  grblhal: "GrblHAL 1.1f ['$' or '$HELP' for help]",
  fluidnc: "Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]",
  smoothieware: 'Smoothie',
} as const;

export class GrblSimulator extends SerialDevice {
  readonly machine: 'laser' | 'cnc';
  readonly variant: 'grbl' | 'grblhal' | 'fluidnc' | 'smoothieware';
  readonly vendor: 'ortur' | undefined;
  state: State = 'Idle';
  substate = 0;
  readonly mpos = [0, 0, 0];
  wco = [0, 0, 0];
  feed = 0;
  power = 0;
  flood = false;
  mist = false;
  doorOpen = false;
  #reports = 0;
  #wcoCounter = 0;
  #ovrCounter = 0;
  #ccw = false;
  /** M3/M4 in force (M5 clears it): an S word then sets the power; without it, S is only remembered. */
  #spindleEnabled = false;
  #line = '';
  #programmedFeed = 0;
  /** The last S word: FluidNC reports it in `FS:` even after M5 (the others report the speed in force). */
  #programmedS = 0;
  #garbleReport = false;
  #job: { name: string; remainingMs: number; stop: () => void } | undefined;
  #heldState: State | undefined;
  readonly #rx:
    | { readonly bytes: number; readonly lineMs: number; readonly burst: number }
    | undefined;
  /** Received and not yet taken: whole lines and the start of the next. */
  #rxQueue = '';
  #draining: (() => void) | undefined;
  /** Bytes lost because the receive buffer was full (a sender that does not count characters). */
  overflows = 0;

  constructor(options: GrblSimulatorOptions) {
    super(options);
    this.machine = options.machine ?? 'laser';
    this.variant = options.variant ?? 'grbl';
    this.vendor = options.vendor;
    this.#rx = options.rxBuffer
      ? {
          bytes: options.rxBuffer.rxBytes ?? 128,
          lineMs: options.rxBuffer.lineMs ?? 2,
          burst: options.rxBuffer.linesPerTick ?? 1,
        }
      : undefined;
  }

  get settings(): Record<number, string> {
    const laser = this.machine === 'laser';
    return {
      0: '10',
      1: '25',
      10: '1',
      11: '0.010',
      13: '0',
      20: '0',
      21: '0',
      22: '1',
      30: laser ? '1000' : '24000',
      31: '0',
      32: laser ? '1' : '0',
      110: '5000',
      111: '5000',
      112: '500',
      130: '600',
      131: '400',
      132: '100',
    };
  }

  protected boot(): void {
    this.send('', ...this.#banner());
  }

  /** The lines a reset prints: the variant's banner, after a vendor's own greeting. */
  #banner(): string[] {
    if (this.vendor === 'ortur' && this.variant === 'grbl')
      return ['Ortur Laser Master 2 Ready!', 'OLF 137.', "Grbl 1.1f ['$' for help]"];
    return [BANNERS[this.variant]];
  }

  protected receive(data: string): void {
    for (const ch of data) {
      if (ch === '?') this.#report();
      else if (ch === '!') this.hold();
      else if (ch === '~') this.#cycleStart();
      else if (ch === '\x18') this.#softReset();
      else if (this.#rx) this.#buffer(ch);
      else if (ch === '\n' || ch === '\r') {
        const line = this.#line.trim();
        this.#line = '';
        if (line) {
          this.emit('accepted', line);
          this.#command(line);
        }
      } else this.#line += ch;
    }
  }

  /** One byte into the receive buffer, or lost if it is full. */
  #buffer(ch: string): void {
    const rx = this.#rx as { bytes: number; lineMs: number; burst: number };
    if (ch === '\r') return;
    if (this.#rxQueue.length >= rx.bytes) {
      this.overflows += 1;
      return;
    }
    this.#rxQueue += ch;
    this.#draining ??= this.every(rx.lineMs, () => {
      for (let i = 0; i < rx.burst && this.#draining; i += 1) this.#take();
    });
  }

  /** The planner takes the next whole line (not while held): it runs, `ok` goes back. */
  #take(): void {
    if (this.state === 'Hold' || this.state === 'Door') return;
    const end = this.#rxQueue.indexOf('\n');
    if (end === -1) {
      this.#draining?.();
      this.#draining = undefined;
      if (this.state === 'Run' && !this.#job) this.#setState('Idle');
      return;
    }
    const line = this.#rxQueue.slice(0, end).trim();
    this.#rxQueue = this.#rxQueue.slice(end + 1);
    if (!line) return;
    if (this.state === 'Idle' && /^[GXYZ]/i.test(line)) this.#setState('Run');
    this.emit('accepted', line);
    this.#command(line);
  }

  #setState(state: State, substate = 0): void {
    const wasOn = this.#spindleOn;
    this.state = state;
    this.substate = substate;
    if (wasOn !== this.#spindleOn) this.#accessoriesChanged();
    this.emit('state', state);
  }

  /** Noise on the wire: the next status report loses the comma of its `FS:` field. */
  garbleNextReport(): void {
    this.#garbleReport = true;
  }

  /** How many `?` reports were answered. */
  get reportCount(): number {
    return this.#reports;
  }

  /**
   * GRBL 1.1h `report_realtime_status()`: `WCO:` when its counter runs out (every 10 reports idle,
   * 30 busy) or after a change, which also schedules `Ov:` for the next report; `Ov:` every 10
   * (idle) or 20 (busy) reports or after an accessory change; `A:` only inside an `Ov:` report and
   * only while an accessory is on (in laser mode the beam is on only while moving).
   */
  #report(): void {
    this.#reports += 1;
    const f = (n: number) => n.toFixed(3);
    if (this.variant === 'smoothieware') {
      const wpos = this.mpos.map((v, i) => v - (this.wco[i] ?? 0));
      return this.send(
        `<${this.state},MPos:${this.mpos.map(f).join(',')},WPos:${wpos.map(f).join(',')}>`,
      );
    }
    const busy =
      this.state !== 'Idle' &&
      this.state !== 'Alarm' &&
      this.state !== 'Check' &&
      this.state !== 'Sleep';
    const fields = [
      this.state === 'Hold' || this.state === 'Door'
        ? `${this.state}:${this.substate}`
        : this.state,
      `MPos:${this.mpos.map(f).join(',')}`,
    ];
    if (this.variant !== 'grbl') fields.push('Bf:35,1024');
    const s = this.variant === 'fluidnc' ? Math.max(this.power, this.#programmedS) : this.power;
    let fs = `FS:${Math.round(this.feed)},${Math.round(s)}`;
    // Noise on the line: the comma lost, `FS:400,0` arrives as `FS:4000`.
    if (this.#garbleReport) {
      this.#garbleReport = false;
      fs = fs.replace(',', '');
    }
    fields.push(fs);
    if (this.doorOpen) fields.push('Pn:D');
    if (this.#wcoCounter > 0) this.#wcoCounter -= 1;
    else {
      this.#wcoCounter = busy ? 29 : 9;
      if (this.#ovrCounter === 0) this.#ovrCounter = 1;
      fields.push(`WCO:${this.wco.map(f).join(',')}`);
    }
    if (this.#ovrCounter > 0) this.#ovrCounter -= 1;
    else {
      this.#ovrCounter = busy ? 19 : 9;
      fields.push('Ov:100,100,100');
      const accessories = `${this.#spindleOn ? (this.#ccw ? 'C' : 'S') : ''}${this.flood ? 'F' : ''}${this.mist ? 'M' : ''}`;
      if (accessories) fields.push(`A:${accessories}`);
    }
    this.send(`<${fields.join('|')}>`);
  }

  /** Spindle on (CNC) or beam firing (laser mode: only while moving in Run). */
  get #spindleOn(): boolean {
    if (this.power <= 0) return false;
    return this.machine === 'cnc' || this.state === 'Run';
  }

  /** An accessory changed: GRBL shows `Ov:` and `A:` in the next report. */
  #accessoriesChanged(): void {
    this.#ovrCounter = 0;
  }

  /** A work offset changed (`G10`, `G92`): GRBL shows `WCO:` in the next report. */
  #wcoChange(): void {
    this.#wcoCounter = 0;
  }

  #command(line: string): void {
    this.emit('command', line);
    if (line === 'version' && this.variant === 'smoothieware') {
      return this.send(
        'Build version: edge-9fac8fc, Build date: Mar 21 2023 10:24:49, MCU: LPC1768, System Clock: 100MHz',
        '  CNC Build 3 axis',
        'ok',
      );
    }
    if (line === '$I') {
      if (this.variant === 'grblhal')
        return this.send(
          '[VER:1.1f.20230125:]',
          '[OPT:VNMSL,35,1024,3,0]',
          '[FIRMWARE:grblHAL]',
          'ok',
        );
      if (this.variant === 'fluidnc')
        return this.send('[VER:3.7 FluidNC v3.7.8:]', '[OPT:PHS]', 'ok');
      return this.send('[VER:1.1h.20190830:]', '[OPT:VL,15,128]', 'ok');
    }
    if (line === '$$')
      return this.send(...Object.entries(this.settings).map(([k, v]) => `$${k}=${v}`), 'ok');
    if (line === '$G') {
      const spindle = this.#spindleEnabled ? (this.#ccw ? 'M4' : 'M3') : 'M5';
      const coolant = this.flood ? 'M8' : this.mist ? 'M7' : 'M9';
      return this.send(
        `[GC:G0 G54 G17 G21 G90 G94 ${spindle} ${coolant} T0 F${Math.round(this.#programmedFeed)} S${Math.round(this.#programmedS)}]`,
        'ok',
      );
    }
    if (line === '$#') {
      const f = (a: readonly number[]) => a.map((n) => n.toFixed(3)).join(',');
      return this.send(
        `[G54:${f(this.wco)}]`,
        '[G55:0.000,0.000,0.000]',
        '[G28:0.000,0.000,0.000]',
        '[G30:0.000,0.000,0.000]',
        '[G92:0.000,0.000,0.000]',
        '[TLO:0.000]',
        '[PRB:0.000,0.000,0.000:0]',
        'ok',
      );
    }
    if (line === '$X') {
      if (this.state === 'Alarm') {
        this.#setState('Idle');
        return this.send('[MSG:Caution: Unlocked]', 'ok');
      }
      return this.send('ok');
    }
    if (line === '$H') {
      if (this.state !== 'Idle' && this.state !== 'Alarm') return this.send('error:8');
      this.#setState('Home');
      this.after(3000, () => {
        this.mpos.fill(0);
        this.#setState('Idle');
        this.send('ok');
      });
      return;
    }
    if (line === '$C') {
      if (this.state === 'Check') {
        this.#softReset(false);
        return this.send('[MSG:Disabled]', 'ok');
      }
      if (this.state !== 'Idle') return this.send('error:8');
      this.#setState('Check');
      return this.send('[MSG:Enabled]', 'ok');
    }
    if (line === '$SLP') {
      this.#setState('Sleep');
      return this.send('ok', '[MSG:Sleeping]');
    }
    if (line.startsWith('$J=')) return this.send(this.state === 'Alarm' ? 'error:9' : 'ok');
    if (line.startsWith('$')) {
      if (/^\$\d+=/.test(line))
        return this.send(this.state === 'Idle' || this.state === 'Alarm' ? 'ok' : 'error:8');
      if (/^\$N\d?$/.test(line) || line === '$')
        return this.send(
          line === '$'
            ? '[HLP:$$ $# $G $I $N $x=val $Nx=line $J=line $SLP $C $X $H ~ ! ? ctrl-x]'
            : '$N0=',
          'ok',
        );
      return this.send('error:3');
    }
    if (this.state === 'Alarm') return this.send('error:9');
    if (this.state === 'Sleep') return this.send('error:9');
    // A G-code line: understand just enough (S, F, M3/M4/M5, M7/M8/M9, G10/G92) to move the reports.
    const code = line.toUpperCase().replace(/\(.*?\)|;.*$/g, '');
    if (!/^[A-Z]/.test(code.trim())) return code.trim() ? this.send('error:1') : this.send('ok');
    const s = /S(\d+(?:\.\d+)?)/.exec(code);
    if (s) this.#programmedS = Number(s[1]);
    const fr = /F(\d+(?:\.\d+)?)/.exec(code);
    if (fr) this.#programmedFeed = Number(fr[1]);
    const before = `${this.#spindleOn}${this.flood}${this.mist}`;
    if (/M0?[34](?!\d)/.test(code)) {
      this.#ccw = /M0?4(?!\d)/.test(code);
      this.#spindleEnabled = true;
      this.power = Number(s?.[1] ?? this.power);
    } else if (s && this.#spindleEnabled) this.power = Number(s[1]);
    if (/M0?5(?!\d)/.test(code)) {
      this.#spindleEnabled = false;
      this.power = 0;
    }
    if (/M0?7(?!\d)/.test(code)) this.mist = true;
    if (/M0?8(?!\d)/.test(code)) this.flood = true;
    if (/M0?9(?!\d)/.test(code)) this.flood = this.mist = false;
    if (before !== `${this.#spindleOn}${this.flood}${this.mist}`) this.#accessoriesChanged();
    if (/G10|G92/.test(code)) {
      const axis = (letter: string, i: number) => {
        const m = new RegExp(`${letter}(-?\\d+(?:\\.\\d+)?)`).exec(code);
        if (m) this.wco[i] = (this.mpos[i] ?? 0) - Number(m[1]);
      };
      axis('X', 0);
      axis('Y', 1);
      axis('Z', 2);
      this.#wcoChange();
    }
    this.send('ok');
  }

  /**
   * Plays a program as if a sender streamed it: Run, the head moving over the sheet or the stock,
   * beam or spindle on (FS feed and S > 0), then back to Idle.
   */
  startJob({ name = 'job.nc', durationS = 30 }: { name?: string; durationS?: number } = {}): void {
    if (this.#job || this.state === 'Alarm' || this.disconnected) return;
    const laser = this.machine === 'laser';
    let t = 0;
    const tickMs = 100;
    const stop = this.every(tickMs, () => {
      const job = this.#job;
      if (!job || this.state !== 'Run') return;
      t += tickMs;
      job.remainingMs -= tickMs;
      // A zigzag over a 200 × 150 mm sheet (laser) or a pocket 3 mm deep (CNC).
      this.mpos[0] = 100 + 90 * Math.sin(t / 2000);
      this.mpos[1] = 75 + 60 * Math.sin(t / 7000);
      this.mpos[2] = laser ? 0 : -3 + Math.cos(t / 5000);
      this.feed = laser ? 3000 : 1200;
      this.#programmedFeed = this.feed;
      const wasOn = this.#spindleOn;
      this.power = laser ? 600 : 12000;
      this.#programmedS = this.power;
      this.#spindleEnabled = true;
      if (!wasOn) this.#accessoriesChanged();
      if (job.remainingMs <= 0) this.#endJob('completed');
    });
    this.#job = { name, remainingMs: durationS * 1000, stop };
    this.#setState('Run');
    this.emit('job-started', { name });
  }

  get jobRunning(): boolean {
    return this.#job !== undefined;
  }

  #endJob(outcome: JobOutcome): void {
    const job = this.#job;
    if (!job) return;
    job.stop();
    this.#job = undefined;
    this.feed = 0;
    this.power = 0;
    this.#spindleEnabled = false;
    this.#accessoriesChanged();
    // The program ends with M5 and a rapid back to the origin.
    if (outcome === 'completed') {
      this.mpos[2] = 0;
      this.#setState('Idle');
      // The program's M2/M30: GRBL and grblHAL say so once the motion is done, FluidNC at INFO level.
      if (this.variant === 'grbl' || this.variant === 'grblhal') this.send('[MSG:Pgm End]');
      if (this.variant === 'fluidnc') this.send('[MSG:INFO: Program End]');
    }
    this.emit('job-finished', { name: job.name, outcome });
  }

  /** Feed hold (`!`): decelerating (`Hold:1`), then stopped (`Hold:0`). */
  hold(): void {
    if (this.state !== 'Run') return;
    this.#heldState = this.state;
    this.feed = 0;
    this.#setState('Hold', 1);
    this.after(300, () => {
      if (this.state === 'Hold' && this.substate === 1) this.#setState('Hold', 0);
    });
  }

  /**
   * Cycle start (`~`): resumes a hold, or a door stop once the door is closed. Called as a
   * method it is the operator closing the door first.
   */
  resume(): void {
    if (this.state === 'Door' && this.doorOpen) this.closeDoor();
    this.#cycleStart();
  }

  #cycleStart(): void {
    if (this.state === 'Hold' && this.substate === 0 && this.#heldState) {
      this.#heldState = undefined;
      this.#setState('Run');
    } else if (this.state === 'Door' && this.substate === 0) {
      const back = this.#heldState;
      this.#heldState = undefined;
      this.#setState('Door', 3); // restoring
      this.after(500, () => {
        if (this.state === 'Door' && this.substate === 3) this.#setState(back ?? 'Idle');
      });
    }
  }

  /** The safety door opens (lasers have one): motion stops, beam off, `Door:1` until closed. */
  door(): void {
    if (this.state !== 'Run' && this.state !== 'Idle' && this.state !== 'Hold') return;
    if (this.state !== 'Idle') this.#heldState = 'Run';
    this.doorOpen = true;
    this.feed = 0;
    this.#setState('Door', 1);
    this.#accessoriesChanged();
  }

  /** The door is shut again: `Door:0`, waiting for a cycle start (`~`). */
  closeDoor(): void {
    if (!this.doorOpen) return;
    this.doorOpen = false;
    if (this.state === 'Door') this.#setState('Door', 0);
  }

  /** `ALARM:n`: everything stops; `$X` (or `clearAlarm`) unlocks. */
  alarm(code = 1): void {
    if (this.variant === 'smoothieware')
      this.send('Limit switch min_x was hit - reset or M999 required', '!!');
    else this.send(`ALARM:${code}`);
    this.#endJob('failed');
    this.feed = 0;
    this.power = 0;
    this.#spindleEnabled = false;
    this.#heldState = undefined;
    this.#setState('Alarm');
  }

  /** Someone unlocks the machine from the panel (as `$X` would). */
  clearAlarm(): void {
    if (this.state === 'Alarm') this.#setState('Idle');
  }

  protected override rebooting(): void {
    this.#rxQueue = '';
    this.#draining = undefined;
  }

  override async disconnect(): Promise<void> {
    this.#endJob('failed');
    await super.disconnect();
  }

  /** Ctrl-X: motion aborted (`ALARM:3` if it was moving), banner, and still locked if alarmed. */
  #softReset(banner = true): void {
    this.#rxQueue = '';
    this.#draining?.();
    this.#draining = undefined;
    const moving =
      this.state === 'Run' ||
      this.state === 'Jog' ||
      this.state === 'Home' ||
      (this.state === 'Hold' && this.substate === 1);
    this.#endJob('cancelled');
    this.feed = 0;
    this.power = 0;
    this.#spindleEnabled = false;
    this.flood = this.mist = false;
    this.#heldState = undefined;
    this.#wcoCounter = 0;
    this.#ovrCounter = 0;
    const alarmed = moving || this.state === 'Alarm';
    if (moving && this.variant !== 'smoothieware') this.send('ALARM:3');
    if (banner) this.send('', ...this.#banner());
    if (alarmed) {
      this.#setState('Alarm');
      if (banner) this.send("[MSG:'$H'|'$X' to unlock]");
    } else this.#setState(this.doorOpen ? 'Door' : 'Idle', this.doorOpen ? 1 : 0);
  }
}

export async function startGrblSimulator(options: GrblSimulatorOptions): Promise<GrblSimulator> {
  return new GrblSimulator(options).open();
}
