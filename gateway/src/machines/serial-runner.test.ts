/**
 * The runner against a scripted in-memory connection, with a tiny profile injected in place of the
 * registry's, so that these tests pin the runner's own duties
 * (banner wait, identification, polling, offline and reconnection). Real firmwares over real ptys
 * are in test/integration.
 */
import type { SerialProfile } from '@manufacto/firmware-profiles';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SerialMachineConfig } from '../config.js';
import type { ConnectionFactory, LineConnection } from '../transports/connection.js';
import { SerialMachineRunner } from './serial-runner.js';
import type { TrackerOutput } from './tracker.js';

type Ev = { kind: 'status'; raw: string; busy: boolean } | { kind: 'unknown'; raw: string };
const toyProfile: SerialProfile<Ev, { busy: boolean }> = {
  id: 'toy',
  label: 'Toy',
  transport: 'serial',
  kinds: ['other'],
  defaultBaud: 115200,
  resetsOnOpen: false,
  bannerTimeoutMs: 200,
  identifyCommand: 'WHO',
  eol: '\n',
  jobEndGraceMs: 0,
  identify: (line) => (line.startsWith('TOY ') ? { profile: 'toy', firmware: line } : null),
  parse: (raw) => (raw === 'BUSY' || raw === 'IDLE' ? { kind: 'status', raw, busy: raw === 'BUSY' } : { kind: 'unknown', raw }),
  initialModel: () => ({ busy: false }),
  reduce: (model, event) => ({ model: event.kind === 'status' ? { busy: event.busy } : model, notices: [] }),
  snapshot: (m) => ({ state: m.busy ? 'running' : 'idle', metrics: {}, jobActive: m.busy }),
  setup: () => ['SETUP'],
  poll: () => [{ command: '?', realtime: true }],
};

class ScriptedDevice implements LineConnection {
  written: string[] = [];
  isPresent?: () => boolean;
  #lines: Array<(l: string) => void> = [];
  #closes: Array<(e?: Error) => void> = [];
  constructor(private readonly answer: (data: string, device: ScriptedDevice) => void) {}
  async write(data: string) {
    this.written.push(data);
    this.answer(data, this);
  }
  onLine(l: (line: string) => void) {
    this.#lines.push(l);
  }
  onClose(l: (e?: Error) => void) {
    this.#closes.push(l);
  }
  async close() {}
  say(line: string) {
    for (const l of this.#lines) l(line);
  }
  pull() {
    for (const l of this.#closes) l(new Error('device disconnected'));
  }
}

const machine: SerialMachineConfig = {
  id: 'toy-1', name: 'Toy', kind: 'other', profile: 'auto', transport: 'serial', port: '/dev/toy', baudRate: 115200, pollHz: 5, silenceSeconds: 1,
};

const runners: SerialMachineRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

function run(connect: ConnectionFactory, overrides: Partial<SerialMachineConfig> = {}) {
  const outputs: TrackerOutput[] = [];
  const logs: string[] = [];
  const runner = new SerialMachineRunner({
    machine: { ...machine, ...overrides },
    connect,
    emit: (o) => outputs.push(o),
    log: (l) => logs.push(l),
    heartbeatMs: 60_000,
    backoffMs: 50,
    identifyTimeoutMs: 200,
    profiles: [toyProfile],
  });
  runners.push(runner);
  runner.start();
  return { runner, outputs, logs };
}

const states = (outputs: TrackerOutput[]) => outputs.flatMap((o) => (o.channel === 'state' ? [`${o.state}${o.detail ? `/${o.detail}` : ''}`] : []));

describe('SerialMachineRunner', () => {
  it('asks who is there, detects the profile, sends its setup and polls', async () => {
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0');
      if (data === '?') d.say('IDLE');
    });
    const { runner, outputs } = run(async () => device);
    await vi.waitFor(() => expect(device.written).toContain('?'), { timeout: 3000 });
    expect(states(outputs)).toEqual(['idle']);
    expect(runner.status()).toMatchObject({ profile: 'toy', firmware: 'TOY 1.0', phase: 'polling' });
    expect(device.written.slice(0, 2)).toEqual(['WHO\n', 'SETUP\n']);
    expect(device.written).toContain('?');
  });

  it('goes offline with the reason when the port cannot be opened, and keeps trying', async () => {
    let attempts = 0;
    const { outputs, logs } = run(async () => {
      attempts += 1;
      throw new Error('serial port /dev/toy not found: is the machine on?');
    });
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(3), { timeout: 3000 });
    expect(states(outputs)).toEqual(['offline/disconnected']);
    expect(logs.filter((l) => l.includes('not found'))).toHaveLength(1);
  });

  it('ends the running job as failed when the cable is pulled, then reconnects', async () => {
    let busy = true;
    const devices: ScriptedDevice[] = [];
    const { outputs } = run(async () => {
      const device = new ScriptedDevice((data, d) => {
        if (data === 'WHO\n') d.say('TOY 1.0');
        if (data === '?') d.say(busy ? 'BUSY' : 'IDLE');
      });
      devices.push(device);
      return device;
    });
    await vi.waitFor(() => expect(states(outputs)).toContain('running'), { timeout: 3000 });
    busy = false;
    devices[0]?.pull();
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'running', 'offline/disconnected', 'idle']), { timeout: 3000 });
    const finished = outputs.find((o) => o.channel === 'event' && o.type === 'job_finished');
    expect(finished).toMatchObject({ job: { outcome: 'failed' } });
    expect(devices).toHaveLength(2);
  });

  it('notices a port that disappeared even when the driver says nothing, and reconnects when it is back', async () => {
    let present = true;
    let opened = 0;
    const { outputs } = run(async () => {
      opened += 1;
      const device = new ScriptedDevice((data, d) => {
        if (data === 'WHO\n') d.say('TOY 1.0');
        if (data === '?') d.say('IDLE');
      });
      device.isPresent = () => present;
      return device;
    });
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle']), { timeout: 3000 });
    present = false;
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'offline/disconnected']), { timeout: 3000 });
    present = true;
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'offline/disconnected', 'idle']), { timeout: 5000 });
    expect(opened).toBeGreaterThanOrEqual(2);
  });

  it('marks a firmware that stops answering as unresponsive without closing its port', async () => {
    let silent = false;
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0');
      if (data === '?' && !silent) d.say('IDLE');
    });
    let opened = 0;
    const { outputs } = run(async () => {
      opened += 1;
      return device;
    });
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle']), { timeout: 3000 });
    silent = true;
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'offline/unresponsive']), { timeout: 4000 });
    silent = false;
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'offline/unresponsive', 'idle']), { timeout: 3000 });
    expect(opened).toBe(1);
  });

  it('says so when no known firmware answers, and keeps the port open', async () => {
    const device = new ScriptedDevice(() => undefined);
    let opened = 0;
    const { outputs } = run(async () => {
      opened += 1;
      return device;
    });
    await vi.waitFor(() => expect(states(outputs)).toEqual(['offline/unresponsive']), { timeout: 3000 });
    const state = outputs[0];
    expect(state?.channel === 'state' && state.reason).toMatch(/no known firmware answered \(tried WHO\)/);
    expect(opened).toBe(1);
  });
});
