/**
 * Issue 16's Marlin defects, each against the Marlin simulator through the gateway's runner. The
 * simulator behaves as the firmware does where the defect lived: `M155` restarts its report timer,
 * `M25` freezes the SD byte count and says nothing, a board reboots when a host connects, numbered
 * lines are checked and garbled ones answered with `Error:` and `Resend:`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMarlinSimulator } from '../../simulators/marlin/simulator.js';
import { type Cleanups, cleanUp, cleanups, undo, watch, wire } from './harness.js';

afterEach(cleanUp);

/** Marlin's checksum: XOR of every byte before `*`. */
const numbered = (n: number, command: string) => {
  const text = `N${n} ${command}`;
  let xor = 0;
  for (const ch of text) xor ^= ch.charCodeAt(0);
  return `${text}*${xor}\n`;
};

describe('Marlin defects (issue 16)', () => {
  // Three printers at once, each with its own port and runner: the test waits on the firmware's
  // 2 s report timer, not on the CPU.
  it.concurrent.for([
    ['pty', 'burst'],
    ['pty', 'line'],
    ['tcp', 'burst'],
  ] as const)(
    '1, 13: temperatures arrive by autoreport: M155 armed once, not every second (%s, %s writes)',
    async ([kind, writes], { expect, onTestFinished }) => {
      const mine: Cleanups = [];
      onTestFinished(() => undo(mine));
      const w = await wire(kind, mine);
      const sim = await startMarlinSimulator({ ...w.device, writes });
      mine.push(() => sim.stop());
      const sent: string[] = [];
      sim.on('command', (line) => sent.push(line));
      const m = watch({ port: w.port, kind: 'printer' }, mine);
      // Three autoreports (a line without ok), each read as a temperature.
      await m.until(() => {
        const autoreports = m.runner
          .status()
          .recentLines.filter((l) => /< {1,2}T:\d/.test(l) && !l.includes('ok'));
        expect(autoreports.length).toBeGreaterThanOrEqual(3);
      });
      expect(m.readings().some((r) => r.hotend_temp_c !== undefined)).toBe(true);
      expect(sent.filter((l) => l.startsWith('M155'))).toEqual(['M155 S2']);
      // M105 only before the capabilities were known (a printer identified by its banner).
      expect(sent.slice(sent.indexOf('M155 S2')).filter((l) => l === 'M105')).toEqual([]);
    },
  );

  it('2: a pause on an idle printer makes no job', async () => {
    const w = await wire('pty');
    const sim = await startMarlinSimulator({ ...w.device, flavour: 'prusa' });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'printer' });
    await m.until(() => expect(m.runner.status().state).toBe('idle'));
    sim.hostAction('pause');
    await m.until(() =>
      expect(m.runner.status().recentLines.some((l) => l.endsWith('// action:pause'))).toBe(true),
    );
    // What the gateway polls next is answered after the action line: it has been read.
    const heard = m.runner.status().linesReceived;
    await m.until(() => expect(m.runner.status().linesReceived).toBeGreaterThan(heard + 2));
    expect(m.events()).toEqual([]);
    expect(m.states().map((s) => s.state)).toEqual(['idle']);
  });

  it('3: an SD print paused by M25 shows as paused, and running again after M24', async () => {
    const w = await wire('pty');
    const sim = await startMarlinSimulator({ ...w.device, speed: 4 });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'printer' });
    await m.until(() => expect(m.runner.status().state).toBe('idle'));
    sim.startJob({ durationS: 600 });
    await m.until(() => expect(m.runner.status().state).toBe('running'));
    sim.pauseFromMenu();
    await m.until(() =>
      expect(m.states().at(-1)).toMatchObject({ state: 'paused', detail: 'hold' }),
    );
    const lease = await m.runner.attach({ name: 'test', onLine: () => {}, onDetach: () => {} });
    await lease.write('M24\n');
    lease.release();
    await m.until(() => expect(m.runner.status().state).toBe('running'));
    expect(m.events().map((e) => e.type)).toEqual(['job_started']);
  });

  it('4: after a reconnect the firmware is identified again (reflashed: a new name, its capabilities)', async () => {
    const w = await wire('tcp');
    const before = await startMarlinSimulator({ ...w.device, resetOnConnect: true, bootMs: 800 });
    const m = watch({ port: w.port, kind: 'printer' });
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ profile: 'marlin', firmware: 'Marlin 2.1.2.1' }),
    );
    await before.stop();
    await m.until(() => expect(m.runner.status().state).toBe('offline'));
    // Reflashed with Prusa firmware; it reboots when the gateway connects, its banner comes later.
    const after = await startMarlinSimulator({
      ...w.device,
      flavour: 'prusa',
      resetOnConnect: true,
      bootMs: 800,
    });
    cleanups.push(() => after.stop());
    const sent: string[] = [];
    after.on('command', (line) => sent.push(line));
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ profile: 'prusa', state: 'idle' }),
    );
    expect(m.runner.status().firmware).toMatch(/^Prusa-Firmware 3\.13\.2/);
    // Its capabilities are known again: temperatures by autoreport, not by M105.
    await m.until(() => expect(sent).toContain('M155 S2'));
  });

  it('9: garbled lines on the link are counted as link errors, not published as alarms', async () => {
    const w = await wire('pty');
    const sim = await startMarlinSimulator(w.device);
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'printer' });
    await m.until(() => expect(m.runner.status().state).toBe('idle'));
    const heard: string[] = [];
    let answered: (() => void) | undefined;
    const lease = await m.runner.attach({
      name: 'sender',
      onLine: (line) => {
        heard.push(line);
        if (line === 'ok') answered?.();
      },
      onDetach: () => {},
    });
    const send = (line: string) =>
      new Promise<void>((resolve) => {
        answered = resolve;
        void lease.write(line);
      });
    await send(numbered(0, 'M110 N0'));
    sim.garbleNextLine();
    await send(numbered(1, 'G1 X10 F3000'));
    expect(heard).toContain('Resend: 1');
    await send(numbered(1, 'G1 X10 F3000'));
    lease.release();
    await m.until(() => expect(m.readings().some((r) => r.link_errors_total === 1)).toBe(true));
    expect(m.events().filter((e) => e.type === 'alarm')).toEqual([]);
  });

  it('12: a Prusa runout (its own M600, no host action) pauses the SD print until the user has changed the filament', async () => {
    const w = await wire('pty');
    const sim = await startMarlinSimulator({ ...w.device, flavour: 'prusa', speed: 4 });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'printer' });
    await m.until(() => expect(m.runner.status().state).toBe('idle'));
    sim.startJob({ durationS: 600 });
    await m.until(() => expect(m.runner.status().state).toBe('running'));
    const unknown = m.runner.status().unknownLines;
    sim.filamentRunout();
    await m.until(() =>
      expect(m.states().at(-1)).toMatchObject({ state: 'paused', detail: 'hold' }),
    );
    expect(m.runner.status().unknownLines).toBe(unknown);
    sim.filamentChanged();
    await m.until(() => expect(m.runner.status().state).toBe('running'));
    expect(m.events().filter((e) => e.type === 'job_finished')).toEqual([]);
  });
});
