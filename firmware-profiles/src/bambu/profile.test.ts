import { describe, expect, it } from 'vitest';
import type { ProfileNotice } from '../profile.js';
import { hmsEntry, printErrorKey } from './codes.js';
import { type BambuModel, bambuProfile } from './profile.js';

const report = (print: Record<string, unknown>) => ({ source: 'report', payload: { print } });

function feed(payloads: Record<string, unknown>[], model = bambuProfile.initialModel({})) {
  const notices: ProfileNotice[] = [];
  let m: BambuModel = model;
  payloads.forEach((p, i) => {
    const r = bambuProfile.reduce(m, bambuProfile.parse(report(p)), i * 1000);
    m = r.model;
    notices.push(...r.notices);
  });
  return { model: m, notices, snapshot: bambuProfile.snapshot(m) };
}

describe('Bambu Lab profile', () => {
  it('merges a P1’s deltas into the full status the pushall gave', () => {
    // A P1 sends only what changed (https://github.com/Doridian/OpenBambuAPI/issues/7).
    const { snapshot } = feed([
      {
        command: 'push_status',
        gcode_state: 'RUNNING',
        stg_cur: 0,
        mc_percent: 52,
        mc_remaining_time: 22,
        nozzle_temper: 220.0625,
        nozzle_target_temper: 220,
        bed_temper: 64.625,
        bed_target_temper: 65,
        layer_num: 17,
        total_layer_num: 72,
      },
      { command: 'push_status', mc_percent: 53, sequence_id: '56339' },
      { command: 'push_status', nozzle_temper: 219.5 },
    ]);
    expect(snapshot).toEqual({
      state: 'running',
      metrics: {
        hotend_temp_c: 219.5,
        hotend_target_c: 220,
        bed_temp_c: 64.6,
        bed_target_c: 65,
        progress_pct: 53,
        time_left_s: 22 * 60,
        layer_count: 17,
        layer_total_count: 72,
      },
      jobActive: true,
    });
  });

  it('decodes HMS codes as the wiki writes them, with the severity in the code’s high half', () => {
    // attr 201327360, code 131074 is HMS_0C00_0300_0002_0002 (https://github.com/greghesp/ha-bambulab/issues/4).
    expect(hmsEntry(201327360, 131074)).toEqual({
      key: '0C00030000020002',
      code: 'HMS_0C00_0300_0002_0002',
      severity: 'serious',
    });
    // print_error 50348044 is 0300_400C, the task was cancelled
    // (https://github.com/Rdiger-36/bambulab-ams-spoolman-filamentstatus/pull/137).
    expect(printErrorKey(50348044)).toBe('0300400C');
  });

  it('reports a new HMS code once, in French, and again only after it cleared', () => {
    const hms = [{ attr: 201327360, code: 131074 }];
    const { notices } = feed([
      { gcode_state: 'RUNNING', stg_cur: 10, hms },
      { hms },
      { hms: [] },
      { hms },
    ]);
    const alarm = {
      type: 'alarm',
      severity: 'error',
      code: 'HMS_0C00_0300_0002_0002',
      message:
        'Inspection de la première couche interrompue : données du lidar anormales (HMS_0C00_0300_0002_0002)',
    };
    expect(notices.filter((n) => n.type === 'alarm')).toEqual([alarm, alarm]);
  });

  it('a fatal HMS code stops the machine with its reason; an unknown one points at the wiki', () => {
    const { snapshot } = feed([
      { gcode_state: 'RUNNING', stg_cur: 0, hms: [{ attr: 0x03000100, code: 0x00010001 }] },
    ]);
    expect(snapshot).toMatchObject({
      state: 'error',
      detail: 'halted',
      reason:
        'Température du plateau anormale : court-circuit possible de la résistance (HMS_0300_0100_0001_0001)',
    });
    const unknown = feed([{ gcode_state: 'IDLE', hms: [{ attr: 0x05000200, code: 0x00030007 }] }]);
    expect(unknown.notices).toEqual([
      {
        type: 'alarm',
        severity: 'warning',
        code: 'HMS_0500_0200_0003_0007',
        message:
          'Alerte HMS_0500_0200_0003_0007 : voir https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/0500_0200_0003_0007',
      },
    ]);
  });

  it('names the job and says how it ended: FINISH completed, a stop (0300_400C) cancelled, another error failed', () => {
    const started = { gcode_state: 'PREPARE', subtask_name: 'support-étagère' };
    expect(
      feed([started, { gcode_state: 'RUNNING', stg_cur: 0 }, { gcode_state: 'FINISH' }]).notices,
    ).toEqual([
      { type: 'job_name', name: 'support-étagère' },
      { type: 'job_outcome', outcome: 'completed' },
    ]);
    expect(feed([started, { gcode_state: 'FAILED', print_error: 50348044 }]).notices).toEqual([
      { type: 'job_name', name: 'support-étagère' },
      { type: 'job_outcome', outcome: 'cancelled' },
    ]);
    const clogged = feed([started, { gcode_state: 'FAILED', print_error: 0x03004006 }]);
    expect(clogged.notices).toEqual([
      { type: 'job_name', name: 'support-étagère' },
      { type: 'alarm', severity: 'error', code: '0300_4006', message: 'Buse bouchée (0300_4006)' },
      { type: 'job_outcome', outcome: 'failed', reason: 'Buse bouchée (0300_4006)' },
    ]);
    expect(clogged.snapshot).toMatchObject({
      state: 'idle',
      reason: 'Buse bouchée (0300_4006)',
      jobActive: false,
    });
  });

  it('stages inside RUNNING: heating is preparing, a filament runout is paused', () => {
    expect(feed([{ gcode_state: 'RUNNING', stg_cur: 7 }]).snapshot).toMatchObject({
      state: 'preparing',
      detail: 'heating',
    });
    expect(
      feed([{ gcode_state: 'RUNNING', stg_cur: 6, print_error: 0x07008011 }]).snapshot,
    ).toMatchObject({
      state: 'paused',
      detail: 'hold',
      reason: 'Filament épuisé dans l’AMS (0700_8011)',
      jobActive: true,
    });
  });

  it('asks pushall at connect and on a slow cadence, on the printer’s request topic', () => {
    const device = { device: '01S00C123456789' };
    const plan = bambuProfile.mqtt;
    expect(plan?.subscriptions(device)).toEqual(['device/01S00C123456789/report']);
    const first = plan?.onConnect(device)[0];
    expect(first?.topic).toBe('device/01S00C123456789/request');
    expect(JSON.parse(first?.payload ?? '{}')).toMatchObject({ pushing: { command: 'pushall' } });
    expect(plan?.refresh?.everyMs).toBe(300_000);
    expect(plan?.sourceOf('device/OTHER/report', device)).toBeNull();
  });
});
