/**
 * Issue 16's GRBL defects, each against the GRBL simulator through the gateway's runner: a reset
 * into alarm (banner, `[MSG:'$H'|'$X' to unlock]`, still `Alarm`), a status report garbled on the
 * wire, FluidNC's programmed S reported after M5.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { cleanUp, cleanups, watch, wire } from './harness.js';

afterEach(cleanUp);

describe('GRBL defects (issue 16)', () => {
  it('5: a reset into alarm keeps the alarm and its reason: no idle in between, no generic reason', async () => {
    const w = await wire('pty');
    const sim = await startGrblSimulator({ ...w.device, machine: 'laser' });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'laser' });
    await m.until(() => expect(m.runner.status().state).toBe('idle'));
    sim.startJob({ durationS: 60 });
    await m.until(() => expect(m.runner.status().state).toBe('running'));
    sim.alarm(1);
    await m.until(() => expect(m.runner.status().state).toBe('error'));
    const reason = m.runner.status().reason;
    expect(reason).toMatch(/^Alarme 1/);
    const from = m.states().length;
    // Ctrl-X from a sender: banner, "unlock" message, and GRBL still in Alarm.
    const lease = await m.runner.attach({ name: 'sender', onLine: () => {}, onDetach: () => {} });
    await lease.write('\x18');
    lease.release();
    await m.until(() =>
      expect(
        m.runner.status().recentLines.filter((l) => /< <Alarm\|/.test(l)).length,
      ).toBeGreaterThan(3),
    );
    expect(m.states().slice(from)).toEqual([]);
    expect(m.runner.status()).toMatchObject({ state: 'error', reason });
  });

  it('6: a status report garbled on the wire is dropped, not read as a feed ten times too high', async () => {
    const w = await wire('pty');
    const sim = await startGrblSimulator({ ...w.device, machine: 'laser' });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'laser' });
    await m.until(() => expect(m.runner.status().state).toBe('idle'));
    sim.startJob({ durationS: 60 });
    await m.until(() => expect(m.readings().some((r) => r.feed_mm_min === 3000)).toBe(true));
    const unknown = m.runner.status().unknownLines;
    sim.garbleNextReport();
    await m.until(() =>
      expect(m.runner.status().recentLines.some((l) => /FS:3000600[|>]/.test(l))).toBe(true),
    );
    expect(m.runner.status().unknownLines).toBe(unknown + 1);
    expect(m.readings().filter((r) => (r.feed_mm_min ?? 0) > 3000)).toEqual([]);
  });

  it('10: a FluidNC spindle is off after M5 although the report still carries the programmed S', async () => {
    const w = await wire('tcp');
    const sim = await startGrblSimulator({ ...w.device, machine: 'cnc', variant: 'fluidnc' });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'cnc' });
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ profile: 'fluidnc', state: 'idle' }),
    );
    let answered: (() => void) | undefined;
    const lease = await m.runner.attach({
      name: 'sender',
      onLine: (line) => {
        if (line === 'ok' || line.startsWith('error:')) answered?.();
      },
      onDetach: () => {},
    });
    const send = (line: string) =>
      new Promise<void>((resolve) => {
        answered = resolve;
        void lease.write(`${line}\n`);
      });
    await send('M3 S12000');
    await m.until(() => expect(m.readings().some((r) => r.spindle_rpm === 12000)).toBe(true));
    await send('M5');
    lease.release();
    await m.until(() => expect(m.readings().at(-1)?.spindle_rpm).toBe(0));
    expect(m.runner.status().recentLines.at(-1)).toMatch(/FS:0,12000/);
  });

  it('12: an Ortur board is named by its greeting (profile auto), and its boot lines are known', async () => {
    // The board restarts when the host connects, so its greeting is what the gateway hears first.
    const w = await wire('tcp');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      vendor: 'ortur',
      resetOnConnect: true,
      bootMs: 200,
    });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'laser' });
    await m.until(() => expect(m.runner.status().state).toBe('idle'));
    expect(m.runner.status()).toMatchObject({ firmware: 'Ortur Laser Master 2', unknownLines: 0 });
  });
});
