/**
 * The whole path, real parts only: a GRBL laser simulator on a socat pty → the gateway (real
 * serialport, outbox, MQTT) → the server's embedded aedes broker → ingest → a real influxd, and
 * the server's live feed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGrblSimulator, type GrblSimulator } from '../../simulators/grbl/simulator.js';
import { openPtyPair, type PtyPair } from '../../support/pty.js';
import { followLive, influxQuery, startStack, type Stack } from '../../support/stack.js';

let pty: PtyPair;
let laser: GrblSimulator;
let stack: Stack;
let live: ReturnType<typeof followLive>;

beforeAll(async () => {
  pty = await openPtyPair({ name: 'laser' });
  laser = await startGrblSimulator({ path: pty.devicePath, machine: 'laser', speed: 5 });
  stack = await startStack({
    machines: [
      {
        id: 'laser-co2',
        name: 'Découpe laser',
        kind: 'laser',
        profile: 'auto',
        port: pty.hostPath,
      },
    ],
  });
  live = followLive(stack.server.httpUrl);
});

afterAll(async () => {
  await live?.stop();
  await stack?.stop();
  await laser?.stop();
  await pty?.stop();
});

describe('a laser job from the serial port to InfluxDB', () => {
  it('detects the firmware and shows the machine idle on the server', async () => {
    await vi.waitFor(
      async () => {
        const res = await fetch(`${stack.server.httpUrl}/api/machines/laser-co2`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({
          state: 'idle',
          kind: 'laser',
          profile: 'grbl',
          firmware: 'Grbl 1.1h',
          site: stack.site,
        });
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it('reports the job running on the live feed, then its end, and records a usage session', async () => {
    const startedAt = Date.now();
    laser.startJob({ name: 'plaque.nc', durationS: 20 });
    await vi.waitFor(
      () =>
        expect(
          live.events.some(
            (e) => e.view.id === 'laser-co2' && e.view.state === 'running' && e.at >= startedAt,
          ),
        ).toBe(true),
      {
        timeout: 15_000,
        interval: 100,
      },
    );
    const seen = live.events.find(
      (e) => e.view.id === 'laser-co2' && e.view.state === 'running' && e.at >= startedAt,
    );
    console.log(
      `live feed saw the laser running ${(seen?.at ?? 0) - startedAt} ms after the simulator started the job`,
    );
    await new Promise<void>((resolve) => laser.once('job-finished', () => resolve()));
    // The gateway waits out GRBL's job-end grace period (15 s) before it calls the job over.
    await vi.waitFor(
      async () => {
        const rows = await influxQuery(
          stack.influx!,
          `SELECT outcome, wall_s, active_s, beam_s FROM machine_events WHERE "type" = 'job_finished' AND machine = 'laser-co2'`,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ outcome: 'completed' });
        expect(rows[0]?.beam_s as number).toBeGreaterThan(0);
        expect(rows[0]?.active_s as number).toBeLessThanOrEqual(rows[0]?.wall_s as number);
      },
      { timeout: 40_000, interval: 500 },
    );
    const { usageSessions } = (await (
      await fetch(`${stack.server.httpUrl}/api/usage-sessions?machine=laser-co2`, {
        headers: stack.admin,
      })
    ).json()) as {
      usageSessions: Array<{
        outcome: string;
        wallSeconds: number;
        activeSeconds: number;
        beamSeconds: number | null;
      }>;
    };
    expect(usageSessions).toHaveLength(1);
    expect(usageSessions[0]).toMatchObject({
      outcome: 'completed',
      beamSeconds: expect.any(Number),
    });
    // The simulator ran 20 simulated seconds at speed 5: about 4 s of real time under the beam.
    expect(usageSessions[0]!.activeSeconds).toBeGreaterThan(2);
    expect(usageSessions[0]!.activeSeconds).toBeLessThan(15);
  });

  it('wrote every state change and readings into InfluxDB, with tags', async () => {
    const states = await influxQuery(
      stack.influx!,
      `SELECT state, state_code, kind, profile FROM machine_state WHERE machine = 'laser-co2'`,
    );
    expect(states.map((r) => r.state)).toEqual(expect.arrayContaining(['idle', 'running']));
    expect(states[0]).toMatchObject({ kind: 'laser', profile: 'grbl' });
    const metrics = await influxQuery(
      stack.influx!,
      `SELECT count(feed_mm_min) FROM machine_metrics WHERE machine = 'laser-co2'`,
    );
    expect(metrics[0]?.count as number).toBeGreaterThan(0);
  });

  it('lost nothing: no gap in the gateway sequence and nothing left in the outbox or the spool', async () => {
    await vi.waitFor(() => expect(stack.gateway.status().outbox.pending).toBe(0), {
      timeout: 10_000,
    });
    const metrics = await (await fetch(`${stack.server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/manufacto_ingest_losses\{gateway="gw-test"\} 0/);
    expect(metrics).toMatch(/manufacto_influx_spool_points 0/);
  });

  it('shows an alarm as an error with its reason, live', async () => {
    laser.alarm(1);
    await vi.waitFor(
      () => {
        const last = live.events.filter((e) => e.view.id === 'laser-co2').at(-1);
        expect(last?.view).toMatchObject({
          state: 'error',
          detail: 'alarm',
          reason: expect.stringMatching(/^Alarme 1 : fin de course/),
        });
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
