/**
 * The runner against a scripted in-memory connection, with a tiny profile injected in place of the
 * registry's, so that these tests pin the runner's own duties
 * (banner wait, identification, polling, offline and reconnection). Real firmwares over real ptys
 * are in test/integration.
 */
import type { SerialProfile } from '@manufacto/firmware-profiles';
import { describe, it, type TestContext, vi } from 'vitest';
import type { SerialMachineConfig } from '../config.js';
import type { ConnectionFactory, LineConnection } from '../transports/connection.js';
import { PortUnavailableError } from './port-client.js';
import { SerialMachineRunner } from './serial-runner.js';
import type { TrackerOutput } from './tracker.js';

type Ev =
  | { kind: 'status'; raw: string; busy: boolean }
  | { kind: 'error'; raw: string }
  | { kind: 'unknown'; raw: string };
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
  parse: (raw) =>
    raw === 'BUSY' || raw === 'IDLE'
      ? { kind: 'status', raw, busy: raw === 'BUSY' }
      : raw.startsWith('ERR')
        ? { kind: 'error', raw }
        : { kind: 'unknown', raw },
  isUnknownCommand: (event) => event.kind === 'error',
  isAck: (event) => event.raw === 'ok' || event.kind === 'error',
  initialModel: () => ({ busy: false }),
  reduce: (model, event) => ({
    model: event.kind === 'status' ? { busy: event.busy } : model,
    notices:
      event.kind === 'error'
        ? [{ type: 'alarm', severity: 'warning', code: 'ERR', message: event.raw }]
        : [],
  }),
  snapshot: (m) => ({ state: m.busy ? 'running' : 'idle', metrics: {}, jobActive: m.busy }),
  setup: () => ['SETUP'],
  poll: (_m, { tick }) =>
    tick % 2 === 1
      ? [{ command: '?', realtime: true }, { command: 'TEMP' }]
      : [{ command: '?', realtime: true }],
};
/** A second dialect, as Marlin is to GRBL: its own question, and it shrugs at the toy's. */
const otherProfile: SerialProfile<Ev, { busy: boolean }> = {
  ...toyProfile,
  id: 'other',
  label: 'Other',
  identifyCommand: 'QUI',
  identify: (line) => (line.startsWith('OTHER ') ? { profile: 'other', firmware: line } : null),
};

class ScriptedDevice implements LineConnection {
  written: string[] = [];
  isPresent?: () => boolean;
  #lines: Array<(l: string) => void> = [];
  #closes: Array<(e?: Error) => void> = [];
  constructor(private readonly answer: (data: string, device: ScriptedDevice) => void) {}
  async write(data: string) {
    this.written.push(data);
    // One write may carry a realtime `?` and line commands: answer each in turn.
    for (const token of data.match(/\?|[^?\n]*\n/g) ?? []) this.answer(token, this);
  }
  onLine(l: (line: string) => void) {
    this.#lines.push(l);
  }
  onClose(l: (e?: Error) => void) {
    this.#closes.push(l);
  }
  async close() {}
  say(...lines: string[]) {
    for (const line of lines) for (const l of this.#lines) l(line);
  }
  pull() {
    for (const l of this.#closes) l(new Error('device disconnected'));
  }
}

const machine: SerialMachineConfig = {
  id: 'toy-1',
  name: 'Toy',
  kind: 'other',
  profile: 'auto',
  transport: 'serial',
  port: '/dev/toy',
  baudRate: 115200,
  pollHz: 5,
  silenceSeconds: 1,
  okTimeoutSeconds: 30,
};

function run(
  { onTestFinished }: TestContext,
  connect: ConnectionFactory,
  overrides: Partial<SerialMachineConfig> = {},
  profiles = [toyProfile],
) {
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
    profiles,
  });
  onTestFinished(() => runner.stop());
  runner.start();
  return { runner, outputs, logs };
}

const states = (outputs: TrackerOutput[]) =>
  outputs.flatMap((o) =>
    o.channel === 'state' ? [`${o.state}${o.detail ? `/${o.detail}` : ''}`] : [],
  );

// Each test has its own runner and device, and waits on the runner's clocks (banner wait, polls,
// cable check): they run at the same time, so the file lasts as long as its longest test.
describe.concurrent('SerialMachineRunner', () => {
  it('asks who is there, detects the profile, sends its setup and polls', async (t) => {
    const { expect } = t;
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0');
      if (data === '?') d.say('IDLE');
    });
    const { runner, outputs } = run(t, async () => device);
    await vi.waitFor(() => expect(device.written).toContain('?'), { timeout: 3000 });
    expect(states(outputs)).toEqual(['idle']);
    expect(runner.status()).toMatchObject({
      profile: 'toy',
      firmware: 'TOY 1.0',
      phase: 'polling',
    });
    expect(device.written.slice(0, 2)).toEqual(['WHO\n', 'SETUP\n']);
    // A tick's polls go in one write.
    await vi.waitFor(() => expect(device.written).toContain('?TEMP\n'), { timeout: 3000 });
  });

  it('goes offline with the reason when the port cannot be opened, and keeps trying', async (t) => {
    const { expect } = t;
    let attempts = 0;
    const { outputs, logs } = run(t, async () => {
      attempts += 1;
      throw new Error('serial port /dev/toy not found: is the machine on?');
    });
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(3), { timeout: 3000 });
    expect(states(outputs)).toEqual(['offline/disconnected']);
    expect(outputs[0]).toMatchObject({ reasonCode: 'port_not_found' });
    expect(logs.filter((l) => l.includes('not found'))).toHaveLength(1);
  });

  it('ends the running job as failed when the cable is pulled, then reconnects', async (t) => {
    const { expect } = t;
    let busy = true;
    const devices: ScriptedDevice[] = [];
    const { outputs } = run(t, async () => {
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
    await vi.waitFor(
      () => expect(states(outputs)).toEqual(['idle', 'running', 'offline/disconnected', 'idle']),
      { timeout: 3000 },
    );
    const finished = outputs.find((o) => o.channel === 'event' && o.type === 'job_finished');
    expect(finished).toMatchObject({ job: { outcome: 'failed' } });
    expect(devices).toHaveLength(2);
  });

  it('notices a port that disappeared even when the driver says nothing, and reconnects when it is back', async (t) => {
    const { expect } = t;
    let present = true;
    let opened = 0;
    const { outputs } = run(t, async () => {
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
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'offline/disconnected']), {
      timeout: 3000,
    });
    present = true;
    await vi.waitFor(
      () => expect(states(outputs)).toEqual(['idle', 'offline/disconnected', 'idle']),
      { timeout: 5000 },
    );
    expect(opened).toBeGreaterThanOrEqual(2);
  });

  it('marks a firmware that stops answering as unresponsive without closing its port', async (t) => {
    const { expect } = t;
    let silent = false;
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0');
      if (data === '?' && !silent) d.say('IDLE');
    });
    let opened = 0;
    const { outputs } = run(t, async () => {
      opened += 1;
      return device;
    });
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle']), { timeout: 3000 });
    silent = true;
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'offline/unresponsive']), {
      timeout: 4000,
    });
    silent = false;
    await vi.waitFor(
      () => expect(states(outputs)).toEqual(['idle', 'offline/unresponsive', 'idle']),
      { timeout: 3000 },
    );
    expect(opened).toBe(1);
  });

  it('says so when no known firmware answers, and keeps the port open', async (t) => {
    const { expect } = t;
    const device = new ScriptedDevice(() => undefined);
    let opened = 0;
    const { outputs, logs } = run(t, async () => {
      opened += 1;
      return device;
    });
    await vi.waitFor(() => expect(states(outputs)).toEqual(['offline/unresponsive']), {
      timeout: 3000,
    });
    // 11: French words from the reasons table and its code, the questions tried in the log only.
    expect(outputs[0]).toMatchObject({
      channel: 'state',
      reason: 'port /dev/toy : aucun firmware connu n’a répondu ; nouvel essai',
      reasonCode: 'no_firmware',
    });
    expect(logs.some((l) => /no known firmware answered; retrying \(tried WHO\)/.test(l))).toBe(
      true,
    );
    expect(opened).toBe(1);
  });

  it('asks every dialect at once and keeps the shrugs at the other dialects out of the events', async (t) => {
    const { expect } = t;
    // Answers like a real firmware: its own question gets its identity, the other's an error line.
    const device = new ScriptedDevice((data, d) => {
      if (data === 'QUI\n') d.say('OTHER 2.0');
      if (data === 'WHO\n') d.say('ERR unknown command WHO');
      if (data === '?') d.say('IDLE');
    });
    const { runner, outputs } = run(t, async () => device, {}, [toyProfile, otherProfile]);
    await vi.waitFor(() => expect(runner.status().phase).toBe('polling'), { timeout: 3000 });
    // Both questions went before any answer was awaited.
    expect(device.written.slice(0, 2)).toEqual(['WHO\n', 'QUI\n']);
    expect(runner.status()).toMatchObject({ profile: 'other', firmware: 'OTHER 2.0' });
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle']), { timeout: 3000 });
    expect(outputs.filter((o) => o.channel === 'event' && o.type === 'alarm')).toEqual([]);
    // An unknown-command reply later on is the machine's news again.
    device.say('ERR bad line');
    expect(outputs.filter((o) => o.channel === 'event' && o.type === 'alarm')).toMatchObject([
      { code: 'ERR', message: 'ERR bad line' },
    ]);
  });

  it('sets aside only as many unknown-command replies as foreign questions, even when they come before the identity', async (t) => {
    const { expect } = t;
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('ERR unknown command WHO');
      if (data === 'QUI\n') {
        d.say('ERR a real fault, said before the identity');
        d.say('OTHER 2.0');
      }
    });
    const { runner, outputs } = run(t, async () => device, {}, [toyProfile, otherProfile]);
    await vi.waitFor(() => expect(runner.status().phase).toBe('polling'), { timeout: 3000 });
    // One foreign question (WHO), one unknown-command reply set aside: the second was the machine's own.
    expect(outputs.filter((o) => o.channel === 'event' && o.type === 'alarm')).toMatchObject([
      { message: 'ERR a real fault, said before the identity' },
    ]);
  });

  it('lends its port to a client: the client hears every line, line polls pause, realtime polls go on', async (t) => {
    const { expect } = t;
    let busy = false;
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0');
      if (data === '?') d.say(busy ? 'BUSY' : 'IDLE');
      if (data === 'TEMP\n') d.say('ok');
      if (data === 'G1 X10\n') {
        busy = true;
        d.say('ok');
      }
    });
    const { runner, outputs } = run(t, async () => device);
    await vi.waitFor(() => expect(runner.status().phase).toBe('polling'), { timeout: 3000 });
    const heard: string[] = [];
    const lease = await runner.attach({
      name: 'job-sender',
      onLine: (l) => heard.push(l),
      onDetach: () => undefined,
    });
    expect(runner.status().client).toBe('job-sender');
    await expect(
      runner.attach({ name: 'lightburn', onLine: () => undefined, onDetach: () => undefined }),
    ).rejects.toThrow(PortUnavailableError);
    await expect(
      runner.attach({ name: 'lightburn', onLine: () => undefined, onDetach: () => undefined }),
    ).rejects.toThrow(/job-sender is using it/);
    const before = device.written.length;
    await lease.write('G1 X10\n');
    // Monitoring goes on while the client drives the machine.
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'running']), { timeout: 3000 });
    expect(heard).toEqual(expect.arrayContaining(['ok', 'BUSY']));
    // Through five polling ticks (a line poll would have gone on two of them).
    await vi.waitFor(
      () =>
        expect(
          device.written.slice(before).filter((w) => w.startsWith('?')).length,
        ).toBeGreaterThanOrEqual(5),
      { timeout: 3000 },
    );
    expect(device.written.slice(before).join('')).not.toContain('TEMP');
    lease.release();
    expect(runner.status().client).toBeUndefined();
    await vi.waitFor(() => expect(device.written.slice(before)).toContain('?TEMP\n'), {
      timeout: 3000,
    });
    await expect(lease.write('G1 X0\n')).rejects.toThrow(/no longer holds it/);
  });

  it('tells the client why it lost the port when the cable is pulled, and lends nothing while offline', async (t) => {
    const { expect } = t;
    const devices: ScriptedDevice[] = [];
    let open = true;
    const { runner } = run(t, async () => {
      if (!open) throw new Error('serial port /dev/toy not found');
      const device = new ScriptedDevice((data, d) => {
        if (data === 'WHO\n') d.say('TOY 1.0');
        if (data === '?') d.say('IDLE');
      });
      devices.push(device);
      return device;
    });
    await vi.waitFor(() => expect(runner.status().phase).toBe('polling'), { timeout: 3000 });
    const reasons: string[] = [];
    await runner.attach({
      name: 'lightburn',
      onLine: () => undefined,
      onDetach: (why) => reasons.push(why),
    });
    open = false;
    devices[0]?.pull();
    expect(reasons).toEqual(['port /dev/toy: connection lost']);
    expect(runner.status().client).toBeUndefined();
    await expect(
      runner.attach({ name: 'lightburn', onLine: () => undefined, onDetach: () => undefined }),
    ).rejects.toThrow(/not connected/);
  });

  it('hands the port over only once its own commands are answered, so the client never gets their ok', async (t) => {
    const { expect } = t;
    let slow = false;
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0');
      if (data === 'SETUP\n') d.say('ok');
      if (data === '?') d.say('IDLE');
      // The firmware takes its time over the runner's line command.
      if (data === 'TEMP\n') slow ? setTimeout(() => answerLate(d), 300) : d.say('ok');
    });
    let lateOks = 0;
    const answerLate = (d: ScriptedDevice) => {
      d.say('ok');
      lateOks += 1;
    };
    const { runner } = run(t, async () => device);
    await vi.waitFor(() => expect(runner.status().phase).toBe('polling'), { timeout: 3000 });
    slow = true;
    // Ask right after a TEMP went out, while its answer is on its way.
    const written = device.written.length;
    await vi.waitFor(() => expect(device.written.slice(written).join('')).toContain('TEMP\n'), {
      timeout: 3000,
    });
    const heard: string[] = [];
    const lease = await runner.attach({
      name: 'job-sender',
      onLine: (l) => heard.push(l),
      onDetach: () => undefined,
    });
    // The slow answer has come, and the client hears the polls answered since.
    await vi.waitFor(
      () => {
        expect(lateOks).toBeGreaterThan(0);
        expect(heard).toContain('IDLE');
      },
      { timeout: 3000 },
    );
    expect(heard).not.toContain('ok');
    lease.release();
  });

  it('frees the lent port when the cable check finds the node gone, and polls fully on the next connection', async (t) => {
    const { expect } = t;
    let present = true;
    const devices: ScriptedDevice[] = [];
    const { runner } = run(t, async () => {
      const device = new ScriptedDevice((data, d) => {
        if (data === 'WHO\n') d.say('TOY 1.0');
        if (data === 'SETUP\n' || data === 'TEMP\n') d.say('ok');
        if (data === '?') d.say('IDLE');
      });
      device.isPresent = () => present;
      devices.push(device);
      return device;
    });
    await vi.waitFor(() => expect(runner.status().phase).toBe('polling'), { timeout: 3000 });
    const reasons: string[] = [];
    await runner.attach({
      name: 'lightburn',
      onLine: () => undefined,
      onDetach: (why) => reasons.push(why),
    });
    present = false;
    await vi.waitFor(
      () => expect(reasons).toEqual(['port /dev/toy disappeared (USB cable pulled?)']),
      { timeout: 3000 },
    );
    expect(runner.status().client).toBeUndefined();
    present = true;
    await vi.waitFor(() => expect(devices[1]?.written.join('')).toContain('TEMP\n'), {
      timeout: 5000,
    });
  });

  it('does not call a lent machine unresponsive for being quiet when nothing is asked of it', async (t) => {
    const { expect } = t;
    // A Marlin-like firmware: no realtime poll, so nothing goes out while a client holds the port.
    const lineOnly: typeof toyProfile = { ...toyProfile, poll: () => [{ command: 'TEMP' }] };
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0', 'ok');
      if (data === 'SETUP\n' || data === 'TEMP\n') d.say('ok');
    });
    const { runner, outputs } = run(t, async () => device, {}, [lineOnly]);
    await vi.waitFor(() => expect(runner.status().phase).toBe('polling'), { timeout: 3000 });
    const lease = await runner.attach({
      name: 'octoprint-bridge',
      onLine: () => undefined,
      onDetach: () => undefined,
    });
    await new Promise((r) => setTimeout(r, 2500)); // silenceSeconds is 1
    expect(states(outputs)).toEqual(['idle']);
    lease.release();
  });
});
