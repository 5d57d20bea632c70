/**
 * A Bambu Lab printer in LAN mode, ours: MQTT over TLS with a self-signed certificate that names
 * the printer's serial, user bblp and an access code read from a file → the gateway's MQTT link
 * (pushall at connect, deltas merged) → the server → a usage session with the job's name.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BambuSimulator } from '../../simulators/bambu/simulator.js';
import { followLive, startStack, type Stack } from '../../support/stack.js';
import { selfSignedCertificate } from '../../support/tls.js';
import { tempDir } from '../../support/temp-dir.js';

const SERIAL = '01P00A391800123';
let printer: BambuSimulator;
let stack: Stack;
let live: ReturnType<typeof followLive>;
const gatewayLog: string[] = [];
// A wrong code that cannot appear by chance in a log line (a port, a timestamp).
const WRONG_CODE = 'wr0ng-c0de-917';

const machine = async (id: string) =>
  (await fetch(`${stack.server.httpUrl}/api/machines/${id}`)).json();

beforeAll(async () => {
  printer = await BambuSimulator.start({ serial: SERIAL, accessCode: '34127856' });
  const secrets = tempDir('mf-bambu-code-');
  writeFileSync(join(secrets, 'code'), '34127856\n');
  const common = {
    kind: 'printer',
    transport: 'mqtt',
    profile: 'bambu',
    url: `mqtts://127.0.0.1:${printer.port}`,
    device: SERIAL,
    tls: { caFile: printer.certFile },
  };
  stack = await startStack({
    gatewayLog: (line) => gatewayLog.push(line),
    machines: [],
    influx: false,
    networkMachines: [
      { ...common, id: 'bambu-p1s', name: 'Bambu P1S', password: { file: join(secrets, 'code') } },
      { ...common, id: 'bambu-wrong-code', name: 'Bambu (mauvais code)', password: WRONG_CODE },
      // Another printer's certificate: the gateway must not give this one its access code.
      {
        ...common,
        id: 'bambu-other-cert',
        name: 'Bambu (autre certificat)',
        password: '34127856',
        tls: { caFile: selfSignedCertificate().certFile },
      },
    ],
  });
  live = followLive(stack.server.httpUrl);
});

afterAll(async () => {
  await live?.stop();
  await stack?.stop();
  await printer?.stop();
});

describe('a Bambu Lab printer over MQTT/TLS', () => {
  it('trusts the printer’s own certificate, logs in as bblp, asks pushall and shows it idle', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('bambu-p1s')).toMatchObject({
          state: 'idle',
          profile: 'bambu',
          firmware: 'Bambu Lab P1S 01.07.00.00',
          metrics: { hotend_temp_c: 24, bed_temp_c: 23.5 },
        }),
      { timeout: 20_000, interval: 200 },
    );
    expect(printer.pushalls).toBeGreaterThanOrEqual(1);
  });

  it('a wrong access code is offline with the broker’s refusal', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('bambu-wrong-code')).toMatchObject({
          state: 'offline',
          reason: expect.stringMatching(
            /^mqtts:\/\/127\.0\.0\.1:\d+: connection failed \(.*(Bad username or password|Not authorized)/,
          ),
        }),
      { timeout: 20_000, interval: 200 },
    );
  });

  it('a wrong access code’s failure never shows the code: not in the gateway’s log, its status or the wall', async () => {
    await vi.waitFor(
      async () => expect(await machine('bambu-wrong-code')).toMatchObject({ state: 'offline' }),
      { timeout: 20_000, interval: 200 },
    );
    // The refusal was logged, named after the machine, and is what the wall shows.
    expect(gatewayLog.some((l) => l.startsWith('bambu-wrong-code: mqtts://'))).toBe(true);
    const wall = JSON.stringify(await machine('bambu-wrong-code'));
    expect(wall).toMatch(/connection failed/);
    for (const text of [gatewayLog.join('\n'), JSON.stringify(stack.gateway.status()), wall]) {
      expect(text).not.toContain(WRONG_CODE);
      expect(text).not.toContain('34127856');
    }
  });

  it('a printer whose certificate is not the one trusted is offline, and never hears the code', async () => {
    await vi.waitFor(
      async () =>
        expect(await machine('bambu-other-cert')).toMatchObject({
          state: 'offline',
          reason: expect.stringMatching(/connection failed \(self[- ]signed certificate/),
        }),
      { timeout: 20_000, interval: 200 },
    );
  });

  it('follows a print from its deltas and records the usage session with its name', async () => {
    const startedAt = Date.now();
    const done = printer.print('support-étagère_plate_1', 6, 400);
    await vi.waitFor(
      () =>
        expect(
          live.events.some(
            (e) => e.view.id === 'bambu-p1s' && e.view.state === 'running' && e.at >= startedAt,
          ),
        ).toBe(true),
      { timeout: 15_000, interval: 100 },
    );
    await done;
    await vi.waitFor(
      async () => {
        const res = await fetch(`${stack.server.httpUrl}/api/usage-sessions?machine=bambu-p1s`, {
          headers: stack.admin,
        });
        const { usageSessions } = (await res.json()) as {
          usageSessions: Array<Record<string, unknown>>;
        };
        expect(usageSessions).toHaveLength(1);
        expect(usageSessions[0]).toMatchObject({
          outcome: 'completed',
          name: 'support-étagère_plate_1',
        });
      },
      { timeout: 15_000, interval: 300 },
    );
  });

  it('a fatal HMS code stops the printer on the wall with its French text', async () => {
    printer.hms(0x03000100, 0x00010001);
    await vi.waitFor(
      async () =>
        expect(await machine('bambu-p1s')).toMatchObject({
          state: 'error',
          detail: 'halted',
          reason:
            'Température du plateau anormale : court-circuit possible de la résistance (HMS_0300_0100_0001_0001)',
        }),
      { timeout: 10_000, interval: 200 },
    );
  });
});
