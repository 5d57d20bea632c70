/**
 * The GRBL simulator on a real socat pty, seen from the host end through `serialport`: realtime
 * `?` reports, `$` commands, a job, alarms, door, reset and garbage. Waits are on lines.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { getSerialProfile } from '@manufacto/firmware-profiles';
import { openPtyPair } from '../../support/pty.js';
import { openSerialHost, type SerialHost } from '../../support/serial-host.js';
import { startGrblSimulator, type GrblSimulator, type GrblSimulatorOptions } from './simulator.js';

const REPORT =
  /^<(\w+)(?::(\d))?\|MPos:(-?\d+\.\d{3}),(-?\d+\.\d{3}),(-?\d+\.\d{3})(?:\|Bf:\d+,\d+)?\|FS:(\d+),(\d+)(?:\|Pn:[XYZPDHRS]+)?(?:\|WCO:-?\d+\.\d{3},-?\d+\.\d{3},-?\d+\.\d{3})?(?:\|Ov:\d+,\d+,\d+)?(?:\|A:[SCFM]+)?>$/;

async function controller(
  options: Partial<GrblSimulatorOptions> = {},
): Promise<{ sim: GrblSimulator; host: SerialHost; report(): Promise<string> }> {
  const pair = await openPtyPair();
  onTestFinished(() => pair.stop());
  const host = await openSerialHost(pair.hostPath);
  onTestFinished(() => host.close());
  const sim = await startGrblSimulator({
    path: pair.devicePath,
    speed: 20,
    cable: pair,
    ...options,
  });
  onTestFinished(() => sim.stop());
  await host.waitForLine(/^Grbl|^GrblHAL/);
  /** One `?` (no newline) and its `<…>` answer. */
  const report = () => {
    const from = host.mark();
    host.write('?');
    return host.waitForLine(/^</, { after: from });
  };
  return { sim, host, report };
}

const grblProfile = getSerialProfile('grbl');

describe('GRBL simulator', () => {
  it('greets with the 1.1h banner and answers $I, $$ (laser mode) and $G', async () => {
    const { host } = await controller({ machine: 'laser' });
    expect(host.lines).toContain("Grbl 1.1h ['$' for help]");
    expect(await host.request('$I')).toEqual(['[VER:1.1h.20190830:]', '[OPT:VL,15,128]', 'ok']);
    const settings = await host.request('$$');
    expect(settings).toContain('$32=1');
    expect(settings.every((l) => /^\$\d+=[\d.]+$|^ok$/.test(l))).toBe(true);
    expect(await host.request('$G')).toEqual(['[GC:G0 G54 G17 G21 G90 G94 M5 M9 T0 F0 S0]', 'ok']);
    expect(await host.request('G1 X10 F500')).toEqual(['ok']);
  });

  it('a CNC is not in laser mode, and the other variants have their own banner', async () => {
    const { host } = await controller({ machine: 'cnc', variant: 'grblhal' });
    expect(host.lines.some((l) => l.startsWith('GrblHAL 1.1f'))).toBe(true);
    expect(await host.request('$$')).toContain('$32=0');
  });

  it('sends WCO in the first report and then only now and then, A: only while the beam fires', async () => {
    const { sim, report } = await controller({ machine: 'laser', speed: 5 });
    const first = await report();
    expect(first).toBe('<Idle|MPos:0.000,0.000,0.000|FS:0,0|WCO:0.000,0.000,0.000>');
    const idle: string[] = [];
    for (let i = 0; i < 12; i += 1) idle.push(await report());
    expect(idle.every((r) => REPORT.test(r))).toBe(true);
    expect(idle.filter((r) => r.includes('WCO:')).length).toBeLessThanOrEqual(2);
    expect(idle.some((r) => r.includes('Ov:100,100,100'))).toBe(true);
    expect(idle.some((r) => r.includes('|A:'))).toBe(false);
    sim.startJob({ name: 'plaque.nc', durationS: 20 });
    const running: string[] = [];
    // The beam turns on: the next report carries Ov and A:S; A: never comes without Ov.
    await expect
      .poll(
        async () => {
          running.push(await report());
          return running.at(-1);
        },
        { timeout: 10_000, interval: 20 },
      )
      .toMatch(/\|Ov:100,100,100\|A:S>$/);
    expect(running.filter((r) => r.includes('|A:')).every((r) => r.includes('|Ov:'))).toBe(true);
    expect(running.every((r) => REPORT.test(r))).toBe(true);
  });

  it('reports Idle, then Run with the head moving, feed and power, then Idle again across a job', async () => {
    const { sim, report } = await controller({ machine: 'laser', speed: 20 });
    const finished = new Promise((r) => sim.once('job-finished', r));
    sim.startJob({ name: 'boite.nc', durationS: 10 });
    const seen = new Set<string>();
    const positions = new Set<string>();
    let runWithFeed = false;
    for (;;) {
      const r = await report();
      const m = REPORT.exec(r);
      expect(m, r).not.toBeNull();
      const [, state, , x, y, , feed, speed] = m as RegExpExecArray;
      seen.add(state as string);
      if (state === 'Run') {
        positions.add(`${x},${y}`);
        if (Number(feed) > 0 && Number(speed) > 0) runWithFeed = true;
      }
      if (state === 'Idle' && seen.has('Run')) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(await finished).toEqual({ name: 'boite.nc', outcome: 'completed' });
    expect(runWithFeed).toBe(true);
    expect(positions.size).toBeGreaterThan(2);
  });

  it('goes to Alarm on ALARM:n, refuses G-code with error:9, and $X unlocks it', async () => {
    const { sim, host, report } = await controller({ machine: 'cnc' });
    sim.startJob({ durationS: 60 });
    const finished = new Promise((r) => sim.once('job-finished', r));
    const from = host.mark();
    sim.alarm(1);
    await host.waitForLine(/^ALARM:1$/, { after: from });
    expect(await finished).toMatchObject({ outcome: 'failed' });
    expect(await report()).toMatch(/^<Alarm\|/);
    expect(await host.request('G0 X0')).toEqual(['error:9']);
    expect(await host.request('$X')).toEqual(['[MSG:Caution: Unlocked]', 'ok']);
    expect(await report()).toMatch(/^<Idle\|/);
  });

  it('prints its banner again on Ctrl-X, with ALARM:3 and a lock when it was moving', async () => {
    const { sim, host, report } = await controller({ machine: 'laser' });
    let from = host.mark();
    host.write('\x18');
    await host.waitForLine(/^Grbl 1\.1h \['\$' for help\]$/, { after: from });
    expect(await report()).toMatch(/^<Idle\|/);
    sim.startJob({ durationS: 60 });
    const finished = new Promise((r) => sim.once('job-finished', r));
    from = host.mark();
    host.write('\x18');
    await host.waitForLine(/^ALARM:3$/, { after: from });
    await host.waitForLine(/^Grbl 1\.1h/, { after: from });
    await host.waitForLine(/^\[MSG:'\$H'\|'\$X' to unlock\]$/, { after: from });
    expect(await finished).toMatchObject({ outcome: 'cancelled' });
    expect(await report()).toMatch(/^<Alarm\|/);
  });

  it('holds on ! and resumes on ~; an open door stops it until closed and resumed', async () => {
    const { sim, host, report } = await controller({ machine: 'laser', speed: 2 });
    sim.startJob({ durationS: 600 });
    host.write('!');
    await expect.poll(report, { timeout: 10_000 }).toMatch(/^<Hold:0\|/);
    host.write('~');
    await expect.poll(report, { timeout: 10_000 }).toMatch(/^<Run\|/);
    sim.door();
    const door = await report();
    expect(door).toMatch(/^<Door:1\|.*\|FS:0,\d+\|Pn:D/);
    host.write('~'); // ignored while the door is open
    expect(await report()).toMatch(/^<Door:1\|/);
    sim.closeDoor();
    expect(await report()).toMatch(/^<Door:0\|/);
    host.write('~');
    await expect.poll(report, { timeout: 10_000 }).toMatch(/^<Run\|/);
  });

  it('keeps answering after garbage on the line and stays silent while hung', async () => {
    const { sim, host, report } = await controller();
    const from = host.mark();
    sim.garbage();
    await host.waitForLine(/garbled/, { after: from });
    expect(await report()).toMatch(REPORT);
    sim.hang();
    const ignored = new Promise((r) => sim.once('ignored', r));
    const hungAt = host.mark();
    host.write('?');
    await ignored;
    sim.unhang();
    expect(await host.request('$I')).toContain('ok');
    expect(host.lines.slice(hungAt).some((l) => l.startsWith('<'))).toBe(false);
  });

  it("an Ortur board greets with its model and OLF version before GRBL 1.1f's banner, after a reset too", async () => {
    const { host } = await controller({ vendor: 'ortur' });
    const greeting = host.lines.filter((l) => l !== '');
    expect(greeting.slice(0, 3)).toEqual([
      'Ortur Laser Master 2 Ready!',
      'OLF 137.',
      "Grbl 1.1f ['$' for help]",
    ]);
    expect(grblProfile.identify(greeting[0] ?? '')).toMatchObject({
      firmware: 'Ortur Laser Master 2',
    });
    const from = host.mark();
    host.write('\x18');
    await host.waitForLine(/^Grbl 1\.1f/, { after: from });
    expect(host.lines.slice(from)).toContain('Ortur Laser Master 2 Ready!');
  });
});
