import { describe, expect, it } from 'vitest';
import { axes, num, parseGrblLine } from './matchers.js';

describe('GRBL matchers', () => {
  it('reads every field of a 1.1 status report', () => {
    expect(
      parseGrblLine(
        '<Run|MPos:5.000,15.000,2.500|Bf:15,128|Ln:99999|FS:500,8000|Ov:100,100,100|A:SFM|Pn:XZ>',
      ),
    ).toEqual({
      kind: 'status',
      raw: '<Run|MPos:5.000,15.000,2.500|Bf:15,128|Ln:99999|FS:500,8000|Ov:100,100,100|A:SFM|Pn:XZ>',
      state: 'Run',
      mpos: [5, 15, 2.5],
      buffer: { blocks: 15, bytes: 128 },
      line: 99999,
      feed: 500,
      spindle: 8000,
      overrides: { feed: 100, rapid: 100, spindle: 100 },
      accessories: 'SFM',
      pins: 'XZ',
    });
  });

  it('reads WPos, WCO and the F: form without spindle', () => {
    expect(
      parseGrblLine('<Idle|WPos:-2.500,0.000,11.000|F:500|WCO:0.000,1.551,5.664>'),
    ).toMatchObject({
      state: 'Idle',
      wpos: [-2.5, 0, 11],
      feed: 500,
      wco: [0, 1.551, 5.664],
    });
  });

  it.each([
    ['<Hold:0|MPos:0.000,0.000,0.000|FS:0,0>', 'Hold', 0],
    ['<Hold:1|MPos:0.000,0.000,0.000|FS:0,0>', 'Hold', 1],
    ['<Door:0|MPos:0.000,0.000,0.000|FS:0,0>', 'Door', 0],
    ['<Door:3|MPos:0.000,0.000,0.000|FS:0,0>', 'Door', 3],
  ])('reads the substate of %s', (line, state, substate) => {
    expect(parseGrblLine(line)).toMatchObject({ kind: 'status', state, substate });
  });

  it.each(['Idle', 'Run', 'Jog', 'Alarm', 'Check', 'Home', 'Sleep', 'Tool'])(
    'reads the state %s',
    (state) => {
      expect(parseGrblLine(`<${state}|MPos:0.000,0.000,0.000|FS:0,0>`)).toMatchObject({
        kind: 'status',
        state,
      });
    },
  );

  it('keeps grblHAL fields it does not interpret as raw extras, and the measured rpm', () => {
    expect(parseGrblLine('<Run|MPos:0,0,0|FS:1500,18000,17950|H:1,7|MPG:0|Sc:XY>')).toMatchObject({
      spindle: 18000,
      spindleActual: 17950,
      extras: { H: '1,7', MPG: '0', Sc: 'XY' },
    });
  });

  it('reads the 0.9 and old Smoothieware comma form', () => {
    expect(
      parseGrblLine('<Idle,MPos:0.0000,0.0000,0.0000,WPos:-4.0000,1.0000,3.0000>'),
    ).toMatchObject({
      kind: 'status',
      state: 'Idle',
      mpos: [0, 0, 0],
      wpos: [-4, 1, 3],
    });
    expect(parseGrblLine('<Idle>')).toMatchObject({ kind: 'status', state: 'Idle' });
  });

  it('reads FluidNC SD progress', () => {
    expect(parseGrblLine('<Run|MPos:1,2,3|FS:600,10000|SD:31.70,/sd/PiNC//job.nc>')).toMatchObject({
      sd: { percent: 31.7, file: '/sd/PiNC//job.nc' },
    });
  });

  it('tells GRBL, grblHAL and FluidNC banners apart', () => {
    expect(parseGrblLine("Grbl 1.1h ['$' for help]")).toMatchObject({
      kind: 'banner',
      variant: 'grbl',
      firmware: 'Grbl 1.1h',
    });
    expect(parseGrblLine("Grbl 0.9j ['$' for help]")).toMatchObject({
      kind: 'banner',
      variant: 'grbl',
      firmware: 'Grbl 0.9j',
    });
    expect(parseGrblLine("GrblHAL 1.1f ['$' or '$HELP' for help]")).toMatchObject({
      kind: 'banner',
      variant: 'grblhal',
    });
    expect(parseGrblLine("Grbl 1.1f ['$' or '$HELP' for help]")).toMatchObject({
      kind: 'banner',
      variant: 'grblhal',
    });
    expect(parseGrblLine("Grbl 3.7.8 [FluidNC v3.7.8 (wifi) '$' for help]")).toMatchObject({
      kind: 'banner',
      variant: 'fluidnc',
      firmware: 'FluidNC 3.7.8',
    });
  });

  it('finds the banner behind the garbage bytes of a reboot', () => {
    expect(parseGrblLine("\u0000\u00ff\u0013Grbl 1.1h ['$' for help]")).toMatchObject({
      kind: 'banner',
      firmware: 'Grbl 1.1h',
    });
  });

  it('reads numbered and legacy text errors and alarms', () => {
    expect(parseGrblLine('error:22')).toEqual({ kind: 'error', raw: 'error:22', code: 22 });
    expect(parseGrblLine('error: Invalid gcode ID:24')).toMatchObject({
      kind: 'error',
      code: null,
      text: 'Invalid gcode ID:24',
    });
    expect(parseGrblLine('ALARM:9')).toEqual({ kind: 'alarm', raw: 'ALARM:9', code: 9 });
    expect(parseGrblLine('ALARM: Hard limit')).toMatchObject({
      kind: 'alarm',
      code: 1,
      text: 'Hard limit',
    });
    expect(parseGrblLine('ALARM: Probe fail')).toMatchObject({
      kind: 'alarm',
      code: null,
      text: 'Probe fail',
    });
  });

  it('reads the $ answers: help, offsets, probe, echo, version, options, grblHAL extensions', () => {
    expect(parseGrblLine('[HLP:$$ $# $G $I ~ ! ? ctrl-x]')).toMatchObject({
      kind: 'help',
      commands: ['$$', '$#', '$G', '$I', '~', '!', '?', 'ctrl-x'],
    });
    expect(parseGrblLine('[G92:0.000,0.000,0.000]')).toMatchObject({
      kind: 'offset',
      name: 'G92',
      values: [0, 0, 0],
    });
    expect(parseGrblLine('[TLO:0.000]')).toMatchObject({
      kind: 'offset',
      name: 'TLO',
      values: [0],
    });
    expect(parseGrblLine('[PRB:0.000,0.000,1.492:0]')).toMatchObject({
      kind: 'probe',
      position: [0, 0, 1.492],
      success: false,
    });
    expect(parseGrblLine('[echo:G1X0.540Y10.4F100]')).toMatchObject({
      kind: 'echo',
      line: 'G1X0.540Y10.4F100',
    });
    expect(parseGrblLine('[VER:1.1h.20190830:]')).toMatchObject({
      kind: 'version',
      version: '1.1h.20190830',
      info: '',
    });
    expect(parseGrblLine('[OPT:VL,15,128]')).toMatchObject({
      kind: 'options',
      codes: 'VL',
      blocks: 15,
      bytes: 128,
    });
    expect(parseGrblLine('[NEWOPT:ENUMS,RT+,ES,SD]')).toMatchObject({
      kind: 'new-options',
      options: ['ENUMS', 'RT+', 'ES', 'SD'],
    });
    expect(parseGrblLine('[FIRMWARE:grblHAL]')).toMatchObject({
      kind: 'feedback',
      tag: 'FIRMWARE',
      value: 'grblHAL',
    });
    expect(parseGrblLine('[MSG:INFO: FluidNC v3.7.8]')).toMatchObject({
      kind: 'message',
      text: 'INFO: FluidNC v3.7.8',
    });
  });

  it('reads settings, with or without spaces and comments, and startup lines', () => {
    expect(parseGrblLine('$32=1')).toMatchObject({ kind: 'setting', id: 32, value: '1' });
    expect(parseGrblLine('$30 = 24000.000    (Maximum spindle speed, RPM)')).toMatchObject({
      kind: 'setting',
      id: 30,
      value: '24000.000',
    });
    expect(parseGrblLine('>G54G20:ok')).toMatchObject({
      kind: 'startup',
      line: 'G54G20',
      ok: true,
    });
    expect(parseGrblLine('>G54G20:error:20')).toMatchObject({ kind: 'startup', ok: false });
  });

  it('reads only plain decimals as numbers', () => {
    expect(num('-1.5')).toBe(-1.5);
    expect(num('.5')).toBe(0.5);
    for (const bad of ['', ' ', '0x10', '1e3', 'NaN', 'Infinity', '1,2'])
      expect(num(bad)).toBeUndefined();
    expect(axes('')).toBeUndefined();
    expect(axes('1,,2')).toBeUndefined();
  });

  it('keeps a half or garbled report as unknown rather than guessing', () => {
    for (const line of [
      '<Run|MPos:1.000,2.0',
      'Run|MPos:1,2,3>',
      '<|MPos:1,2,3>',
      '<run|MPos:1,2,3>',
      '<Run:x|MPos:1,2,3>',
      'ok ok',
      'ALARM:',
    ]) {
      expect(parseGrblLine(line).kind, line).toBe('unknown');
    }
  });

  it('drops a whole report with one malformed field: a noisy link garbles values, not only lines', () => {
    for (const line of [
      '<Run|MPos:a,b,c|FS:x,y>',
      // FS:400,0 with its comma lost: a feed ten times too high, one value short.
      '<Run|MPos:12.000,3.000,0.000|FS:4000>',
      '<Run|MPos:12.000,3.000|FS:400,0,0,0>',
      '<Run|MPos:12.000|FS:400,0>',
      '<Idle|MPos:0.000,0.000,0.000|Bf:15|FS:0,0>',
      '<Idle|MPos:0.000,0.000,0.000|FS:0,0|Ov:100,100>',
      '<Idle|MPos:0.000,0.000,0.000|FS:0,0|Ov:100,100,100|A:s1>',
      '<Run|MPos:1.000,2.000,3.000|F\xfeS:500,0>',
    ]) {
      expect(parseGrblLine(line).kind, line).toBe('unknown');
    }
    expect(parseGrblLine('<Run|MPos:12.000,3.000,0.000|FS:400,0>')).toMatchObject({
      kind: 'status',
      feed: 400,
      spindle: 0,
    });
  });

  it('never throws, whatever the bytes, and keeps the raw line', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '<>|:,.[]$=-0123456789MPosWCOFSRunIdleHold\u0000\u00ff ';
    for (let i = 0; i < 3000; i += 1) {
      const length = Math.floor(rand() * 120);
      const line = Array.from({ length }, () =>
        rand() < 0.5
          ? String.fromCharCode(Math.floor(rand() * 256))
          : alphabet[Math.floor(rand() * alphabet.length)],
      ).join('');
      expect(parseGrblLine(line).raw).toBe(line.trim());
    }
    expect(parseGrblLine(`<${'|'.repeat(10_000)}>`).kind).toBe('unknown');
    const long = parseGrblLine(`<Run|${'X:1|'.repeat(2_500)}MPos:1,2,3>`);
    expect(long.kind).toBe('status');
    expect(Object.keys((long as { extras?: object }).extras ?? {}).length).toBeLessThanOrEqual(32);
    expect(parseGrblLine('ok\u0000').kind).toBe('unknown');
    expect(parseGrblLine('x'.repeat(10_000)).kind).toBe('unknown');
  });
});
