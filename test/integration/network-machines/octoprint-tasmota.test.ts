/**
 * Our OctoPrint (HTTPS with its self-signed certificate, API key, push socket) and our Tasmota plug
 * in front of a laser (MQTT on a real mosquitto, the workshop's broker) → the real gateway's links
 * → the server → usage sessions. The push socket replaces polling while it lives; polling takes
 * over when it is refused.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OctoPrintSimulator } from '../../simulators/octoprint/simulator.js';
import { TasmotaSimulator } from '../../simulators/tasmota/simulator.js';
import { brokerForAll } from '../../support/broker.js';
import { startStack, type Stack } from '../../support/stack.js';
import { selfSignedCertificate } from '../../support/tls.js';

const KEY = 'B508534ED20348F090B4D0AD637D3660';
let octo: OctoPrintSimulator;
let octoMqtt: OctoPrintSimulator;
let plug: TasmotaSimulator;
let stack: Stack;

const machine = async (id: string) =>
  (await fetch(`${stack.server.httpUrl}/api/machines/${id}`)).json();
async function sessions(id: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${stack.server.httpUrl}/api/usage-sessions?machine=${id}`, {
    headers: stack.admin,
  });
  return ((await res.json()) as { usageSessions: Array<Record<string, unknown>> }).usageSessions;
}

/** The workshop's broker, stopped after the file's own afterAll (hooks after run last first). */
const workshop = brokerForAll('mosquitto');

beforeAll(async () => {
  const cert = selfSignedCertificate();
  octo = await OctoPrintSimulator.start({
    apiKey: KEY,
    tls: { cert: cert.ca, key: readFileSync(cert.keyFile, 'utf8') },
  });
  // Another OctoPrint, read only through its MQTT plugin on the workshop's broker.
  octoMqtt = await OctoPrintSimulator.start({
    apiKey: 'unused',
    push: false,
    mqtt: { brokerUrl: workshop.url },
  });
  plug = await TasmotaSimulator.start({
    brokerUrl: workshop.url,
    topic: 'laser_gweike',
    idleWatts: 35,
    telePeriodMs: 400,
  });
  stack = await startStack({
    machines: [],
    influx: false,
    networkMachines: [
      {
        id: 'ender-octo',
        name: 'Ender 3 (OctoPrint)',
        kind: 'printer',
        transport: 'http',
        profile: 'octoprint',
        url: octo.url,
        apiKey: KEY,
        tls: { caFile: cert.certFile },
        pollSeconds: 0.5,
      },
      {
        // The same OctoPrint, trusting another certificate: refused, and said so.
        id: 'ender-wrong-ca',
        name: 'Ender 3 (mauvais certificat)',
        kind: 'printer',
        transport: 'http',
        profile: 'octoprint',
        url: octo.url,
        apiKey: KEY,
        tls: { caFile: selfSignedCertificate().certFile },
        pollSeconds: 0.5,
      },
      {
        id: 'mini-octo-mqtt',
        name: 'Prusa MINI (OctoPrint, extension MQTT)',
        kind: 'printer',
        transport: 'mqtt',
        profile: 'octoprint',
        url: workshop.url,
        device: 'octoPrint',
      },
      {
        id: 'laser-gweike',
        name: 'Laser CO2 (Gweike)',
        kind: 'laser',
        transport: 'mqtt',
        profile: 'tasmota',
        url: workshop.url,
        device: 'laser_gweike',
        power: { idleBelowW: 60, workingAboveW: 250, startAfterSeconds: 1, endAfterSeconds: 2 },
      },
    ],
  });
});

afterAll(async () => {
  await stack?.stop();
  await octo?.stop();
  await octoMqtt?.stop();
  await plug?.stop();
});

describe('OctoPrint over HTTPS with its push socket', () => {
  it('trusts the certificate of tls.caFile, logs in on the push socket and shows the printer', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('ender-octo')).toMatchObject({
          state: 'idle',
          profile: 'octoprint',
          firmware: 'OctoPrint 1.10.2', // said only by the push socket's `connected`
          metrics: { hotend_temp_c: 24.9, bed_temp_c: 23.5 },
        }),
      { timeout: 20_000, interval: 200 },
    );
    await vi.waitFor(() => expect(octo.authenticated).toBeGreaterThan(0), { timeout: 5000 });
  });

  it('refuses a certificate other than the one given, with why', async () => {
    const view = (await machine('ender-wrong-ca')) as { state: string; reason?: string };
    expect(view.state).toBe('offline');
    expect(view.reason).toMatch(/CERT|certificate/i);
  });

  it('follows a print from the push socket alone and makes it a usage session', async () => {
    const polls = octo.polls;
    await octo.print('whistle_v2.gcode', 3);
    await vi.waitFor(async () => expect(await sessions('ender-octo')).toHaveLength(1), {
      timeout: 15_000,
      interval: 200,
    });
    const [session] = await sessions('ender-octo');
    expect(session).toMatchObject({ name: 'whistle_v2.gcode', outcome: 'completed' });
    expect(session?.activeSeconds).toBeGreaterThan(1.5);
    // The wrong-CA machine never gets an answer; the other polled twice a second without the socket.
    expect(octo.polls - polls).toBeLessThan(3);
  });

  it('polls again when the push socket is refused, and still sees the job end', async () => {
    octo.setPush(false);
    const polls = octo.polls;
    await octo.print('cube.gcode', 20, 3);
    await vi.waitFor(async () => expect(await sessions('ender-octo')).toHaveLength(2), {
      timeout: 15_000,
      interval: 200,
    });
    const [latest] = await sessions('ender-octo');
    expect(latest).toMatchObject({ name: 'cube.gcode', outcome: 'cancelled' });
    expect(octo.polls - polls).toBeGreaterThan(6);
  });
});

describe('OctoPrint through its MQTT plugin', () => {
  it('follows a print from the plugin’s events and progress to a usage session', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('mini-octo-mqtt')).toMatchObject({
          state: 'idle',
          metrics: { hotend_temp_c: 24.9 },
        }),
      { timeout: 20_000, interval: 200 },
    );
    await octoMqtt.print('headphone_holder_v4.gcode', 3);
    await vi.waitFor(async () => expect(await sessions('mini-octo-mqtt')).toHaveLength(1), {
      timeout: 15_000,
      interval: 200,
    });
    expect((await sessions('mini-octo-mqtt'))[0]).toMatchObject({
      name: 'headphone_holder_v4.gcode',
      outcome: 'completed',
    });
  });
});

describe('a Tasmota-metered laser', () => {
  it('makes a cut a usage session with its energy, from its first second', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('laser-gweike')).toMatchObject({
          state: 'idle',
          profile: 'tasmota',
          metrics: { power_w: 35 },
        }),
      { timeout: 20_000, interval: 200 },
    );
    const before = plug.energyWh;
    await plug.cut(900, 3);
    const after = plug.energyWh;
    await vi.waitFor(async () => expect(await sessions('laser-gweike')).toHaveLength(1), {
      timeout: 15_000,
      interval: 200,
    });
    const [session] = await sessions('laser-gweike');
    expect(session?.outcome).toBe('completed');
    expect(session?.activeSeconds).toBeGreaterThan(2.5);
    expect(session?.activeSeconds).toBeLessThan(4);
    // Tasmota's Total has 6 decimals of kWh here (a real plug: 3, whole Wh).
    expect(session?.energyWh).toBeGreaterThan(after - before - 0.05);
    expect(session?.energyWh).toBeLessThanOrEqual(after - before + 0.01);
  });

  it('switches the plug’s relay off and on (cmnd/<topic>/POWER), the lock and unlock at the machine', async () => {
    await stack.gateway.switchRelay('laser-gweike', false);
    await vi.waitFor(
      async () =>
        expect(await machine('laser-gweike')).toMatchObject({
          state: 'idle',
          reason: 'Prise coupée : la machine n’est pas alimentée',
        }),
      { timeout: 10_000, interval: 100 },
    );
    await stack.gateway.switchRelay('laser-gweike', true);
    await vi.waitFor(
      async () =>
        expect(await machine('laser-gweike')).toMatchObject({ state: 'idle', reason: null }),
      { timeout: 10_000, interval: 100 },
    );
    await expect(stack.gateway.switchRelay('ender-octo', true)).rejects.toThrow(
      'profile octoprint has no relay over HTTP',
    );
  });

  it('is offline with why when the plug’s last will says Offline', async () => {
    plug.pull();
    await vi.waitFor(
      async () =>
        expect(await machine('laser-gweike')).toMatchObject({
          state: 'offline',
          reason: 'La prise Tasmota a quitté le broker MQTT (dernière volonté « Offline »)',
        }),
      { timeout: 30_000, interval: 200 },
    );
  });
});
