/**
 * `npm start`: a demo workshop in one process tree.
 *
 *   influxd (if installed) ─┐
 *   server (child process: HTTP + embedded MQTT broker + SQLite) ◀── MQTT ── gateway (child process)
 *                                                                           │ serial (socat ptys), or
 *                                                                           │ tcp:// on loopback
 *   simulated printer, laser and CNC (this process) ◀──────────────────────┘
 *
 * Nothing beyond Node is needed: without socat the simulators listen on loopback TCP ports and the
 * gateway reaches them with its network serial transport (`port: tcp://127.0.0.1:N`), as it would a
 * FluidNC board or ser2net; without influxd the history waits in the server's spool.
 *
 * Ctrl-C stops everything: the children get the terminal's SIGINT too and stop gracefully; this
 * process waits for them, then stops the simulators, the ptys and influxd.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGrblSimulator } from '../simulators/grbl/simulator.js';
import { startMarlinSimulator } from '../simulators/marlin/simulator.js';
import { autoplay } from '../simulators/demo-jobs.js';
import { startDemoNetworkMachines } from './network-machines.js';
import { startInfluxd } from '../support/influxd.js';
import { freePort } from '../support/free-port.js';
import { openPtyPair } from '../support/pty.js';
import { requireBinary } from '../support/require-binary.js';
import { DEMO_MANAGER_EMAIL, DEMO_PASSWORD } from '@manufacto/server/demo';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(root, 'var', 'demo'));
const httpPort = Number(process.env.PORT ?? 8080);
const mqttPort = Number(process.env.MQTT_PORT ?? 1883);
const say = (line: string) => console.log(`demo: ${line}`);

const stops: Array<() => Promise<unknown> | unknown> = [];
const children: ChildProcess[] = [];
let stopping = false;

function node(
  script: string,
  args: string[],
  env: Record<string, string>,
  name: string,
): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, script), ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => `${name}: ${l}`)
      .join('\n');
  child.stdout?.on('data', (c: Buffer) => console.log(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => console.error(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the demo`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

/** Logs in as the demo's fab manager and issues the gateway's MQTT secret. */
async function issueGatewayCredentials(
  httpUrl: string,
  gateway: string,
  machineIds: readonly string[],
): Promise<{ username: string; password: string }> {
  const login = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_MANAGER_EMAIL, password: DEMO_PASSWORD }),
  });
  if (!login.ok)
    throw new Error(
      `the demo manager could not log in: HTTP ${login.status} ${await login.text()}`,
    );
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(`${httpUrl}/api/gateways/${gateway}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, origin: httpUrl },
    body: JSON.stringify({ site: 'atelier-demo', machines: machineIds }),
  });
  if (!res.ok)
    throw new Error(`gateway credentials refused: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { username: string; password: string };
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => {
            child.kill('SIGKILL');
            done();
          }, 6000).unref();
        }),
    ),
  );
  for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  say('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(dataDir, { recursive: true });
  let wire: 'pty' | 'tcp' = 'pty';
  try {
    requireBinary('socat', 'socat');
  } catch {
    wire = 'tcp';
    say(
      'socat is not installed: the simulated machines listen on loopback TCP ports and the gateway reaches them as network serial (tcp://); apt-get install -y socat for serial ptys',
    );
  }

  let influxUrl = '';
  try {
    requireBinary('influxd', 'influxdb');
    const influx = await startInfluxd({ dir: join(dataDir, 'influxdb') });
    stops.push(() => influx.stop());
    influxUrl = influx.url;
    say(`InfluxDB on ${influx.url} (data in ${join(dataDir, 'influxdb')})`);
  } catch (error) {
    say(
      `InfluxDB not started (${(error as Error).message}): live state, reservations and usage work; readings (history graphs) wait in the server's spool. For history: apt-get install -y influxdb and restart the demo (it starts its own influxd), or point the server at yours with INFLUX_URL=http://host:8086`,
    );
  }

  const httpUrl = `http://localhost:${httpPort}`;
  node(
    'server/src/main.ts',
    [],
    {
      PORT: String(httpPort),
      MQTT_PORT: String(mqttPort),
      DATA_DIR: join(dataDir, 'server'),
      SEED_DEMO: 'true',
      INFLUX_URL: influxUrl,
    },
    'server',
  );
  await waitForHealth(httpUrl, 30_000);

  const machines = [
    { id: 'prusa-mk4-1', name: 'Prusa MK4 n°1', kind: 'printer', profile: 'auto' },
    { id: 'laser-co2', name: 'Découpe laser CO₂', kind: 'laser', profile: 'auto' },
    { id: 'cnc-fraiseuse', name: 'Fraiseuse CNC', kind: 'cnc', profile: 'auto' },
  ] as const;
  const ports: Record<string, string> = {};
  for (const [i, machine] of machines.entries()) {
    let link: { path: string } | { listen: { port: number } };
    if (wire === 'pty') {
      const pair = await openPtyPair({ dir: join(dataDir, 'tty'), name: machine.id });
      stops.push(() => pair.stop());
      ports[machine.id] = pair.hostPath;
      link = { path: pair.devicePath };
    } else {
      const port = await freePort();
      ports[machine.id] = `tcp://127.0.0.1:${port}`;
      link = { listen: { port } };
    }
    const sim =
      machine.kind === 'printer'
        ? await startMarlinSimulator(link)
        : await startGrblSimulator({
            ...link,
            machine: machine.kind,
            variant: machine.kind === 'cnc' ? 'grblhal' : 'grbl',
          });
    stops.push(() => sim.stop());
    const stopPlaying = autoplay(sim, { seed: 42 + i, kind: machine.kind });
    stops.push(() => stopPlaying());
  }

  // One network machine of each kind: Bambu Lab (MQTT/TLS), a Shelly-metered laser, Klipper,
  // PrusaLink, OctoPrint, a Tasmota-metered CNC router.
  const network = await startDemoNetworkMachines(dataDir);
  stops.push(() => network.stop());

  // The gateway's MQTT credentials, issued by the demo's fab manager as in a real workshop.
  const broker = await issueGatewayCredentials(httpUrl, 'gw-demo', [
    ...machines.map((m) => m.id),
    ...network.ids,
  ]);
  const config = [
    '# Written by the demo launcher (test/demo/workshop.ts) at each start.',
    'site: atelier-demo',
    'gateway: gw-demo',
    'broker:',
    `  url: mqtt://127.0.0.1:${mqttPort}`,
    `  username: ${broker.username}`,
    `  password: ${JSON.stringify(broker.password)}`,
    '  reconnectSeconds: 1',
    `dataDir: ${JSON.stringify(join(dataDir, 'gateway'))}`,
    'machines:',
    ...machines.flatMap((m) => [
      `  - id: ${m.id}`,
      `    name: ${JSON.stringify(m.name)}`,
      `    kind: ${m.kind}`,
      `    profile: ${m.profile}`,
      `    port: ${JSON.stringify(ports[m.id])}`,
      `    pollHz: ${m.kind === 'printer' ? 1 : 4}`,
    ]),
    ...network.yaml,
  ].join('\n');
  const configFile = join(dataDir, 'gateway.yaml');
  writeFileSync(configFile, `${config}\n`);
  node('gateway/src/main.ts', ['--config', configFile], {}, 'gateway');

  say(`Manufacto demo workshop: ${httpUrl}  (MQTT on ${mqttPort}; Ctrl-C to stop)`);
  say(
    `log in as ${DEMO_MANAGER_EMAIL} (fab manager) or camille@atelier-bois-roux.fr (artisan), password "${DEMO_PASSWORD}"; API reference ${httpUrl}/api/docs`,
  );
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
