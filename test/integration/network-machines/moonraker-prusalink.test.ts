/**
 * Printers reached over HTTP and WebSocket, ours: a Klipper printer behind Moonraker (JSON-RPC over
 * WebSocket, with a restart of Moonraker in the middle) and a Prusa MK4 with PrusaLink (HTTP
 * polling behind digest authentication) → the gateway's links → the server → usage sessions.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MoonrakerSimulator } from '../../simulators/moonraker/simulator.js';
import { PrusaLinkSimulator } from '../../simulators/prusalink/simulator.js';
import { startStack, type Stack } from '../../support/stack.js';

let voron: MoonrakerSimulator;
let mk4: PrusaLinkSimulator;
let stack: Stack;

const machine = async (id: string) =>
  (await fetch(`${stack.server.httpUrl}/api/machines/${id}`)).json();
async function sessions(id: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${stack.server.httpUrl}/api/usage-sessions?machine=${id}`, {
    headers: stack.admin,
  });
  return ((await res.json()) as { usageSessions: Array<Record<string, unknown>> }).usageSessions;
}

beforeAll(async () => {
  voron = await MoonrakerSimulator.start();
  mk4 = await PrusaLinkSimulator.start('Zq7vPkc8');
  stack = await startStack({
    machines: [],
    influx: false,
    networkMachines: [
      {
        id: 'voron-24',
        name: 'Voron 2.4',
        kind: 'printer',
        transport: 'websocket',
        profile: 'moonraker',
        url: voron.url,
      },
      {
        id: 'prusa-mk4',
        name: 'Prusa MK4',
        kind: 'printer',
        transport: 'http',
        profile: 'prusalink',
        url: mk4.url,
        password: 'Zq7vPkc8',
        pollSeconds: 0.5,
      },
    ],
  });
});

afterAll(async () => {
  await stack?.stop();
  await voron?.stop();
  await mk4?.stop();
});

describe('Klipper through Moonraker', () => {
  it('subscribes and shows the printer idle with its temperatures and Klipper version', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('voron-24')).toMatchObject({
          state: 'idle',
          profile: 'moonraker',
          firmware: 'Klipper v0.12.0-208-g49c0ad63',
          metrics: { hotend_temp_c: 23.4, bed_temp_c: 22.9 },
        }),
      { timeout: 20_000, interval: 200 },
    );
  });

  it('Moonraker restarting is offline, then the link reconnects and subscribes again', async () => {
    const before = voron.subscriptions;
    voron.drop();
    await vi.waitFor(
      async () => expect(await machine('voron-24')).toMatchObject({ state: 'offline' }),
      { timeout: 10_000, interval: 100 },
    );
    await vi.waitFor(
      async () => expect(await machine('voron-24')).toMatchObject({ state: 'idle' }),
      { timeout: 20_000, interval: 200 },
    );
    expect(voron.subscriptions).toBeGreaterThan(before);
  });

  it('follows a print from its deltas to a completed, named usage session', async () => {
    await voron.print('benchy_0.2mm_PLA.gcode', 5, 400);
    await vi.waitFor(
      async () => {
        const s = await sessions('voron-24');
        expect(s).toHaveLength(1);
        expect(s[0]).toMatchObject({ outcome: 'completed', name: 'benchy_0.2mm_PLA.gcode' });
      },
      { timeout: 15_000, interval: 300 },
    );
  });

  it('makes a print that ran while the gateway could not reach Moonraker a usage session, once', async () => {
    voron.refuse(true);
    await vi.waitFor(
      async () => expect(await machine('voron-24')).toMatchObject({ state: 'offline' }),
      { timeout: 10_000, interval: 100 },
    );
    await voron.print('support_camera.gcode', 4, 300);
    voron.refuse(false);
    await vi.waitFor(
      async () => {
        const s = await sessions('voron-24');
        expect(s.map((x) => x.name)).toEqual(['support_camera.gcode', 'benchy_0.2mm_PLA.gcode']);
        expect(s[0]).toMatchObject({ outcome: 'completed', activeSeconds: 1.2 });
      },
      { timeout: 30_000, interval: 300 },
    );
    // Reconnecting again reads the same history: neither job becomes a second session.
    const subscribed = voron.subscriptions;
    voron.drop();
    await vi.waitFor(() => expect(voron.subscriptions).toBeGreaterThan(subscribed), {
      timeout: 20_000,
      interval: 100,
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await sessions('voron-24')).toHaveLength(2);
  });
});

describe('PrusaLink', () => {
  it('answers the digest challenge and follows a print to a completed, named usage session', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('prusa-mk4')).toMatchObject({ state: 'idle', profile: 'prusalink' }),
      {
        timeout: 20_000,
        interval: 200,
      },
    );
    const refused = mk4.refused;
    await mk4.print('support-tablette_0.4n_0.2mm_PLA_MK4_1h.bgcode', 4, 700);
    await vi.waitFor(
      async () => {
        const s = await sessions('prusa-mk4');
        expect(s).toHaveLength(1);
        expect(s[0]).toMatchObject({
          outcome: 'completed',
          name: 'support-tablette_0.4n_0.2mm_PLA_MK4_1h.bgcode',
        });
      },
      { timeout: 15_000, interval: 300 },
    );
    // One challenge per nonce: the polls after the first carry the digest and are not refused.
    expect(mk4.refused - refused).toBeLessThanOrEqual(1);
  });
});
