/**
 * What a workshop does to a gateway: a cable pulled mid-job, the broker going away, garbage on
 * the line, a firmware that stops answering. Real ptys, real mosquitto, real influxd.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startGrblSimulator, type GrblSimulator } from '../simulators/grbl/simulator.js';
import { startMarlinSimulator, type MarlinSimulator } from '../simulators/marlin/simulator.js';
import { brokerForAll } from '../support/broker.js';
import { openPtyPair, type PtyPair } from '../support/pty.js';
import { influxQuery, startStack, type Stack } from '../support/stack.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ptyDir = mkdtempSync(join(tmpdir(), 'mf-fault-pty-'));
let stack: Stack;
let printerPty: PtyPair;
let cncPty: PtyPair;
let printer: MarlinSimulator;
let cnc: GrblSimulator;

async function machine(id: string) {
  const res = await fetch(`${stack.server.httpUrl}/api/machines/${id}`);
  return (await res.json()) as { state: string; detail: string | null; reason: string | null };
}

async function sessions(id: string) {
  const res = await fetch(`${stack.server.httpUrl}/api/usage-sessions?machine=${id}`, {
    headers: stack.admin,
  });
  return (
    (await res.json()) as {
      usageSessions: Array<{ outcome: string; reason: string | null; name: string | null }>;
    }
  ).usageSessions;
}

// A persistent broker, as in production: the server's session and its queued messages survive
// the outage (without it, what the gateway resends before the server re-subscribes reaches no one).
// Stopped, its folder removed, after the afterAll below.
const broker = brokerForAll('mosquitto', { mosquitto: { persistence: true } });

beforeAll(async () => {
  printerPty = await openPtyPair({ dir: ptyDir, name: 'printer' });
  cncPty = await openPtyPair({ dir: ptyDir, name: 'cnc' });
  printer = await startMarlinSimulator({ path: printerPty.devicePath, speed: 4 });
  cnc = await startGrblSimulator({
    path: cncPty.devicePath,
    machine: 'cnc',
    variant: 'grblhal',
    speed: 4,
  });
  stack = await startStack({
    mqttUrl: broker.url,
    machines: [
      { id: 'prusa-1', name: 'Prusa', kind: 'printer', profile: 'auto', port: printerPty.hostPath },
      { id: 'cnc-1', name: 'Fraiseuse', kind: 'cnc', profile: 'auto', port: cncPty.hostPath },
    ],
  });
  await vi.waitFor(
    async () => {
      expect((await machine('prusa-1')).state).toBe('idle');
      expect((await machine('cnc-1')).state).toBe('idle');
    },
    { timeout: 30_000, interval: 250 },
  );
});

afterAll(async () => {
  await stack?.stop();
  await printer?.stop();
  await cnc?.stop();
  await printerPty?.stop();
  await cncPty?.stop();
  rmSync(ptyDir, { recursive: true, force: true });
});

/**
 * The tests share one stack; each puts back what it takes away when it ends, passed or failed, so
 * that none depends on the one before (the printer's cable, the broker).
 */
describe('gateway faults', () => {
  it('a cable pulled mid-print ends the job as failed, shows the machine offline, and recovers when plugged back', async () => {
    printer.startJob({ name: 'BENCHY.GCO', durationS: 600 });
    await vi.waitFor(
      async () => expect(['preparing', 'running']).toContain((await machine('prusa-1')).state),
      { timeout: 15_000, interval: 200 },
    );
    let unplugged = true;
    onTestFinished(async () => {
      if (!unplugged) return;
      printerPty = await openPtyPair({ dir: ptyDir, name: 'printer' });
      printer = await startMarlinSimulator({ path: printerPty.devicePath, speed: 4 });
    });
    await printer.stop();
    await printerPty.stop();
    await vi.waitFor(
      async () =>
        expect(await machine('prusa-1')).toMatchObject({
          state: 'offline',
          detail: 'disconnected',
        }),
      { timeout: 10_000, interval: 200 },
    );
    await vi.waitFor(
      async () =>
        expect(await sessions('prusa-1')).toMatchObject([
          {
            outcome: 'failed',
            name: 'BENCHY.GCO',
            reason: expect.stringMatching(/connexion perdue|disparu/),
          },
        ]),
      {
        timeout: 10_000,
        interval: 200,
      },
    );
    // The other machine did not notice.
    expect((await machine('cnc-1')).state).toBe('idle');
    // Plugged back on the same path: the gateway reopens it by itself.
    printerPty = await openPtyPair({ dir: ptyDir, name: 'printer' });
    printer = await startMarlinSimulator({ path: printerPty.devicePath, speed: 4 });
    unplugged = false;
    await vi.waitFor(async () => expect((await machine('prusa-1')).state).toBe('idle'), {
      timeout: 40_000,
      interval: 250,
    });
  });

  it('garbage and half lines on the serial line change nothing and lose nothing', async () => {
    const before = stack.gateway.status().machines.find((m) => m.machine === 'cnc-1')!.unknownLines;
    cnc.garbage();
    cnc.garbage();
    await vi.waitFor(
      () =>
        expect(
          stack.gateway.status().machines.find((m) => m.machine === 'cnc-1')!.unknownLines,
        ).toBeGreaterThan(before),
      { timeout: 5000 },
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await machine('cnc-1')).state).toBe('idle');
  });

  it('a broker outage mid-job loses no record: the outbox keeps everything and sends it in order', async () => {
    // 6 s at the simulator's speed: long enough to be running when the broker goes.
    cnc.startJob({ name: 'plateau.nc', durationS: 24 });
    let jobDone = false;
    const finished = new Promise<void>((resolve) =>
      cnc.once('job-finished', () => {
        jobDone = true;
        resolve();
      }),
    );
    await vi.waitFor(async () => expect((await machine('cnc-1')).state).toBe('running'), {
      timeout: 10_000,
      interval: 200,
    });
    // Back on the same port and folder, whatever happens below.
    onTestFinished(() => broker.start());
    await broker.stop();
    expect(jobDone, 'the job still runs when the broker goes away').toBe(false);
    // While the broker is away the job finishes; the gateway keeps publishing into its outbox.
    await finished;
    await vi.waitFor(() => expect(stack.gateway.status().outbox.pending).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    await new Promise((r) => setTimeout(r, 16_000)); // GRBL's job-end grace period passes offline
    await broker.start();
    await vi.waitFor(() => expect(stack.gateway.status().outbox.pending).toBe(0), {
      timeout: 20_000,
      interval: 250,
    });
    await vi.waitFor(
      async () =>
        expect(await sessions('cnc-1')).toMatchObject([{ outcome: 'completed', name: null }]),
      { timeout: 10_000, interval: 250 },
    );
    const metrics = await (await fetch(`${stack.server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/manufacto_ingest_losses\{gateway="gw-test"\} 0/);
    await vi.waitFor(
      async () => {
        const events = await influxQuery(
          stack.influx!,
          `SELECT job_id, "type" FROM machine_events WHERE machine = 'cnc-1'`,
        );
        expect(events.map((e) => e.type)).toEqual(['job_started', 'job_finished']);
      },
      { timeout: 5000, interval: 250 },
    );
  });

  it('a firmware that stops answering shows as unresponsive, and comes back when it answers again', async () => {
    cnc.hang();
    onTestFinished(() => cnc.unhang());
    await vi.waitFor(
      async () =>
        expect(await machine('cnc-1')).toMatchObject({ state: 'offline', detail: 'unresponsive' }),
      { timeout: 15_000, interval: 250 },
    );
    cnc.unhang();
    await vi.waitFor(async () => expect((await machine('cnc-1')).state).toBe('idle'), {
      timeout: 10_000,
      interval: 250,
    });
  });
});
