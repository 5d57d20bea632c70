import { describe, expect, it } from 'vitest';
import { fluidncProfile } from '../fluidnc/profile.js';
import { grblhalProfile } from '../grblhal/profile.js';
import { parseGrblLine } from './matchers.js';
import { grblProfile, type GrblModel } from './profile.js';

function run(lines: string[], profile = grblProfile) {
  let model: GrblModel = profile.initialModel();
  const notices = [];
  for (const [i, line] of lines.entries()) {
    const r = profile.reduce(model, profile.parse(line), 1_000_000 + i * 1000);
    model = r.model;
    notices.push(...r.notices);
  }
  return { model, notices, snapshot: profile.snapshot(model) };
}

describe('GRBL matchers', () => {
  it('reads every field of a status report', () => {
    expect(parseGrblLine('<Run|MPos:5.000,15.000,2.500|Bf:15,128|Ln:99999|FS:500,8000|Ov:100,100,100|A:SFM|Pn:XZ>')).toEqual({
      kind: 'status', raw: '<Run|MPos:5.000,15.000,2.500|Bf:15,128|Ln:99999|FS:500,8000|Ov:100,100,100|A:SFM|Pn:XZ>',
      state: 'Run', mpos: [5, 15, 2.5], buffer: { blocks: 15, bytes: 128 }, line: 99999, feed: 500, spindle: 8000,
      overrides: { feed: 100, rapid: 100, spindle: 100 }, accessories: 'SFM', pins: 'XZ',
    });
  });

  it('reads the substate of Hold and Door', () => {
    expect(parseGrblLine('<Door:3|MPos:0.000,0.000,0.000|FS:0,0>')).toMatchObject({ state: 'Door', substate: 3 });
  });

  it('keeps fields it does not know as raw extras', () => {
    expect(parseGrblLine('<Idle|MPos:0,0,0|H:1,7|MPG:0>')).toMatchObject({ extras: { H: '1,7', MPG: '0' } });
  });

  it('tells GRBL, grblHAL and FluidNC banners apart', () => {
    expect(parseGrblLine("Grbl 1.1h ['$' for help]")).toMatchObject({ kind: 'banner', variant: 'grbl', firmware: 'Grbl 1.1h' });
    expect(parseGrblLine("GrblHAL 1.1f ['$' or '$HELP' for help]")).toMatchObject({ kind: 'banner', variant: 'grblhal' });
    expect(parseGrblLine("Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]")).toMatchObject({ kind: 'banner', variant: 'fluidnc', firmware: 'FluidNC 3.7.8' });
  });

  it('reads the legacy text error form', () => {
    expect(parseGrblLine('error: Invalid gcode ID:24')).toMatchObject({ kind: 'error', code: null, text: 'Invalid gcode ID:24' });
  });

  it('never throws, whatever the bytes, and keeps unknown lines', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i += 1) {
      const line = Array.from({ length: Math.floor(rand() * 80) }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
      const event = parseGrblLine(line);
      expect(event.raw).toBe(line.trim());
    }
    expect(parseGrblLine('<' + '|'.repeat(10_000) + '>').kind).toBe('unknown');
    expect(parseGrblLine('<Run|MPos:a,b,c|FS:x,y>')).toMatchObject({ kind: 'status', state: 'Run' });
  });
});

describe('GRBL profile', () => {
  it('keeps one job across a feed hold and resume, and ends it back at Idle', () => {
    const { notices, snapshot } = run(['<Idle|MPos:0,0,0>', '<Run|MPos:1,0,0|FS:100,0>', '<Hold:0|MPos:1,0,0>', '<Run|MPos:2,0,0>']);
    expect(snapshot).toMatchObject({ state: 'running', jobActive: true });
    expect(notices).toEqual([]);
    expect(run(['<Run|MPos:1,0,0>', '<Idle|MPos:0,0,0>']).snapshot.jobActive).toBe(false);
  });

  it('ends a job interrupted by an alarm as failed, with the alarm in French', () => {
    const { notices, snapshot } = run(['<Run|MPos:1,0,0|FS:100,1000|A:S>', 'ALARM:1']);
    expect(notices).toEqual([
      { type: 'alarm', severity: 'error', code: 'ALARM:1', message: expect.stringContaining('Hard limit') },
      { type: 'job_outcome', outcome: 'failed', reason: expect.stringMatching(/^Alarme 1 : fin de course/) },
    ]);
    expect(snapshot).toMatchObject({ state: 'error', detail: 'alarm', spindleOn: false });
  });

  it('calls a held job that ends in a reset cancelled', () => {
    const { notices } = run(['<Run|MPos:1,0,0>', '<Hold:0|MPos:1,0,0>', "Grbl 1.1h ['$' for help]"]);
    expect(notices).toEqual([{ type: 'job_outcome', outcome: 'cancelled', reason: 'machine réinitialisée' }]);
  });

  it('keeps the last work offset: a report without WCO is not a zero offset', () => {
    const { snapshot } = run(['<Idle|MPos:10,10,0|WCO:5,5,0>', '<Idle|MPos:12,10,0>']);
    expect(snapshot.metrics).toMatchObject({ pos_x_mm: 7, pos_y_mm: 5 });
  });

  it('keeps the last overrides: a report without Ov does not reset them', () => {
    const { snapshot } = run(['<Run|MPos:0,0,0|Ov:120,100,80>', '<Run|MPos:1,0,0>']);
    expect(snapshot.metrics).toMatchObject({ feed_override_pct: 120, spindle_override_pct: 80 });
  });

  it('counts the beam on in laser mode only while running with power', () => {
    const laser = ['$32=1', '$30=1000'];
    expect(run([...laser, '<Run|MPos:0,0,0|FS:800,500>']).snapshot).toMatchObject({ beamOn: true, metrics: { laser_power_pct: 50 } });
    expect(run([...laser, '<Run|MPos:0,0,0|FS:800,0>']).snapshot).toMatchObject({ beamOn: false });
    expect(run([...laser, '<Hold:0|MPos:0,0,0|FS:0,500>']).snapshot).toMatchObject({ beamOn: false });
    expect(run(['<Run|MPos:0,0,0|FS:800,12000|A:S>']).snapshot).toMatchObject({ spindleOn: true, metrics: { spindle_rpm: 12000 } });
  });

  it('has its own alarm table per firmware: ALARM:10 is an E-stop in grblHAL', () => {
    expect(run(['ALARM:10']).snapshot.reason).toMatch(/axe double/);
    expect(run(['ALARM:10'], grblhalProfile).snapshot.reason).toMatch(/arrêt d’urgence/);
  });

  it('identifies each variant by its banner, most specific first', () => {
    expect(grblProfile.identify("GrblHAL 1.1f ['$' or '$HELP' for help]")).toBeNull();
    expect(grblhalProfile.identify("GrblHAL 1.1f ['$' or '$HELP' for help]")).toEqual({ profile: 'grblhal', firmware: 'grblHAL 1.1f' });
    expect(fluidncProfile.identify("Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]")).toEqual({ profile: 'fluidnc', firmware: 'FluidNC 3.7.8' });
    expect(grblProfile.identify("Grbl 1.1h ['$' for help]")).toEqual({ profile: 'grbl', firmware: 'Grbl 1.1h' });
  });

  it('tells the variants apart from their $I answer when the banner was missed', () => {
    expect(grblProfile.identify('[VER:1.1h.20190830:]')).toEqual({ profile: 'grbl', firmware: 'Grbl 1.1h' });
    expect(grblProfile.identify('[VER:1.1f.20230125:]')).toBeNull();
    expect(grblhalProfile.identify('[FIRMWARE:grblHAL]')).toEqual({ profile: 'grblhal', firmware: 'grblHAL' });
    expect(fluidncProfile.identify('[VER:3.7 FluidNC v3.7.8:]')).toEqual({ profile: 'fluidnc', firmware: 'FluidNC 3.7.8' });
    expect(grblProfile.identify('[VER:3.7 FluidNC v3.7.8:]')).toBeNull();
  });

  it('polls with the realtime ? every tick and asks the parser state now and then', () => {
    const model = grblProfile.initialModel();
    expect(grblProfile.poll(model, { tick: 0 })).toEqual([{ command: '?', realtime: true }]);
    expect(grblProfile.poll(model, { tick: 24 })).toEqual([{ command: '?', realtime: true }, { command: '$G' }]);
    expect(grblProfile.setup(undefined)).toEqual(['$$']);
  });
});
