import { describe, expect, it } from 'vitest';
import { marlinProfile } from '../marlin/profile.js';
import { prusaProfile } from './profile.js';

describe('Prusa profile', () => {
  it('identifies Prusa firmware from M115, which the Marlin profile leaves alone', () => {
    const line =
      'FIRMWARE_NAME:Prusa-Firmware 3.13.2 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1';
    expect(prusaProfile.identify(line)).toEqual({
      profile: 'prusa',
      firmware: 'Prusa-Firmware 3.13.2',
    });
    expect(marlinProfile.identify(line)).toBeNull();
  });

  it('takes progress and time left from the M73 answer, the normal mode first', () => {
    let model = prusaProfile.initialModel();
    for (const line of [
      'SD printing byte 100/1000',
      'NORMAL MODE: Percent done: 42; print time remaining in mins: 85',
      'SILENT MODE: Percent done: 40; print time remaining in mins: 99',
    ]) {
      model = prusaProfile.reduce(model, prusaProfile.parse(line), 0).model;
    }
    expect(prusaProfile.snapshot(model).metrics).toMatchObject({
      progress_pct: 42,
      time_left_s: 85 * 60,
    });
  });

  it('ignores an unknown remaining time (-1)', () => {
    let model = prusaProfile.initialModel();
    for (const line of [
      'SD printing byte 100/1000',
      'NORMAL MODE: Percent done: -1; print time remaining in mins: -1',
    ]) {
      model = prusaProfile.reduce(model, prusaProfile.parse(line), 0).model;
    }
    const metrics = prusaProfile.snapshot(model).metrics;
    expect(metrics.progress_pct).toBe(10);
    expect(metrics.time_left_s).toBeUndefined();
  });
});

describe('Prusa lines left unknown before (issue 16, defect 12)', () => {
  const run = (lines: readonly string[]) => {
    let model = prusaProfile.initialModel();
    const notices: unknown[] = [];
    lines.forEach((line, i) => {
      const r = prusaProfile.reduce(model, prusaProfile.parse(line), 1_000_000 + i * 1000);
      model = r.model;
      notices.push(...r.notices);
    });
    return { notices, snapshot: prusaProfile.snapshot(model) };
  };

  it('ends an SD print as failed with the reason KILL gives (M112 from the host, #3150)', () => {
    const { notices, snapshot } = run([
      'SD printing byte 1000/90000',
      'KILL: 2',
      'Error:Printer halted. kill() called!',
    ]);
    expect(notices).toContainEqual({
      type: 'job_outcome',
      outcome: 'failed',
      reason: 'Arrêt d’urgence (M112) reçu par le port série',
    });
    expect(snapshot).toMatchObject({ state: 'error', detail: 'halted' });
  });

  it('reads the boot line of crash detection (Marlin_main.cpp setup(); no capture with its source found)', () => {
    expect(prusaProfile.parse('CrashDetect ENABLED!')).toMatchObject({
      kind: 'crash-detection',
      enabled: true,
    });
    expect(prusaProfile.parse('CrashDetect DISABLED')).toMatchObject({ enabled: false });
  });

  it('pauses an SD print on a runout until the card is read again', () => {
    const paused = run([
      'SD printing byte 1000/90000',
      'fsensor_update - M600',
      'echo:Enqueing to the front: "M600"',
      'echo:busy: paused for user',
      'SD printing byte 1000/90000',
    ]);
    expect(paused.snapshot).toMatchObject({ state: 'paused', detail: 'hold', jobActive: true });
    const resumed = run([
      'SD printing byte 1000/90000',
      'echo:Enqueing to the front: "M600"',
      'echo:busy: paused for user',
      'SD printing byte 1200/90000',
    ]);
    expect(resumed.snapshot).toMatchObject({ state: 'running', jobActive: true });
  });

  it('pauses a host-streamed print on a runout until a line after the change is answered', () => {
    const runout = [
      'fsensor_update - M600',
      'echo:Enqueing to the front: "M600"',
      // The line being run when the runout came: answered before the change starts.
      'ok',
      'echo:busy: paused for user',
      'echo:busy: processing',
    ];
    expect(run(runout).snapshot).toMatchObject({ state: 'paused', detail: 'hold' });
    // The next line of the stream, run after the change: the print goes on (the gateway's host
    // job says running; the profile alone sees no SD job).
    expect(run([...runout, 'ok']).snapshot).toMatchObject({ state: 'idle' });
    // An SD print waits for its byte count instead.
    expect(
      run(['SD printing byte 1000/90000', ...runout, 'ok', 'SD printing byte 1000/90000']).snapshot,
    ).toMatchObject({ state: 'paused', jobActive: true });
  });
});
