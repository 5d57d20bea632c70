/**
 * One machine for a defect test: a simulator on a socat pty (as a USB port) or behind a loopback
 * TCP listener, the gateway's runner on the other end, and what the runner emitted.
 * @module
 */
import { vi } from 'vitest';
import type { SerialMachineConfig } from '../../../gateway/src/config.js';
import { SerialMachineRunner } from '../../../gateway/src/machines/serial-runner.js';
import type { TrackerOutput } from '../../../gateway/src/machines/tracker.js';
import { openMachineConnection } from '../../../gateway/src/transports/open.js';
import type { DeviceOptions } from '../../simulators/device.js';
import { freePort } from '../../support/free-port.js';
import { openPtyPair } from '../../support/pty.js';

export type Cleanups = Array<() => Promise<unknown>>;

/** What the file's tests started, undone by `cleanUp` after each test. */
export const cleanups: Cleanups = [];

export function cleanUp(): Promise<void> {
  return undo(cleanups);
}

/** Undoes what `scope` holds, last first (a concurrent test keeps its own `scope`). */
export async function undo(scope: Cleanups): Promise<void> {
  for (const c of scope.splice(0).reverse()) await c().catch(() => undefined);
}

export interface Wire {
  /** What the simulator is given (`path` or `listen`). */
  readonly device: Pick<DeviceOptions, 'path' | 'listen' | 'cable'>;
  /** What the gateway opens. */
  readonly port: string;
}

export async function wire(kind: 'pty' | 'tcp', scope: Cleanups = cleanups): Promise<Wire> {
  if (kind === 'tcp') {
    const port = await freePort();
    return { device: { listen: { port } }, port: `tcp://127.0.0.1:${port}` };
  }
  const pair = await openPtyPair();
  scope.push(() => pair.stop());
  return { device: { path: pair.devicePath, cable: pair }, port: pair.hostPath };
}

export interface Watched {
  readonly runner: SerialMachineRunner;
  readonly outputs: TrackerOutput[];
  readonly logs: string[];
  states(): Array<Extract<TrackerOutput, { channel: 'state' }>>;
  events(): Array<Extract<TrackerOutput, { channel: 'event' }>>;
  readings(): Array<Extract<TrackerOutput, { channel: 'telemetry' }>['metrics']>;
  until(test: () => void, timeoutMs?: number): Promise<void>;
}

export function watch(
  machine: Pick<SerialMachineConfig, 'port' | 'kind'> & Partial<SerialMachineConfig>,
  scope: Cleanups = cleanups,
): Watched {
  const outputs: TrackerOutput[] = [];
  const logs: string[] = [];
  const runner = new SerialMachineRunner({
    machine: {
      id: 'machine-1',
      name: 'Machine',
      profile: 'auto',
      transport: 'serial',
      baudRate: 115200,
      pollHz: 5,
      silenceSeconds: 20,
      okTimeoutSeconds: 30,
      ...machine,
    },
    connect: openMachineConnection,
    emit: (o) => outputs.push(o),
    log: (l) => logs.push(l),
    heartbeatMs: 60_000,
    backoffMs: 100,
    maxBackoffMs: 300,
  });
  scope.push(() => runner.stop());
  runner.start();
  return {
    runner,
    outputs,
    logs,
    states: () => outputs.flatMap((o) => (o.channel === 'state' ? [o] : [])),
    events: () => outputs.flatMap((o) => (o.channel === 'event' ? [o] : [])),
    readings: () => outputs.flatMap((o) => (o.channel === 'telemetry' ? [o.metrics] : [])),
    until: (test, timeoutMs = 20_000) =>
      vi.waitFor(test, { timeout: timeoutMs, interval: 50 }) as Promise<void>,
  };
}
