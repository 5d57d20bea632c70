/**
 * The demo workshop's network machines, one of each kind: a Bambu Lab printer in LAN mode (MQTT
 * over TLS to the printer itself), a CO₂ laser that says nothing behind a Shelly plug (publishing
 * to a workshop broker of its own here), a Klipper printer through Moonraker (WebSocket), a
 * Prusa MK4 through PrusaLink (HTTP digest), an Ender 3 that OctoPrint drives (REST and its push
 * socket, API key from a file) and a CNC router that says nothing behind a Tasmota plug (same
 * workshop broker). Each works by itself, seeded, and the gateway's
 * config lines for them are returned.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { BambuSimulator } from '../simulators/bambu/simulator.js';
import { MoonrakerSimulator } from '../simulators/moonraker/simulator.js';
import { OctoPrintSimulator } from '../simulators/octoprint/simulator.js';
import { PrusaLinkSimulator } from '../simulators/prusalink/simulator.js';
import { ShellySimulator } from '../simulators/shelly/simulator.js';
import { TasmotaSimulator } from '../simulators/tasmota/simulator.js';
import { seededRandom } from '../support/seeded-random.js';

export interface DemoNetworkMachines {
  readonly ids: readonly string[];
  /** `machines:` entries for gateway.yaml, indented. */
  readonly yaml: readonly string[];
  stop(): Promise<void>;
}

/** Runs `job` again and again with pauses between, until stopped. */
function loop(seed: number, job: (rand: () => number) => Promise<void>): () => void {
  const rand = seededRandom(seed);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => void job(rand).then(next, next), (5 + rand() * 20) * 1000);
  };
  next();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

export async function startDemoNetworkMachines(dataDir: string): Promise<DemoNetworkMachines> {
  const stops: Array<() => Promise<unknown> | unknown> = [];
  const serial = '01P00A391800123';
  const bambu = await BambuSimulator.start({ serial, accessCode: '34127856' });
  stops.push(() => bambu.stop());
  const codeFile = join(dataDir, 'bambu-p1s.code');
  writeFileSync(codeFile, '34127856\n', { mode: 0o600 });

  // The workshop's broker the plug publishes to (a mosquitto on the LAN in real life).
  const aedes = await Aedes.createBroker();
  const broker = createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', () => resolve()));
  const address = broker.address();
  const brokerUrl = `mqtt://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  stops.push(async () => {
    await new Promise<void>((r) => aedes.close(() => r()));
    await new Promise<void>((r) => broker.close(() => r()));
  });
  const prefix = 'shellyplusplugs-80646fd031f8';
  const plug = await ShellySimulator.start({ brokerUrl, prefix, idleWatts: 42, reportMs: 2000 });
  stops.push(() => plug.stop());

  const voron = await MoonrakerSimulator.start();
  stops.push(() => voron.stop());
  const mk4 = await PrusaLinkSimulator.start('Zq7vPkc8');
  stops.push(() => mk4.stop());
  const octoKey = '6F2C9A1B3D4E4F5A8B7C0D1E2F3A4B5C';
  const octo = await OctoPrintSimulator.start({ apiKey: octoKey });
  stops.push(() => octo.stop());
  const octoKeyFile = join(dataDir, 'octoprint-ender3.key');
  writeFileSync(octoKeyFile, `${octoKey}\n`, { mode: 0o600 });
  const routerTopic = 'tasmota_5C3A1F';
  const router = await TasmotaSimulator.start({
    brokerUrl,
    topic: routerTopic,
    idleWatts: 25,
    telePeriodMs: 10_000,
  });
  stops.push(() => router.stop());

  const loops = [
    loop(7, (rand) =>
      bambu.print(rand() < 0.5 ? 'support-etagere_plate_1' : 'boitier-capteur_plate_2', 20, 2000),
    ),
    loop(8, async (rand) => {
      // A job of two or three cuts with the sheet moved between them.
      const cuts = 2 + Math.floor(rand() * 2);
      for (let i = 0; i < cuts; i++) {
        await plug.cut(600 + rand() * 300, 8 + rand() * 12);
        await new Promise((r) => setTimeout(r, 3000));
      }
    }),
    loop(9, () => voron.print('benchy_0.2mm_PLA.gcode', 30, 1500)),
    loop(10, () => mk4.print('support-tablette_0.4n_0.2mm_PLA_MK4_1h.bgcode', 25, 2000)),
    loop(11, (rand) =>
      octo.print(rand() < 0.5 ? 'clip-tuyau_ender3.gcode' : 'whistle_v2.gcode', 40),
    ),
    // A router's spindle and dust extraction draw 1–2 kW while it cuts.
    loop(12, (rand) => router.cut(1200 + rand() * 600, 20 + rand() * 40)),
  ];
  stops.push(() => {
    for (const stop of loops) stop();
  });

  const entry = (fields: Record<string, unknown>) =>
    Object.entries(fields).map(
      ([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${JSON.stringify(v)}`,
    );
  return {
    ids: ['bambu-p1s', 'laser-ruida', 'voron-24', 'prusa-mk4-2', 'ender3-octoprint', 'cnc-router'],
    yaml: [
      ...entry({
        id: 'bambu-p1s',
        name: 'Bambu Lab P1S',
        kind: 'printer',
        transport: 'mqtt',
        profile: 'bambu',
        url: `mqtts://127.0.0.1:${bambu.port}`,
        device: serial,
        password: { file: codeFile },
        tls: { caFile: bambu.certFile },
      }),
      ...entry({
        id: 'laser-ruida',
        name: 'Laser CO₂ Ruida (prise Shelly)',
        kind: 'laser',
        transport: 'mqtt',
        profile: 'shelly',
        url: brokerUrl,
        device: prefix,
        power: { idleBelowW: 80, workingAboveW: 300, startAfterSeconds: 2, endAfterSeconds: 10 },
      }),
      ...entry({
        id: 'voron-24',
        name: 'Voron 2.4 (Klipper)',
        kind: 'printer',
        transport: 'websocket',
        profile: 'moonraker',
        url: voron.url,
      }),
      ...entry({
        id: 'prusa-mk4-2',
        name: 'Prusa MK4 n°2 (PrusaLink)',
        kind: 'printer',
        transport: 'http',
        profile: 'prusalink',
        url: mk4.url,
        password: 'Zq7vPkc8',
      }),
      ...entry({
        id: 'ender3-octoprint',
        name: 'Ender 3 (OctoPrint)',
        kind: 'printer',
        transport: 'http',
        profile: 'octoprint',
        url: octo.url,
        apiKey: { file: octoKeyFile },
      }),
      ...entry({
        id: 'cnc-router',
        name: 'Défonceuse CNC (prise Tasmota)',
        kind: 'cnc',
        transport: 'mqtt',
        profile: 'tasmota',
        url: brokerUrl,
        device: routerTopic,
        power: { idleBelowW: 60, workingAboveW: 600, startAfterSeconds: 3, endAfterSeconds: 20 },
        pollSeconds: 2,
      }),
    ],
    async stop() {
      for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    },
  };
}
