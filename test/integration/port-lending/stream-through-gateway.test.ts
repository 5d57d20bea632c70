/**
 * The runner lends its port (the shape a job sender and a LightBurn pass-through will use): a
 * client streams a laser program line by line through the gateway's open port to the GRBL
 * simulator on a real pty, send-and-wait-for-ok, while the runner keeps monitoring with realtime
 * `?` polls only. Nothing reopens the port (GRBL on an Uno would reset).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SerialMachineRunner } from '../../../gateway/src/machines/serial-runner.js';
import type { TrackerOutput } from '../../../gateway/src/machines/tracker.js';
import { openSerialConnection } from '../../../gateway/src/transports/serial.js';
import { startGrblSimulator, type GrblSimulator } from '../../simulators/grbl/simulator.js';
import { openPtyPair, type PtyPair } from '../../support/pty.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const PROGRAM = [
  'G21',
  'G90',
  'M4 S0',
  'G0 X10 Y10',
  'G1 X50 F3000 S600',
  'G1 Y40',
  'G1 X10',
  'G1 Y10',
  'M5',
  'G0 X0 Y0',
];

describe('lending the port to a client', () => {
  it('streams a program through the open port while the machine stays monitored', async () => {
    const pair: PtyPair = await openPtyPair({ name: 'lend' });
    cleanups.push(() => pair.stop());
    const sim: GrblSimulator = await startGrblSimulator({
      path: pair.devicePath,
      machine: 'laser',
    });
    cleanups.push(() => sim.stop());
    const received: string[] = [];
    sim.on('command', (line) => received.push(line));
    let opened = 0;
    const outputs: TrackerOutput[] = [];
    const runner = new SerialMachineRunner({
      machine: {
        id: 'laser-1',
        name: 'Laser',
        kind: 'laser',
        profile: 'grbl',
        transport: 'serial',
        port: pair.hostPath,
        baudRate: 115200,
        pollHz: 5,
        silenceSeconds: 10,
        okTimeoutSeconds: 30,
      },
      connect: (target) => {
        opened += 1;
        return openSerialConnection(target);
      },
      emit: (o) => outputs.push(o),
      log: () => undefined,
      heartbeatMs: 60_000,
    });
    cleanups.push(() => runner.stop());
    runner.start();
    await vi.waitFor(
      () => expect(runner.status()).toMatchObject({ phase: 'polling', state: 'idle' }),
      { timeout: 15_000, interval: 100 },
    );

    // A send-and-wait sender, the simplest GRBL streaming protocol.
    let answered: ((line: string) => void) | undefined;
    const heardByClient: string[] = [];
    const lease = await runner.attach({
      name: 'test-sender',
      onLine: (line) => {
        heardByClient.push(line);
        if (line === 'ok' || line.startsWith('error:')) answered?.(line);
      },
      onDetach: () => undefined,
    });
    const from = received.length;
    const answers: string[] = [];
    for (const line of PROGRAM) {
      const answer = new Promise<string>((resolve) => (answered = resolve));
      await lease.write(`${line}\n`);
      answers.push(await answer);
      if (line.includes('S600')) {
        // The beam is at 600 of $30=1000: the runner sees it through its own `?` polls meanwhile.
        await vi.waitFor(
          () =>
            expect(
              outputs.some((o) => o.channel === 'telemetry' && o.metrics.laser_power_pct === 60),
            ).toBe(true),
          { timeout: 5000 },
        );
      }
    }
    // Hold the port past a tick where the runner would ask `$G` (every 25th): it must not.
    await vi.waitFor(
      () => expect(heardByClient.filter((l) => l.startsWith('<')).length).toBeGreaterThan(26),
      { timeout: 15_000, interval: 100 },
    );
    lease.release();

    expect(answers).toEqual(PROGRAM.map(() => 'ok'));
    // The machine got the program, in order, and none of the runner's line polls (`$G`) in between;
    // the client heard the runner's status reports too (a pass-through client shows them).
    const lines = received.slice(from).filter((l) => l !== '?');
    expect(lines).toEqual(PROGRAM);
    expect(opened).toBe(1);
    expect(runner.status().client).toBeUndefined();
    // Monitoring went on: the runner still hears status reports after the lease.
    const before = runner.status().linesReceived;
    await vi.waitFor(() => expect(runner.status().linesReceived).toBeGreaterThan(before + 2), {
      timeout: 5000,
    });
    expect(outputs.filter((o) => o.channel === 'state').at(-1)).toMatchObject({ state: 'idle' });
  });
});
