/**
 * The Marlin simulator on a real socat pty, seen from the host end through `serialport`: the
 * lines a gateway would read. Waits are on lines, never on durations.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { getSerialProfile } from '@manufacto/firmware-profiles';
import { openPtyPair } from '../../support/pty.js';
import { openSerialHost, type SerialHost } from '../../support/serial-host.js';
import {
  startMarlinSimulator,
  type MarlinSimulator,
  type MarlinSimulatorOptions,
} from './simulator.js';

const TEMPS = /^ok T:\d+\.\d\d \/\d+\.\d\d B:\d+\.\d\d \/\d+\.\d\d @:\d+ B@:\d+$/;

/** A pty pair, the host end opened first (so the banner is not lost), then the printer. */
async function printer(
  options: Partial<MarlinSimulatorOptions> = {},
): Promise<{ sim: MarlinSimulator; host: SerialHost; hostPath: string }> {
  const pair = await openPtyPair();
  onTestFinished(() => pair.stop());
  const host = await openSerialHost(pair.hostPath);
  onTestFinished(() => host.close());
  const sim = await startMarlinSimulator({
    path: pair.devicePath,
    speed: 20,
    cable: pair,
    ...options,
  });
  onTestFinished(() => sim.stop());
  await host.waitForLine(/^echo:SD card ok$/); // end of the banner: answers come after it
  return { sim, host, hostPath: pair.hostPath };
}

const prusaProfile = getSerialProfile('prusa');

describe('Marlin simulator', () => {
  it('says hello at boot and identifies itself to M115 with its capabilities', async () => {
    const { host } = await printer();
    await host.waitForLine(/^start$/);
    await host.waitForLine(/^echo:Marlin 2\.1\.2\.1$/);
    await host.waitForLine(/^echo:SD card ok$/);
    const answer = await host.request('M115');
    expect(answer[0]).toMatch(
      /^FIRMWARE_NAME:Marlin 2\.1\.2\.1 \(Nov 22 2026 10:00:00\) SOURCE_CODE_URL:github\.com\/MarlinFirmware\/Marlin PROTOCOL_VERSION:1\.0 MACHINE_TYPE:Manufacto Sim EXTRUDER_COUNT:1 UUID:[0-9a-f-]{36}$/,
    );
    expect(answer).toContain('Cap:AUTOREPORT_TEMP:1');
    expect(answer).toContain('Cap:AUTOREPORT_SD_STATUS:1');
    expect(answer.at(-1)).toBe('ok');
  });

  it('answers M105 with temperatures and autoreports them without ok after M155', async () => {
    const { host } = await printer();
    const [temps] = await host.request('M105');
    expect(temps).toMatch(TEMPS);
    expect(await host.request('M155 S1')).toEqual(['ok']);
    const auto = await host.waitForLine(/T:/, { after: host.mark() });
    expect(auto.trim()).toMatch(/^T:\d+\.\d\d \/0\.00 B:\d+\.\d\d \/0\.00 @:0 B@:0$/);
  });

  it('checks line numbers and checksums as Marlin does, and names an unknown command before its ok', async () => {
    const { host } = await printer();
    // N1 M105*38: the XOR of "N1 M105" is 38; the line after M110's N0.
    expect(await host.request('N0 M110 N0*125')).toEqual(['ok']);
    expect(await host.request('N1 M105*38')).toEqual([expect.stringMatching(TEMPS)]);
    expect(await host.request('N3 M105*36')).toEqual([
      'Error:Line Number is not Last Line Number+1, Last Line: 1',
      'Resend: 2',
      'ok',
    ]);
    expect(await host.request('N2 M105*99')).toEqual([
      'Error:checksum mismatch, Last Line: 1',
      'Resend: 2',
      'ok',
    ]);
    expect(await host.request('M999x')).toEqual(['echo:Unknown command: "M999x"', 'ok']);
    expect(await host.request('G28')).toEqual(['ok']);
  });

  it('runs an SD job from "File opened" through heating and printing to "Done printing file"', async () => {
    const { sim, host } = await printer({ speed: 30 });
    expect(await host.request('M27')).toEqual(['Not SD printing', 'ok']);
    await host.request('M27 S1');
    const finished = new Promise((r) => sim.once('job-finished', r));
    const states: string[] = [];
    sim.on('state', (s) => states.push(s));
    const from = host.mark();
    sim.startJob({ name: 'BENCHY.GCO', durationS: 30 });
    const opened = await host.waitForLine(/^File opened:/, { after: from });
    expect(opened).toMatch(/^File opened: BENCHY\.GCO Size: \d+$/);
    await host.waitForLine(/^File selected$/, { after: from });
    await host.waitForLine(/^echo:busy: processing$/, { after: from });
    const first = await host.waitForLine(/^SD printing byte [1-9]\d*\/\d+$/, { after: from });
    const [done1, size] = first.replace('SD printing byte ', '').split('/').map(Number) as [
      number,
      number,
    ];
    const later = await host.waitForLine(
      (l) => {
        const m = /^SD printing byte (\d+)\/(\d+)$/.exec(l);
        return !!m && Number(m[1]) > done1;
      },
      { after: from },
    );
    expect(Number(later.split('/')[1])).toBe(size);
    const [temps] = await host.request('M105');
    expect(Number(/T:(\d+\.\d+) \/215\.00/.exec(temps ?? '')?.[1])).toBeGreaterThan(200);
    await host.waitForLine(/^Done printing file$/, { after: from, timeoutMs: 30_000 });
    expect(await finished).toEqual({ name: 'BENCHY.GCO', outcome: 'completed' });
    expect(states).toEqual(['heating', 'printing', 'idle']);
    await host.waitForLine(/^Not SD printing$/, { after: host.mark() });
  });

  it('prints an SD file selected with M23 and started with M24', async () => {
    const { sim, host } = await printer({ speed: 60 });
    const answer = await host.request('M23 SUPPORT.GCO');
    expect(answer).toEqual([
      'echo:Now fresh file: SUPPORT.GCO',
      expect.stringMatching(/^File opened: SUPPORT\.GCO Size: \d+$/),
      'File selected',
      'ok',
    ]);
    const finished = new Promise((r) => sim.once('job-finished', r));
    await host.request('M24');
    await host.waitForLine(/^Done printing file$/, { timeoutMs: 30_000 });
    expect(await finished).toMatchObject({ outcome: 'completed' });
  });

  it('halts on kill() and on a thermal runaway, and answers nothing until reset', async () => {
    const { sim, host } = await printer();
    sim.startJob({ durationS: 60 });
    const finished = new Promise((r) => sim.once('job-finished', r));
    const from = host.mark();
    sim.thermalRunaway();
    await host.waitForLine(/^Error:Thermal Runaway, system stopped! Heater_ID: 0$/, {
      after: from,
    });
    await host.waitForLine(/^Error:Printer halted\. kill\(\) called!$/, { after: from });
    expect(await finished).toMatchObject({ outcome: 'failed' });
    expect(sim.state).toBe('halted');
    const received = new Promise((r) => sim.once('command', r));
    host.command('M105'); // not answered: a killed Marlin is deaf
    await received;
    sim.reset();
    await host.waitForLine(/^echo:SD card ok$/, { after: from });
    // The first answer after the reset is M115's: M105 was swallowed.
    const after = host.mark();
    await host.request('M115');
    expect(host.lines.slice(from).some((l) => TEMPS.test(l))).toBe(false);
    expect(host.lines[after]).toMatch(/^FIRMWARE_NAME:/);
    sim.kill();
    await host.waitForLine(/^Error:Printer halted\. kill\(\) called!$/, { after });
  });

  it('keeps answering after garbage on the line, and stays silent while hung', async () => {
    const { sim, host } = await printer();
    await host.waitForLine(/^echo:SD card ok$/);
    const from = host.mark();
    sim.garbage();
    await host.waitForLine(/garbled/, { after: from });
    expect(await host.request('M105')).toEqual([expect.stringMatching(TEMPS)]);
    sim.hang();
    const hungAt = host.mark();
    const ignored = new Promise((r) => sim.once('ignored', r));
    host.command('M105');
    await ignored;
    sim.unhang();
    const [first] = await host.request('M115');
    expect(first).toMatch(/^FIRMWARE_NAME:/);
    expect(host.lines.slice(hungAt).some((l) => TEMPS.test(l))).toBe(false);
  });

  it('disconnect() fails the job and pulls the cable: the host port node vanishes', async () => {
    const { sim, host, hostPath } = await printer();
    await host.waitForLine(/^echo:SD card ok$/);
    sim.startJob({ durationS: 60 });
    const finished = new Promise((r) => sim.once('job-finished', r));
    await sim.disconnect();
    expect(await finished).toMatchObject({ outcome: 'failed' });
    await expect.poll(() => existsSync(hostPath), { timeout: 10_000 }).toBe(false);
  });

  it('a Prusa runout queues its own M600 and waits for the user; the profile reads it paused until bytes move', async () => {
    const { sim, host } = await printer({ flavour: 'prusa', speed: 60 });
    await host.request('M27 S1');
    const from = host.mark();
    sim.startJob({ name: 'BENCHY.GCO', durationS: 60 });
    await host.waitForLine(/^SD printing byte [1-9]\d*\/\d+$/, { after: from, timeoutMs: 30_000 });
    const runout = host.mark();
    sim.filamentRunout();
    await host.waitForLine(/^echo:Enqueing to the front: "M600"$/, { after: runout });
    await host.waitForLine(/^echo:busy: paused for user$/, { after: runout });
    const read = () => {
      let model = prusaProfile.initialModel();
      host.lines.forEach((line, i) => {
        const event = prusaProfile.parse(line);
        model = prusaProfile.reduce(model, event, 1_000_000 + i).model;
      });
      return prusaProfile.snapshot(model);
    };
    expect(host.lines.slice(runout)).toContain('fsensor_checkpoint_print');
    expect(read()).toMatchObject({ state: 'paused', detail: 'hold', jobActive: true });
    const resumed = host.mark();
    sim.filamentChanged();
    const last = host.lines.filter((l) => l.startsWith('SD printing byte')).at(-1) ?? '';
    await host.waitForLine((l) => l.startsWith('SD printing byte') && l !== last, {
      after: resumed,
      timeoutMs: 30_000,
    });
    // Printing again (or `preparing` while the last temperature line read was still climbing).
    expect(read()).toMatchObject({ jobActive: true });
    expect(read().state).not.toBe('paused');
  });
});
