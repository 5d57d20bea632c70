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
