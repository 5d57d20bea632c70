/** The runner lends its open port to a client (a job sender, the TCP bridge): `port-client.ts`. */
import { describe, it, vi } from 'vitest';
import { PortUnavailableError } from './port-client.js';
import {
  ManualClock,
  portClient,
  run,
  ScriptedDevice,
  states,
  toyProfile,
  untilPolling,
} from './serial-runner.test-harness.js';

// Each test has its own runner and device, and waits on the runner's clocks (banner wait, polls,
// cable check): they run at the same time, so the file lasts as long as its longest test.
describe.concurrent('SerialMachineRunner lending its port', () => {
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
    await untilPolling(runner);
    const sender = portClient('job-sender');
    const lease = await runner.attach(sender);
    expect(runner.status().client).toBe('job-sender');
    await expect(runner.attach(portClient('lightburn'))).rejects.toThrow(PortUnavailableError);
    await expect(runner.attach(portClient('lightburn'))).rejects.toThrow(/job-sender is using it/);
    const before = device.written.length;
    await lease.write('G1 X10\n');
    // Monitoring goes on while the client drives the machine.
    await vi.waitFor(() => expect(states(outputs)).toEqual(['idle', 'running']), { timeout: 3000 });
    expect(sender.heard).toEqual(expect.arrayContaining(['ok', 'BUSY']));
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
    await untilPolling(runner);
    const lightburn = portClient('lightburn');
    await runner.attach(lightburn);
    open = false;
    devices[0]?.pull();
    expect(lightburn.reasons).toEqual(['port /dev/toy: connection lost']);
    expect(runner.status().client).toBeUndefined();
    await expect(runner.attach(portClient('lightburn'))).rejects.toThrow(/not connected/);
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
    await untilPolling(runner);
    slow = true;
    // Ask right after a TEMP went out, while its answer is on its way.
    const written = device.written.length;
    await vi.waitFor(() => expect(device.written.slice(written).join('')).toContain('TEMP\n'), {
      timeout: 3000,
    });
    const sender = portClient('job-sender');
    const lease = await runner.attach(sender);
    // The slow answer has come, and the client hears the polls answered since.
    await vi.waitFor(
      () => {
        expect(lateOks).toBeGreaterThan(0);
        expect(sender.heard).toContain('IDLE');
      },
      { timeout: 3000 },
    );
    expect(sender.heard).not.toContain('ok');
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
    await untilPolling(runner);
    const lightburn = portClient('lightburn');
    await runner.attach(lightburn);
    present = false;
    await vi.waitFor(
      () => expect(lightburn.reasons).toEqual(['port /dev/toy disappeared (USB cable pulled?)']),
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
    let answering = true;
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0', 'ok');
      if ((data === 'SETUP\n' || data === 'TEMP\n') && answering) d.say('ok');
    });
    const clock = new ManualClock();
    const { runner, outputs } = run(t, async () => device, {}, [lineOnly], clock);
    await vi.waitFor(() => expect(clock.listeners).toBe(1), { timeout: 3000 });
    clock.round();
    expect(states(outputs)).toEqual(['idle']);
    const lease = await runner.attach(portClient('octoprint-bridge'));
    const written = device.written.length;
    clock.pass(2500); // silenceSeconds is 1
    expect(device.written.slice(written)).toEqual([]);
    expect(states(outputs)).toEqual(['idle']);
    // The same clock does reach the silence check: asked again and quiet, it is unresponsive.
    lease.release();
    answering = false;
    clock.pass(1400);
    expect(device.written.slice(written)).toContain('TEMP\n');
    expect(states(outputs)).toEqual(['idle', 'offline/unresponsive']);
  });
  it('counts silence after a long quiet lend from its first question again, not from the last line before it', async (t) => {
    const { expect } = t;
    const lineOnly: typeof toyProfile = { ...toyProfile, poll: () => [{ command: 'TEMP' }] };
    // A real firmware's answer comes a moment after the question, never within the write.
    const device = new ScriptedDevice((data, d) => {
      if (data === 'WHO\n') d.say('TOY 1.0', 'ok');
      if (data === 'SETUP\n' || data === 'TEMP\n') setImmediate(() => d.say('ok'));
    });
    const clock = new ManualClock();
    const { runner, outputs } = run(t, async () => device, {}, [lineOnly], clock);
    await vi.waitFor(() => expect(clock.listeners).toBe(1), { timeout: 3000 });
    const lease = await runner.attach(portClient('octoprint-bridge'));
    clock.pass(2500); // silenceSeconds is 1
    lease.release();
    const heard = runner.status().linesReceived;
    clock.round();
    await vi.waitFor(() => expect(runner.status().linesReceived).toBeGreaterThan(heard));
    clock.round();
    expect(states(outputs)).toEqual(['idle']);
  });
});
