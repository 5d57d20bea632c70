import { describe, expect, it } from 'vitest';
import type { ProfileNotice } from '../profile.js';
import { fluidncProfile } from '../fluidnc/profile.js';
import { grblhalProfile } from '../grblhal/profile.js';
import { smoothiewareProfile } from '../smoothieware/profile.js';
import { grblProfile, type GrblModel } from './profile.js';

function run(lines: string[], profile = grblProfile) {
  let model: GrblModel = profile.initialModel();
  const notices: ProfileNotice[] = [];
  for (const [i, line] of lines.entries()) {
    const r = profile.reduce(model, profile.parse(line), 1_000_000 + i * 1000);
    model = r.model;
    notices.push(...r.notices);
  }
  return { model, notices, snapshot: profile.snapshot(model) };
}

const outcomes = (notices: ProfileNotice[]) => notices.filter((n) => n.type === 'job_outcome');

describe('GRBL profile: jobs', () => {
  it('keeps one job across a feed hold and resume, and ends it quietly back at Idle', () => {
    const lines = [
      '<Idle|MPos:0,0,0|FS:0,0>',
      '<Run|MPos:1,0,0|FS:100,0>',
      '<Hold:0|MPos:1,0,0|FS:0,0>',
      '<Run|MPos:2,0,0|FS:100,0>',
    ];
    const during = run(lines);
    expect(during.snapshot).toMatchObject({ state: 'running', jobActive: true });
    const after = run([...lines, '<Idle|MPos:0,0,0|FS:0,0>']);
    expect(after.snapshot).toMatchObject({ state: 'idle', jobActive: false });
    expect(after.notices).toEqual([]);
  });

  it('ends the job as completed at [MSG:Pgm End] (M2/M30), without waiting for the grace period', () => {
    // [MSG:Pgm End]: https://github.com/gnea/grbl/blob/master/doc/markdown/interface.md (feedback messages)
    const { notices, snapshot } = run([
      '<Run|MPos:1,0,0|FS:100,0>',
      '[MSG:Pgm End]',
      '<Idle|MPos:0,0,0|FS:0,0>',
    ]);
    expect(outcomes(notices)).toEqual([{ type: 'job_outcome', outcome: 'completed' }]);
    expect(snapshot).toMatchObject({ state: 'idle', jobActive: false });
    // FluidNC says it at its INFO level (FluidNC/src/Report.cpp: Message::ProgramEnd).
    expect(
      outcomes(
        run(['<Run|MPos:1,0,0|FS:100,0>', '[MSG:INFO: Program End]'], fluidncProfile).notices,
      ),
    ).toEqual([{ type: 'job_outcome', outcome: 'completed' }]);
    // M30 typed at the console with no job under way ends nothing.
    expect(outcomes(run(['<Idle|MPos:0,0,0|FS:0,0>', '[MSG:Pgm End]']).notices)).toEqual([]);
  });

  it('maps hold and door to paused with their detail, the job still under way', () => {
    expect(run(['<Run|MPos:1,0,0>', '<Hold:1|MPos:1,0,0>']).snapshot).toMatchObject({
      state: 'paused',
      detail: 'hold',
      jobActive: true,
    });
    expect(run(['<Run|MPos:1,0,0>', '<Door:2|MPos:1,0,0>']).snapshot).toMatchObject({
      state: 'paused',
      detail: 'door',
      jobActive: true,
    });
  });

  it('does not count a jog, a homing cycle or a check-mode run as a job', () => {
    expect(run(['<Jog|MPos:1,0,0|FS:100,0>']).snapshot).toMatchObject({
      state: 'idle',
      detail: 'jogging',
      jobActive: false,
    });
    expect(run(['<Home|MPos:1,0,0|FS:100,0>']).snapshot).toMatchObject({
      state: 'preparing',
      detail: 'homing',
      jobActive: false,
    });
    expect(run(['<Check|MPos:1,0,0|FS:0,0>']).snapshot).toMatchObject({
      state: 'idle',
      detail: 'checking',
      jobActive: false,
    });
    expect(run(['<Sleep|MPos:1,0,0|FS:0,0>']).snapshot).toMatchObject({
      state: 'idle',
      detail: 'sleeping',
    });
  });

  it('ends a job interrupted by an alarm as failed, with the alarm in French', () => {
    const { notices, snapshot } = run([
      '<Run|MPos:1,0,0|FS:100,1000|Ov:100,100,100|A:S>',
      'ALARM:1',
      '<Alarm|MPos:1,0,0|FS:0,0>',
    ]);
    expect(notices).toEqual([
      {
        type: 'alarm',
        severity: 'error',
        code: 'ALARM:1',
        message: expect.stringContaining('Hard limit'),
      },
      {
        type: 'job_outcome',
        outcome: 'failed',
        reason: expect.stringMatching(/^Alarme 1 : fin de course/),
      },
    ]);
    expect(snapshot).toMatchObject({
      state: 'error',
      detail: 'alarm',
      reason: expect.stringMatching(/^Alarme 1/),
      spindleOn: false,
      jobActive: false,
    });
  });

  it('ends a job as failed when only the Alarm report is seen (the ALARM line was missed)', () => {
    expect(outcomes(run(['<Run|MPos:1,0,0>', '<Alarm|MPos:1,0,0>']).notices)).toEqual([
      { type: 'job_outcome', outcome: 'failed', reason: 'alarme' },
    ]);
  });

  it('calls a held job that ends in a reset cancelled: new banner, Reset to continue, or Idle without resuming', () => {
    const cancelled = [{ type: 'job_outcome', outcome: 'cancelled', reason: expect.any(String) }];
    expect(
      outcomes(
        run(['<Run|MPos:1,0,0>', '<Hold:0|MPos:1,0,0>', "Grbl 1.1h ['$' for help]"]).notices,
      ),
    ).toEqual(cancelled);
    expect(outcomes(run(['<Run|MPos:1,0,0>', '[MSG:Reset to continue]']).notices)).toEqual(
      cancelled,
    );
    expect(
      outcomes(run(['<Run|MPos:1,0,0>', '<Door:0|MPos:1,0,0>', '<Idle|MPos:1,0,0>']).notices),
    ).toEqual(cancelled);
    expect(
      outcomes(
        run(['<Run|MPos:1,0,0>', '<Hold:0|MPos:1,0,0>', '<Run|MPos:1,0,0>', '<Idle|MPos:1,0,0>'])
          .notices,
      ),
    ).toEqual([]);
  });

  it('reports error:N as a warning with the firmware’s own text, and leaves the job running', () => {
    const { notices, snapshot } = run(['<Run|MPos:1,0,0>', 'error:22']);
    expect(notices).toEqual([
      {
        type: 'alarm',
        severity: 'warning',
        code: 'error:22',
        message: 'Error 22: Feed rate not set',
      },
    ]);
    expect(snapshot.jobActive).toBe(true);
  });
});

describe('GRBL profile: fields GRBL leaves out', () => {
  it('keeps the last work offset: a report without WCO is not a zero offset', () => {
    const { snapshot } = run(['<Idle|MPos:10,10,0|WCO:5,5,0>', '<Idle|MPos:12,10,0>']);
    expect(snapshot.metrics).toMatchObject({ pos_x_mm: 7, pos_y_mm: 5 });
  });

  it('publishes no work position from MPos until a WCO is known, rather than a wrong one', () => {
    expect(run(['<Idle|MPos:12,10,0|FS:0,0>']).snapshot.metrics).not.toHaveProperty('pos_x_mm');
  });

  it('keeps the last overrides: a report without Ov does not reset them', () => {
    const { snapshot } = run(['<Run|MPos:0,0,0|FS:0,0|Ov:120,100,80>', '<Run|MPos:1,0,0|FS:0,0>']);
    expect(snapshot.metrics).toMatchObject({ feed_override_pct: 120, spindle_override_pct: 80 });
  });

  it('reads the accessories only in reports that carry Ov: (A: comes only with it)', () => {
    const on = ['<Run|MPos:0,0,0|FS:0,0|Ov:100,100,100|A:S>'];
    expect(run([...on, '<Run|MPos:1,0,0|FS:0,0>']).snapshot.spindleOn).toBe(true);
    expect(run([...on, '<Run|MPos:1,0,0|FS:0,0|Ov:100,100,100>']).snapshot.spindleOn).toBe(false);
  });

  it('forgets WCO and overrides at a reset, since GRBL sends them again in its first reports', () => {
    const { model } = run([
      '<Idle|MPos:0,0,0|WCO:1,1,1|Ov:50,100,100>',
      "Grbl 1.1h ['$' for help]",
    ]);
    expect(model.wco).toBeUndefined();
    expect(model.overrides).toBeUndefined();
  });

  it('publishes SD progress only while the job runs from the card', () => {
    expect(
      run(['<Run|MPos:0,0,0|FS:0,0|SD:12.5,/sd/a.nc>'], fluidncProfile).snapshot.metrics
        .progress_pct,
    ).toBe(12.5);
    expect(
      run(['<Run|MPos:0,0,0|FS:0,0|SD:12.5,/sd/a.nc>', '<Run|MPos:0,0,0|FS:0,0>'], fluidncProfile)
        .snapshot.metrics,
    ).not.toHaveProperty('progress_pct');
  });
});

describe('GRBL profile: laser and spindle', () => {
  const laser = ['$32=1', '$30=1000'];

  it('counts the beam on in laser mode only while running with power', () => {
    expect(run([...laser, '<Run|MPos:0,0,0|FS:800,500>']).snapshot).toMatchObject({
      beamOn: true,
      metrics: { laser_power_pct: 50 },
    });
    expect(run([...laser, '<Run|MPos:0,0,0|FS:800,0>']).snapshot).toMatchObject({ beamOn: false });
    expect(run([...laser, '<Hold:0|MPos:0,0,0|FS:0,500>']).snapshot).toMatchObject({
      beamOn: false,
    });
    expect(run([...laser, '<Run|MPos:0,0,0|FS:800,0|Ov:100,100,100|A:S>']).snapshot).toMatchObject({
      beamOn: true,
    });
  });

  it('omits the laser power until $30 is known, and never publishes rpm for a laser', () => {
    const { snapshot } = run(['$32=1', '<Run|MPos:0,0,0|FS:800,500>']);
    expect(snapshot.metrics).not.toHaveProperty('laser_power_pct');
    expect(snapshot.metrics).not.toHaveProperty('spindle_rpm');
  });

  it('reports the spindle of a router from A: or from S > 0', () => {
    expect(run(['<Run|MPos:0,0,0|FS:800,12000>']).snapshot).toMatchObject({
      spindleOn: true,
      metrics: { spindle_rpm: 12000 },
    });
    expect(run(['<Idle|MPos:0,0,0|FS:0,0|Ov:100,100,100|A:C>']).snapshot).toMatchObject({
      spindleOn: true,
    });
    expect(run(['<Idle|MPos:0,0,0|FS:0,0>']).snapshot).toMatchObject({ spindleOn: false });
  });

  it('spindle on means M3/M4 in force, not S > 0: FluidNC reports the programmed S after M5', () => {
    // After M5 FluidNC still says FS:0,12000; the Ov: report has no A:, $G says M5.
    const afterM5 = run(
      [
        '<Run|MPos:0,0,0|FS:800,12000|Ov:100,100,100|A:S>',
        '<Idle|MPos:0,0,0|FS:0,12000|Ov:100,100,100>',
        '<Idle|MPos:0,0,0|FS:0,12000>',
      ],
      fluidncProfile,
    );
    expect(afterM5.snapshot).toMatchObject({ spindleOn: false });
    // Before any Ov: report, $G's modal state decides.
    expect(
      run(['[GC:G0 G54 G17 G21 G90 G94 M5 M9 T0 F0 S12000]', '<Idle|MPos:0,0,0|FS:0,12000>'])
        .snapshot,
    ).toMatchObject({ spindleOn: false });
    expect(
      run(['[GC:G1 G54 G17 G21 G90 G94 M3 M9 T0 F800 S12000]', '<Run|MPos:0,0,0|FS:800,12000>'])
        .snapshot,
    ).toMatchObject({ spindleOn: true });
  });

  it('keeps the alarm and its reason across the reset that follows it, until a report says otherwise', () => {
    const lines = [
      '<Run|MPos:1,0,0|FS:100,0>',
      'ALARM:1',
      '',
      "Grbl 1.1h ['$' for help]",
      "[MSG:'$H'|'$X' to unlock]",
    ];
    const states = lines.map((_, i) => run(lines.slice(0, i + 1)).snapshot);
    for (const snapshot of states.slice(1)) {
      expect(snapshot.state).toBe('error');
      expect(snapshot.reason).toContain('fin de course');
    }
    expect(run([...lines, '<Alarm|MPos:0,0,0|FS:0,0>']).snapshot.reason).toBe(states[1]?.reason);
    expect(
      run([...lines, '[MSG:Caution: Unlocked]', '<Idle|MPos:0,0,0|FS:0,0>']).snapshot,
    ).toMatchObject({ state: 'idle' });
  });

  it('keeps the settings across a reset: they live in EEPROM', () => {
    expect(run([...laser, "Grbl 1.1h ['$' for help]"]).model.settings).toEqual({
      laserMode: true,
      maxSpindle: 1000,
    });
  });
});

describe('GRBL family: identification, code tables, polling', () => {
  it('has its own alarm table per firmware: ALARM:10 is an E-stop in grblHAL, a spindle fault in FluidNC', () => {
    expect(run(['ALARM:10']).snapshot.reason).toMatch(/axe double/);
    expect(run(['ALARM:10'], grblhalProfile).snapshot.reason).toMatch(/arrêt d’urgence/);
    expect(run(['ALARM:10'], fluidncProfile).snapshot.reason).toMatch(/broche/);
    expect(run(['error:50'], grblhalProfile).notices[0]).toMatchObject({
      code: 'error:50',
      message: 'Error 50: E-stop active',
    });
  });

  it('identifies each variant by its banner, most specific first', () => {
    expect(grblProfile.identify("GrblHAL 1.1f ['$' or '$HELP' for help]")).toBeNull();
    expect(grblhalProfile.identify("GrblHAL 1.1f ['$' or '$HELP' for help]")).toEqual({
      profile: 'grblhal',
      firmware: 'grblHAL 1.1f',
    });
    expect(fluidncProfile.identify("Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]")).toEqual({
      profile: 'fluidnc',
      firmware: 'FluidNC 3.7.8',
    });
    expect(grblProfile.identify("Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]")).toBeNull();
    expect(grblProfile.identify("Grbl 1.1h ['$' for help]")).toEqual({
      profile: 'grbl',
      firmware: 'Grbl 1.1h',
    });
    expect(smoothiewareProfile.identify('Smoothie')).toEqual({
      profile: 'smoothieware',
      firmware: 'Smoothieware',
    });
    expect(grblProfile.identify('Smoothie')).toBeNull();
  });

  it('tells the variants apart from their $I answer when the banner was missed', () => {
    expect(grblProfile.identify('[VER:1.1h.20190830:]')).toEqual({
      profile: 'grbl',
      firmware: 'Grbl 1.1h',
    });
    expect(grblProfile.identify('[VER:1.1f.20230125:]')).toBeNull();
    expect(grblhalProfile.identify('[FIRMWARE:grblHAL]')).toEqual({
      profile: 'grblhal',
      firmware: 'grblHAL',
    });
    expect(fluidncProfile.identify('[VER:3.7 FluidNC v3.7.8:]')).toEqual({
      profile: 'fluidnc',
      firmware: 'FluidNC 3.7.8',
    });
    expect(grblProfile.identify('[VER:3.7 FluidNC v3.7.8:]')).toBeNull();
  });

  it('polls with the realtime ? every tick and asks the parser state every 25 ticks', () => {
    const model = grblProfile.initialModel();
    expect(grblProfile.poll(model, { tick: 0 })).toEqual([{ command: '?', realtime: true }]);
    expect(grblProfile.poll(model, { tick: 24 })).toEqual([
      { command: '?', realtime: true },
      { command: '$G' },
    ]);
    expect(grblProfile.poll(model, { tick: 49 })).toEqual([
      { command: '?', realtime: true },
      { command: '$G' },
    ]);
  });

  it('asks for the settings dump once identified, and says how to talk to the board', () => {
    expect(grblProfile.setup(undefined)).toEqual(['$$']);
    expect(smoothiewareProfile.setup(undefined)).toEqual([]);
    expect(grblProfile).toMatchObject({
      identifyCommand: '$I',
      eol: '\n',
      defaultBaud: 115200,
      bannerTimeoutMs: 2500,
      resetsOnOpen: true,
      jobEndGraceMs: 15_000,
    });
    expect(grblhalProfile.resetsOnOpen).toBe(false);
    expect(fluidncProfile.resetsOnOpen).toBe(true);
  });

  it('never throws in reduce or snapshot, whatever line comes', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = [
      '<Run|',
      '<Alarm|',
      '<Hold:',
      '<Idle|',
      'MPos:1,2,3',
      '|WCO:',
      '|FS:1,2',
      '|A:S',
      '|Ov:1,2',
      'ALARM:',
      'error:',
      '$32=',
      '>',
      '\u0000',
      'Grbl 1.1h [',
      '[MSG:',
    ];
    let model = grblProfile.initialModel();
    for (let i = 0; i < 2000; i += 1) {
      const line = Array.from(
        { length: 1 + Math.floor(rand() * 6) },
        () => pieces[Math.floor(rand() * pieces.length)],
      ).join('');
      model = grblProfile.reduce(model, grblProfile.parse(line), i).model;
      expect(() => grblProfile.snapshot(model)).not.toThrow();
    }
  });
});

describe('vendor banners and truncated lines (issue 16, defect 12)', () => {
  it("identifies an Ortur board by its greeting, before GRBL's banner (LaserWeb4 #612)", () => {
    expect(grblProfile.identify('Ortur Laser Master 2 Ready!')).toEqual({
      profile: 'grbl',
      firmware: 'Ortur Laser Master 2',
      capabilities: { VENDOR: 'Ortur' },
    });
    expect(grblProfile.parse('OLF 137.')).toMatchObject({ kind: 'vendor', version: 'OLF 137' });
    expect(grblhalProfile.identify('Ortur Laser Master 2 Ready!')).toBeNull();
  });

  it('identifies FluidNC from a VER line that lost its first byte (GRBL-Plotter #328)', () => {
    expect(fluidncProfile.identify('VER:3.6 FluidNC v3.6.5-pre4:]')).toEqual({
      profile: 'fluidnc',
      firmware: 'FluidNC 3.6.5-pre4',
    });
    expect(fluidncProfile.parse('[VER:3.7 FluidNC v3.7.8')).toMatchObject({
      kind: 'version',
      version: '3.7 FluidNC v3.7.8',
    });
  });

  it("reads grblHAL's $$=<n> heading as help text, and leaves GRBL's own lines alone", () => {
    expect(grblhalProfile.parse('$14: Invert control pins as bitfield:')).toMatchObject({
      kind: 'noise',
      topic: 'setting-help',
    });
    expect(grblhalProfile.parse('$14=78')).toMatchObject({ kind: 'setting', id: 14 });
    expect(grblhalProfile.parse("GrblHAL 1.1f ['$' or '$HELP' for help]").kind).toBe('banner');
    expect(grblhalProfile.parse('ALARM:1').kind).toBe('alarm');
    expect(grblProfile.parse('Inverts the control signals (active low).').kind).toBe('unknown');
  });
});
