/**
 * Network serial (`port: tcp://host:port`): the runner reaches simulators that listen on loopback
 * TCP, as it would a FluidNC board's telnet server or ser2net in front of a USB printer. No socat
 * involved: this is the path the demo takes on a machine without it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SerialMachineRunner } from '../../../gateway/src/machines/serial-runner.js';
import type { TrackerOutput } from '../../../gateway/src/machines/tracker.js';
import { openMachineConnection } from '../../../gateway/src/transports/open.js';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { startMarlinSimulator } from '../../simulators/marlin/simulator.js';
import { freePort } from '../../support/free-port.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function runner(id: string, kind: 'laser' | 'printer', port: string, outputs: TrackerOutput[]) {
  const r = new SerialMachineRunner({
    machine: {
      id,
      name: id,
      kind,
      profile: 'auto',
      transport: 'serial',
      port,
      baudRate: 115200,
      pollHz: 5,
      silenceSeconds: 10,
      okTimeoutSeconds: 30,
    },
    connect: openMachineConnection,
    emit: (o) => outputs.push(o),
    log: () => undefined,
    heartbeatMs: 60_000,
    backoffMs: 100,
    maxBackoffMs: 200,
  });
  cleanups.push(() => r.stop());
  return r;
}

describe('machines over tcp://', () => {
  it('identifies a GRBL laser, follows its job and reconnects when the board drops the link', async () => {
    const port = await freePort();
    const sim = await startGrblSimulator({ listen: { port }, machine: 'laser' });
    cleanups.push(() => sim.stop());
    const outputs: TrackerOutput[] = [];
    const laser = runner('laser-net', 'laser', `tcp://127.0.0.1:${port}`, outputs);
    laser.start();
    await vi.waitFor(
      () =>
        expect(laser.status()).toMatchObject({ phase: 'polling', profile: 'grbl', state: 'idle' }),
      { timeout: 15_000, interval: 50 },
    );
    sim.startJob({ durationS: 1 });
    await vi.waitFor(
      () =>
        expect(outputs.some((o) => o.channel === 'event' && o.type === 'job_finished')).toBe(true),
      { timeout: 15_000, interval: 50 },
    );
    // Another client takes the board's only session away: the runner hears it close and comes back.
    await sim.stop();
    await vi.waitFor(() => expect(laser.status().state).toBe('offline'), {
      timeout: 10_000,
      interval: 50,
    });
    expect(laser.status().reason).toMatch(/^port tcp:\/\/127\.0\.0\.1:\d+ : connexion perdue$/);
    const again = await startGrblSimulator({ listen: { port }, machine: 'laser' });
    cleanups.push(() => again.stop());
    await vi.waitFor(() => expect(laser.status().state).toBe('idle'), {
      timeout: 15_000,
      interval: 50,
    });
  });

  it('identifies a Marlin printer behind ser2net and reads its temperatures', async () => {
    const port = await freePort();
    const sim = await startMarlinSimulator({ listen: { port } });
    cleanups.push(() => sim.stop());
    const outputs: TrackerOutput[] = [];
    const printer = runner('printer-net', 'printer', `tcp://127.0.0.1:${port}`, outputs);
    printer.start();
    await vi.waitFor(
      () =>
        expect(
          outputs.some((o) => o.channel === 'telemetry' && o.metrics.hotend_temp_c !== undefined),
        ).toBe(true),
      { timeout: 15_000, interval: 50 },
    );
    expect(printer.status()).toMatchObject({ profile: 'marlin', firmware: 'Marlin 2.1.2.1' });
  });
});
