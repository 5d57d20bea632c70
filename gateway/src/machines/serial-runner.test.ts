/**
 * The runner's own duties against a scripted connection (`serial-runner.test-harness.ts`): banner
 * wait, identification, polling, offline and reconnection. Lending the port:
 * `serial-runner.lending.test.ts`.
 */
import { describe, it, vi } from 'vitest';
import {
  otherProfile,
  run,
  ScriptedDevice,
  states,
  toyProfile,
} from './serial-runner.test-harness.js';

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
});
