import { describe, expect, it } from 'vitest';
import type { ProfileNotice } from '../profile.js';
import { type MoonrakerModel, moonrakerProfile } from './profile.js';

const update = (status: Record<string, unknown>) => ({
  source: 'notify_status_update',
  payload: [status, 578243.57],
});

function feed(messages: { source: string; payload: unknown }[]) {
  let model: MoonrakerModel = moonrakerProfile.initialModel({});
  const notices: ProfileNotice[] = [];
  for (const m of messages) {
    const r = moonrakerProfile.reduce(model, moonrakerProfile.parse(m), 0);
    model = r.model;
    notices.push(...r.notices);
  }
  return { notices, snapshot: moonrakerProfile.snapshot(model) };
}

const printing = update({
  print_stats: { state: 'printing', filename: 'bird_2._PLA_24m.gcode', print_duration: 255 },
  extruder: { temperature: 209.8, target: 210 },
});

describe('Moonraker profile', () => {
  it('merges deltas, names the job and says how it ended', () => {
    expect(feed([printing, update({ print_stats: { state: 'complete' } })]).notices).toEqual([
      { type: 'job_name', name: 'bird_2._PLA_24m.gcode' },
      { type: 'job_outcome', outcome: 'completed' },
    ]);
    expect(
      feed([printing, update({ print_stats: { state: 'cancelled' } })]).notices.at(-1),
    ).toEqual({
      type: 'job_outcome',
      outcome: 'cancelled',
    });
    const failed = feed([
      printing,
      update({
        print_stats: { state: 'error', message: 'Move out of range: 250.000 0.000 0.300 [0.000]' },
      }),
    ]);
    expect(failed.notices.at(-1)).toEqual({
      type: 'job_outcome',
      outcome: 'failed',
      reason: 'Move out of range: 250.000 0.000 0.300 [0.000]',
    });
    expect(failed.snapshot).toMatchObject({ state: 'error', jobActive: false });
  });

  it('a delta that moves one temperature keeps the rest, and time left is linear on progress', () => {
    const { snapshot } = feed([
      printing,
      update({ display_status: { progress: 0.25 } }),
      update({ extruder: { temperature: 210.04 } }),
    ]);
    expect(snapshot).toEqual({
      state: 'running',
      metrics: {
        hotend_temp_c: 210,
        hotend_target_c: 210,
        progress_pct: 25,
        elapsed_s: 255,
        time_left_s: 765,
      },
      jobActive: true,
    });
  });

  it('heating before the first move is preparing; pause is paused', () => {
    const heating = update({
      print_stats: { state: 'printing', print_duration: 0 },
      extruder: { temperature: 120, target: 210 },
    });
    expect(feed([heating]).snapshot).toMatchObject({ state: 'preparing', detail: 'heating' });
    expect(feed([printing, update({ print_stats: { state: 'paused' } })]).snapshot).toMatchObject({
      state: 'paused',
      detail: 'hold',
      jobActive: true,
    });
  });

  it('Klipper lost is offline; ready again and fresh status bring it back', () => {
    const lost = feed([printing, { source: 'notify_klippy_disconnected', payload: null }]);
    expect(lost.snapshot.offline).toBe('Moonraker a perdu Klipper (klippy déconnecté)');
    const back = feed([
      printing,
      { source: 'notify_klippy_disconnected', payload: null },
      { source: 'notify_klippy_ready', payload: null },
      printing,
    ]);
    expect(back.snapshot).toMatchObject({ state: 'running' });
    expect(back.snapshot.offline).toBeUndefined();
  });

  it('subscribes to the objects it reads and again after a Klipper restart', () => {
    const requests = moonrakerProfile.websocket?.onOpen({}) ?? [];
    expect(requests.map((r) => r.method)).toEqual([
      'printer.info',
      'printer.objects.subscribe',
      'server.history.list',
    ]);
    expect(requests[1]?.params).toEqual({
      objects: {
        print_stats: null,
        display_status: null,
        virtual_sdcard: null,
        extruder: null,
        heater_bed: null,
        webhooks: null,
      },
    });
    expect(moonrakerProfile.websocket?.resendOn).toEqual(['notify_klippy_ready']);
  });
});
