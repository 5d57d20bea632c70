/**
 * A CO2 laser that says nothing, watched by a Shelly plug: our Shelly simulator publishes its draw
 * to a real mosquitto (the workshop's broker) → the gateway's MQTT link and the power usage
 * detector → the server's embedded broker → ingest → usage sessions with their energy.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ShellySimulator } from '../../simulators/shelly/simulator.js';
import { brokerForAll } from '../../support/broker.js';
import { followLive, startStack, type Stack } from '../../support/stack.js';

const PREFIX = 'shellyplusplugs-80646fd031f8';
let plug: ShellySimulator;
let stack: Stack;
let live: ReturnType<typeof followLive>;

interface Session {
  outcome: string;
  wallSeconds: number;
  activeSeconds: number;
  energyWh: number | null;
}

async function sessions(): Promise<Session[]> {
  const res = await fetch(`${stack.server.httpUrl}/api/usage-sessions?machine=laser-ruida`, {
    headers: stack.admin,
  });
  return ((await res.json()) as { usageSessions: Session[] }).usageSessions;
}

/** The workshop's broker, stopped after the file's own afterAll (hooks after run last first). */
const workshop = brokerForAll('mosquitto');

beforeAll(async () => {
  plug = await ShellySimulator.start({
    brokerUrl: workshop.url,
    prefix: PREFIX,
    idleWatts: 40,
    reportMs: 400,
  });
  stack = await startStack({
    machines: [],
    influx: false,
    networkMachines: [
      {
        id: 'laser-ruida',
        name: 'Laser CO2 (Ruida)',
        kind: 'laser',
        transport: 'mqtt',
        profile: 'shelly',
        url: workshop.url,
        device: PREFIX,
        power: { idleBelowW: 60, workingAboveW: 250, startAfterSeconds: 1, endAfterSeconds: 3 },
      },
    ],
  });
  live = followLive(stack.server.httpUrl);
});

afterAll(async () => {
  await live?.stop();
  await stack?.stop();
  await plug?.stop();
});

describe('a Shelly-metered laser', () => {
  it('shows the laser idle with its standby draw', async () => {
    await vi.waitFor(
      async () => {
        const res = await fetch(`${stack.server.httpUrl}/api/machines/laser-ruida`);
        expect(await res.json()).toMatchObject({
          state: 'idle',
          profile: 'shelly',
          metrics: { power_w: 40 },
        });
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it('makes two cuts with a short pause one usage session, ended at the drop, with its energy', async () => {
    const before = plug.energyWh;
    await plug.cut(800, 4);
    await new Promise((r) => setTimeout(r, 1500)); // the sheet turned over: shorter than endAfterSeconds
    await plug.cut(700, 3);
    const after = plug.energyWh;
    await vi.waitFor(async () => expect(await sessions()).toHaveLength(1), {
      timeout: 20_000,
      interval: 300,
    });
    const [session] = await sessions();
    expect(session?.outcome).toBe('completed');
    // Working time: about 7 s drawing, counted from the first crossing (the detector confirms the
    // job a second later, and that second is the job's); the pause counts in wall time only.
    expect(session?.activeSeconds).toBeGreaterThan(6.3);
    expect(session?.activeSeconds).toBeLessThan(8.5);
    expect(session?.wallSeconds).toBeGreaterThan(session?.activeSeconds ?? 0);
    expect(session?.wallSeconds).toBeLessThan(11);
    // The plug's counter over the job, its first second included (800 W for a second: 0.22 Wh).
    const meter = after - before;
    expect(session?.energyWh).toBeGreaterThan(meter - 0.05);
    expect(session?.energyWh).toBeLessThanOrEqual(meter + 0.01);
    expect(live.events.some((e) => e.view.id === 'laser-ruida' && e.view.state === 'running')).toBe(
      true,
    );
  });

  it('switches the relay for access at the machine: open is unpowered, closed draws again', async () => {
    await stack.gateway.switchRelay('laser-ruida', false);
    await vi.waitFor(
      async () =>
        expect(
          await (await fetch(`${stack.server.httpUrl}/api/machines/laser-ruida`)).json(),
        ).toMatchObject({
          state: 'idle',
          reason: 'Prise coupée : la machine n’est pas alimentée',
          metrics: { power_w: 0 },
        }),
      { timeout: 10_000, interval: 100 },
    );
    expect(plug.output).toBe(false);
    await stack.gateway.switchRelay('laser-ruida', true);
    await vi.waitFor(
      async () =>
        expect(
          await (await fetch(`${stack.server.httpUrl}/api/machines/laser-ruida`)).json(),
        ).toMatchObject({ state: 'idle', metrics: { power_w: 40 } }),
      { timeout: 10_000, interval: 100 },
    );
    expect(plug.output).toBe(true);
    await expect(stack.gateway.switchRelay('nope', true)).rejects.toThrow('machine nope: unknown');
  });

  it('a blip shorter than startAfterSeconds is no job', async () => {
    await plug.cut(900, 0.4);
    const seen = plug.published;
    // Wait for the plug to report several times more, then for the machine to be idle again.
    await vi.waitFor(() => expect(plug.published).toBeGreaterThan(seen + 10), { timeout: 15_000 });
    await vi.waitFor(
      async () =>
        expect(
          await (await fetch(`${stack.server.httpUrl}/api/machines/laser-ruida`)).json(),
        ).toMatchObject({ state: 'idle' }),
      { timeout: 10_000 },
    );
    expect(await sessions()).toHaveLength(1);
  });

  it('a plug that drops off the network is offline with why (its last will)', async () => {
    plug.pull();
    await vi.waitFor(
      async () => {
        const res = await fetch(`${stack.server.httpUrl}/api/machines/laser-ruida`);
        expect(await res.json()).toMatchObject({
          state: 'offline',
          reason: 'La prise Shelly a quitté le broker MQTT (hors tension ou hors réseau)',
        });
      },
      { timeout: 20_000, interval: 200 },
    );
  });
});
