import type { MachineSnapshot } from '@manufacto/firmware-profiles';
import { describe, expect, it } from 'vitest';
import { withHostJob } from './machine-monitor.js';

const idle: MachineSnapshot = { state: 'idle', metrics: { hotend_temp_c: 21 }, jobActive: false };

describe('withHostJob', () => {
  it('leaves the snapshot alone when the gateway streams nothing', () => {
    expect(withHostJob(idle, undefined)).toBe(idle);
  });

  it('makes a machine the firmware calls idle run the streamed job (Marlin printing from a host)', () => {
    const job = { name: 'benchy.gcode', paused: false, metrics: { progress_pct: 12.5 } };
    expect(withHostJob(idle, job)).toEqual({
      state: 'running',
      metrics: { hotend_temp_c: 21, progress_pct: 12.5 },
      jobActive: true,
    });
    expect(withHostJob(idle, { ...job, paused: true })).toMatchObject({
      state: 'paused',
      detail: 'hold',
    });
  });

  it("keeps the firmware's own word when it says more than idle (an alarm, its own hold)", () => {
    const alarm: MachineSnapshot = {
      state: 'error',
      detail: 'alarm',
      reason: 'Alarme 1',
      metrics: {},
      jobActive: false,
    };
    expect(withHostJob(alarm, { name: 'a.nc', paused: false, metrics: {} })).toMatchObject({
      state: 'error',
      detail: 'alarm',
      reason: 'Alarme 1',
      jobActive: true,
    });
  });
});
