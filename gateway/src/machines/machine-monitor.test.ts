import { type MachineSnapshot, serialProfiles } from '@manufacto/firmware-profiles';
import { describe, expect, it } from 'vitest';
import { type EmitContext, MachineMonitor, withHostJob } from './machine-monitor.js';

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

describe('MachineMonitor firmware', () => {
  it("publishes the firmware a vendor's M115 completes one field per line (BQ, Marlin #4218)", () => {
    const contexts: EmitContext[] = [];
    const monitor = new MachineMonitor({
      machineId: 'hephestos',
      profile: 'auto',
      profiles: serialProfiles,
      emit: (_output, context) => contexts.push(context),
      log: () => {},
      heartbeatMs: 60_000,
      telemetryMinIntervalMs: 0,
      heard: () => {},
    });
    monitor.line('FIRMWARE_NAME:Marlin', 1000);
    expect(monitor.firmware).toBe('Marlin');
    monitor.line('FIRMWARE_VERSION:2.2.0', 1100);
    monitor.line('MACHINE_TYPE:Hephestos_2', 1200);
    monitor.line('ok T:21.0 /0.0 B:20.5 /0.0 @:0 B@:0', 1300);
    expect(monitor.firmware).toBe('Marlin 2.2.0');
    expect(contexts.at(-1)).toMatchObject({ profile: 'marlin', firmware: 'Marlin 2.2.0' });
  });
});
