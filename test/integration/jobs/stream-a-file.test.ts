/**
 * A G-code file streamed through the real gateway runner (its port lent, never reopened) to our
 * simulators on real socat ptys, with each firmware's flow control: Marlin's numbered lines under
 * an injected resend and a dropped line, GRBL's character counting against a 128-byte receive
 * buffer that loses what overflows it. Every line must arrive once, in order, and the job must be
 * on the wall: named, running, with its progress, and finished with its outcome.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JobStream } from '../../../gateway/src/jobs/job-stream.js';
import { startGrblSimulator } from '../../simulators/grbl/simulator.js';
import { startMarlinSimulator } from '../../simulators/marlin/simulator.js';
import { cleanUp, cleanups, watch, wire } from '../defects/harness.js';

afterEach(cleanUp);

/** A program of `n` distinct moves: a lost, doubled or swapped line shows in the comparison. */
function program(n: number, feed: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => `G1 X${(i % 200).toFixed(1)} Y${Math.floor(i / 200)}.${i % 10} F${feed}`,
  );
}

/**
 * The file's size: 50,000 lines for GRBL (about 50 s here); Marlin answers one line at a time, so
 * its run is 10,000 lines unless MANUFACTO_JOB_LINES says (50,000 take about 2 minutes on a loaded
 * machine).
 */
const LINES = Number(process.env.MANUFACTO_JOB_LINES ?? 50_000);
const MARLIN_LINES = Number(process.env.MANUFACTO_JOB_LINES ?? 10_000);

describe('streaming a job through the gateway', () => {
  it('Marlin: every line once, in order, through an injected resend and a silently dropped line', async () => {
    const w = await wire('pty');
    const sim = await startMarlinSimulator({ ...w.device });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'printer', profile: 'marlin' });
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ phase: 'polling', state: 'idle' }),
    );

    const lines = program(MARLIN_LINES, 1800);
    const accepted: string[] = [];
    sim.on('accepted', (line) => {
      accepted.push(line);
      // Noise flips a byte of one line (checksum error → Resend), another vanishes whole.
      if (accepted.length === 1000) sim.garbleNextLine();
      if (accepted.length === 2000) sim.dropNextLine();
    });
    const job = await JobStream.start({
      machineId: 'machine-1',
      host: m.runner,
      name: 'benchy.gcode',
      gcode: `; sliced\n${lines.join('\n')}\n`,
      log: (l) => m.logs.push(l),
      okTimeoutMs: 500,
    });
    const result = await job.done;

    expect(result).toMatchObject({ outcome: 'completed' });
    expect(accepted.filter((l) => l.startsWith('G1 '))).toEqual(lines);
    // At least the dropped line timed out; on a loaded machine a slow answer may too, and its
    // copy is then refused by Marlin as a duplicate: the comparison above still holds.
    expect(result.progress.linesAcked).toBe(lines.length);
    expect(result.progress.timeouts).toBeGreaterThanOrEqual(1);
    expect(result.progress.resends).toBeGreaterThanOrEqual(2);
    // On the wall: a named job, running while it streamed (Marlin itself says nothing of it).
    const events = m.events();
    expect(events.find((e) => e.type === 'job_started')).toMatchObject({
      job: { name: 'benchy.gcode' },
    });
    expect(events.find((e) => e.type === 'job_finished')).toMatchObject({
      job: { name: 'benchy.gcode', outcome: 'completed' },
    });
    expect(m.states().map((s) => s.state)).toContain('running');
    expect(m.readings().some((r) => (r.progress_pct ?? 0) > 0)).toBe(true);
    // The port goes back to the runner, which polls again.
    expect(m.runner.status().client).toBeUndefined();
    await m.until(() => expect(m.states().at(-1)).toMatchObject({ state: 'idle' }));
  }, 180_000);

  it('Marlin: pause stops the feed (paused on the wall), cancel stops the motors and the heaters', async () => {
    const w = await wire('pty');
    const sim = await startMarlinSimulator({ ...w.device });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'printer', profile: 'marlin' });
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ phase: 'polling', state: 'idle' }),
    );
    const accepted: string[] = [];
    sim.on('accepted', (line) => accepted.push(line));
    const job = await JobStream.start({
      machineId: 'machine-1',
      host: m.runner,
      name: 'vase.gcode',
      gcode: program(20_000, 1200).join('\n'),
      log: (l) => m.logs.push(l),
      okTimeoutMs: 30_000,
    });
    await m.until(() => expect(accepted.length).toBeGreaterThan(50));
    // Paused at once: waiting first for an autoreport let a loaded pty stream the whole file, and
    // the job was over (idle) before the pause.
    job.pause();
    await m.until(() =>
      expect(m.states().at(-1)).toMatchObject({ state: 'paused', detail: 'hold' }),
    );
    // The job took the port before the runner armed the autoreport: the sender armed it, and the
    // wall keeps its temperatures while the job holds the port.
    const since = new Date().toISOString();
    await m.until(() =>
      expect(m.runner.status().recentLines.some((l) => l > since && /^\S+ < {1,2}T:/.test(l))).toBe(
        true,
      ),
    );
    const heldAt = accepted.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(accepted.length).toBeLessThanOrEqual(heldAt + 1); // at most the line in flight
    job.resume();
    await m.until(() => expect(accepted.length).toBeGreaterThan(heldAt + 20));
    job.cancel();
    const result = await job.done;
    expect(result).toMatchObject({ outcome: 'cancelled', reason: 'annulé' });
    await m.until(() =>
      expect(accepted.slice(-5)).toEqual(['M108', 'M410', 'M104 S0', 'M140 S0', 'M107']),
    );
    expect(m.events().filter((e) => e.type === 'job_finished')).toMatchObject([
      { job: { name: 'vase.gcode', outcome: 'cancelled', reason: 'annulé' } },
    ]);
  }, 60_000);

  it(`GRBL: ${LINES} lines by character counting into a 128-byte buffer, none lost or doubled`, async () => {
    const w = await wire('pty');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      rxBuffer: { rxBytes: 128, lineMs: 1, linesPerTick: 8 },
    });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'laser', profile: 'grbl' });
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ phase: 'polling', state: 'idle' }),
    );

    const lines = program(LINES, 3000);
    const accepted: string[] = [];
    sim.on('accepted', (line) => accepted.push(line));
    const job = await JobStream.start({
      machineId: 'machine-1',
      host: m.runner,
      name: 'plaque.nc',
      gcode: lines.join('\n'),
      log: (l) => m.logs.push(l),
      okTimeoutMs: 30_000,
    });
    const result = await job.done;

    expect(result).toMatchObject({ outcome: 'completed' });
    expect(sim.overflows).toBe(0);
    expect(accepted.filter((l) => l.startsWith('G1 '))).toEqual(lines);
    expect(accepted.at(-1)).toBe('G4 P0.01');
    expect(m.events().filter((e) => e.type === 'job_finished')).toMatchObject([
      { job: { name: 'plaque.nc', outcome: 'completed' } },
    ]);
  }, 300_000);

  it('GRBL: pause holds the machine (paused on the wall), resume runs on, cancel stops without an alarm', async () => {
    const w = await wire('pty');
    const sim = await startGrblSimulator({
      ...w.device,
      machine: 'laser',
      rxBuffer: { rxBytes: 128, lineMs: 20 },
    });
    cleanups.push(() => sim.stop());
    const m = watch({ port: w.port, kind: 'laser', profile: 'grbl' });
    await m.until(() =>
      expect(m.runner.status()).toMatchObject({ phase: 'polling', state: 'idle' }),
    );
    const accepted: string[] = [];
    sim.on('accepted', (line) => accepted.push(line));
    const job = await JobStream.start({
      machineId: 'machine-1',
      host: m.runner,
      name: 'long.nc',
      gcode: program(5000, 3000).join('\n'),
      log: (l) => m.logs.push(l),
      okTimeoutMs: 30_000,
    });
    await m.until(() => expect(m.states().at(-1)).toMatchObject({ state: 'running' }));
    // A feed hold stops motion; GRBL ignores it before it moves, as the real one does.
    await m.until(() => expect(sim.state).toBe('Run'));
    job.pause();
    await m.until(() => expect(m.states().at(-1)).toMatchObject({ state: 'paused' }));
    await m.until(() => expect(sim.state).toBe('Hold'));
    const heldAt = accepted.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(accepted.length).toBe(heldAt); // nothing runs while held
    job.resume();
    await m.until(() => expect(accepted.length).toBeGreaterThan(heldAt + 5));
    job.cancel('stopped at the machine');
    const result = await job.done;
    expect(result).toMatchObject({
      outcome: 'cancelled',
      reason: 'annulé : stopped at the machine',
    });
    await m.until(() => expect(sim.state).toBe('Idle'));
    expect(m.events().filter((e) => e.type === 'job_finished')).toMatchObject([
      { job: { name: 'long.nc', outcome: 'cancelled' } },
    ]);
    expect(m.events().some((e) => e.type === 'alarm')).toBe(false);
  }, 60_000);
});
