/**
 * A GRBL 1.1-like laser or CNC controller on the device end of a pty: banner, realtime `?`
 * status reports following GRBL's rules (WCO and Ov only every 10 reports or on change, `A:` only
 * while an accessory is on), `$I`, `$$`, `$G`, `$X`, `$H`, feed hold `!`, resume `~`, soft reset
 * Ctrl-X, G-code lines answered `ok`, a job runner playing a program as a sender would stream it,
 * and faults: alarms, door, garbage, hang.
 * Protocol: https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md
 * @module
 */
import { SerialDevice, type DeviceOptions, type JobOutcome } from '../device.js';

export interface GrblSimulatorOptions extends DeviceOptions {
  readonly machine?: 'laser' | 'cnc';
  readonly variant?: 'grbl' | 'grblhal' | 'fluidnc' | 'smoothieware';
}

type State = 'Idle' | 'Run' | 'Hold' | 'Door' | 'Alarm' | 'Home' | 'Jog';

const BANNERS = {
  grbl: "Grbl 1.1h ['$' for help]",
  grblhal: "GrblHAL 1.1f ['$' or '$HELP' for help]",
  fluidnc: "Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]",
  smoothieware: 'Smoothie',
} as const;

export class GrblSimulator extends SerialDevice {
  readonly machine: 'laser' | 'cnc';
  readonly variant: 'grbl' | 'grblhal' | 'fluidnc' | 'smoothieware';
  state: State = 'Idle';
  substate = 0;
  readonly mpos = [0, 0, 0];
  wco = [0, 0, 0];
  feed = 0;
  power = 0;
  #reports = 0;
  #wcoChanged = true;
  #line = '';
  #job: { name: string; remainingMs: number; stop: () => void } | undefined;
  #heldState: State | undefined;

  constructor(options: GrblSimulatorOptions) {
    super(options);
    this.machine = options.machine ?? 'laser';
    this.variant = options.variant ?? 'grbl';
  }

  get settings(): Record<number, string> {
    const laser = this.machine === 'laser';
    return { 0: '10', 1: '25', 10: '1', 11: '0.010', 13: '0', 20: '0', 21: '0', 22: '1', 30: laser ? '1000' : '24000', 31: '0', 32: laser ? '1' : '0', 110: '5000', 111: '5000', 112: '500', 130: '600', 131: '400', 132: '100' };
  }

  protected boot(): void {
    this.send('', BANNERS[this.variant]);
  }

  protected receive(data: string): void {
    for (const ch of data) {
      if (ch === '?') this.#report();
      else if (ch === '!') this.hold();
      else if (ch === '~') this.resume();
      else if (ch === '\x18') this.#softReset();
      else if (ch === '\n' || ch === '\r') {
        const line = this.#line.trim();
        this.#line = '';
        if (line) this.#command(line);
      } else this.#line += ch;
    }
  }

  #setState(state: State, substate = 0): void {
    this.state = state;
    this.substate = substate;
    this.emit('state', state);
  }

  #report(): void {
    this.#reports += 1;
    if (this.variant === 'smoothieware') {
      const f = (n: number) => n.toFixed(3);
      const wpos = this.mpos.map((v, i) => v - (this.wco[i] ?? 0));
      return this.send(`<${this.state},MPos:${this.mpos.map(f).join(',')},WPos:${wpos.map(f).join(',')}>`);
    }
    const f = (n: number) => n.toFixed(3);
    const fields = [`${this.state === 'Hold' || this.state === 'Door' ? `${this.state}:${this.substate}` : this.state}`, `MPos:${this.mpos.map(f).join(',')}`];
    if (this.variant !== 'grbl') fields.push('Bf:35,1024');
    fields.push(`FS:${Math.round(this.feed)},${Math.round(this.power)}`);
    if (this.#wcoChanged || this.#reports % 10 === 0) {
      fields.push(`WCO:${this.wco.map(f).join(',')}`);
      this.#wcoChanged = false;
    } else if (this.#reports % 10 === 5) fields.push('Ov:100,100,100');
    if (this.power > 0 && (this.state === 'Run' || this.machine === 'cnc')) fields.push('A:S');
    this.send(`<${fields.join('|')}>`);
  }

  #command(line: string): void {
    this.emit('command', line);
    if (line === 'version' && this.variant === 'smoothieware') {
      return this.send('Build version: edge-9fac8fc, Build date: Mar 21 2023 10:24:49, MCU: LPC1768, System Clock: 100MHz', '  CNC Build 3 axis', 'ok');
    }
    if (line === '$I') {
      if (this.variant === 'grblhal') return this.send('[VER:1.1f.20230125:]', '[OPT:VNMSL,35,1024,3,0]', '[FIRMWARE:grblHAL]', 'ok');
      if (this.variant === 'fluidnc') return this.send('[VER:3.7 FluidNC v3.7.8:]', '[OPT:PHS]', 'ok');
      return this.send('[VER:1.1h.20190830:]', '[OPT:VL,15,128]', 'ok');
    }
    if (line === '$$') return this.send(...Object.entries(this.settings).map(([k, v]) => `$${k}=${v}`), 'ok');
    if (line === '$G') return this.send(`[GC:G0 G54 G17 G21 G90 G94 ${this.power > 0 ? 'M3' : 'M5'} M9 T0 F${Math.round(this.feed)} S${Math.round(this.power)}]`, 'ok');
    if (line === '$X') {
      if (this.state === 'Alarm') {
        this.#setState('Idle');
        return this.send('[MSG:Caution: Unlocked]', 'ok');
      }
      return this.send('ok');
    }
    if (line === '$H') {
      this.#setState('Home');
      this.after(3000, () => {
        this.mpos.fill(0);
        this.#setState('Idle');
        this.send('ok');
      });
      return;
    }
    if (line.startsWith('$')) return this.send(/^\$\d+=/.test(line) ? 'ok' : 'error:3');
    if (this.state === 'Alarm') return this.send('error:9');
    // A G-code line: understand just enough (S, F, M3/M5) to move the reports.
    const s = /S(\d+(?:\.\d+)?)/i.exec(line);
    const fr = /F(\d+(?:\.\d+)?)/i.exec(line);
    if (fr) this.feed = Number(fr[1]);
    if (/M[34]\b/i.test(line) && s) this.power = Number(s[1]);
    if (/M5\b/i.test(line)) this.power = 0;
    this.send('ok');
  }

  /** Plays a program as if a sender streamed it: Run, moving, beam or spindle on, then Idle. */
  startJob({ name = 'job.nc', durationS = 30 }: { name?: string; durationS?: number } = {}): void {
    if (this.#job || this.state === 'Alarm') return;
    const laser = this.machine === 'laser';
    let t = 0;
    const tickMs = 100;
    const stop = this.every(tickMs, () => {
      const job = this.#job;
      if (!job || this.state !== 'Run') return;
      t += tickMs;
      job.remainingMs -= tickMs;
      // A zigzag over a 200 × 150 mm sheet.
      this.mpos[0] = 100 + 90 * Math.sin(t / 2000);
      this.mpos[1] = 75 + 60 * Math.sin(t / 7000);
      this.mpos[2] = laser ? 0 : -2;
      this.feed = laser ? 3000 : 1200;
      this.power = laser ? 600 : 12000;
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
    if (outcome === 'completed') this.#setState('Idle');
    this.emit('job-finished', { name: job.name, outcome });
  }

  hold(): void {
    if (this.state !== 'Run') return;
    this.#heldState = this.state;
    this.feed = 0;
    this.#setState('Hold', 0);
  }

  resume(): void {
    if ((this.state === 'Hold' || this.state === 'Door') && this.#heldState) {
      this.#heldState = undefined;
      this.#setState('Run');
    }
  }

  /** The safety door opens (lasers have one): motion stops, beam off. */
  door(): void {
    if (this.state !== 'Run' && this.state !== 'Idle') return;
    this.#heldState = 'Run';
    this.#setState('Door', 1);
    this.power = 0;
  }

  /** `ALARM:n`: everything stops; `$X` (or `clearAlarm`) unlocks. */
  alarm(code = 1): void {
    if (this.variant === 'smoothieware') this.send('Limit switch min_x was hit - reset or M999 required', '!!');
    else this.send(`ALARM:${code}`);
    this.#endJob('failed');
    this.feed = 0;
    this.power = 0;
    this.#setState('Alarm');
  }

  clearAlarm(): void {
    if (this.state === 'Alarm') this.#setState('Idle');
  }

  #softReset(): void {
    const moving = this.state === 'Run';
    this.#endJob('cancelled');
    this.feed = 0;
    this.power = 0;
    this.#heldState = undefined;
    this.send('', BANNERS[this.variant]);
    if (moving) {
      this.#setState('Alarm');
      this.send("[MSG:'$H'|'$X' to unlock]");
    } else this.#setState('Idle');
  }
}

export async function startGrblSimulator(options: GrblSimulatorOptions): Promise<GrblSimulator> {
  return new GrblSimulator(options).open();
}
