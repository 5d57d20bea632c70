/**
 * The gateway process (built `dist/`, as on a workshop box) with 16 simulated serial machines polled
 * at 5 Hz: its CPU (share of one core) and peak RSS over a measured window, and the messages it
 * published. Simulators and the broker (mosquitto) run outside the measured process.
 *
 * The box is shared, so its CPU % moves with the load: the same run also measures a floor, the same
 * 16 ports read by `floor-reader.mjs` (tty handles, the same polls, lines split and counted, nothing
 * else), before and after the gateway's window, and the figure to compare across runs is CPU per
 * line the simulators sent, as a ratio to the floor's.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { cpuSeconds, peakRssMb, rssMb } from './proc.js';
import { autoplay } from '../simulators/demo-jobs.js';
import { startGrblSimulator } from '../simulators/grbl/simulator.js';
import { startMarlinSimulator } from '../simulators/marlin/simulator.js';
import { startMosquitto } from '../support/mosquitto.js';
import { openPtyPair } from '../support/pty.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Kept equal to the ExecStart of gateway/systemd/manufacto-gateway.service. */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=2'];

export interface GatewayWindow {
  /** Which build ran: 'this build', or a label from BENCH_GATEWAY_COMPARE. */
  label: string;
  seconds: number;
  cpuPercentOfOneCore: number;
  peakRssMb: number;
  /** RSS at the end of the window minus at its start: a leak shows here first. */
  rssGrowthMb: number;
  messages: number;
  /** Lines the simulators sent in the window. */
  linesPerSecond: number;
  /** Gateway CPU per line the machines sent, in µs. */
  cpuMicrosPerLine: number;
  cpuMicrosPerMessage: number;
  /** Gateway µs per line ÷ the floor's. */
  ratioToFloor: number;
  loadAverage: number;
}

export interface GatewayFigures {
  machines: number;
  floor: { cpuPercentOfOneCore: number; linesPerSecond: number; cpuMicrosPerLine: number };
  windows: GatewayWindow[];
}

interface FloorRun {
  cpuSeconds: number;
  seconds: number;
  lines: number;
}

function runFloor(ports: string[], seconds: number): Promise<FloorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...GATEWAY_NODE_FLAGS, join(root, 'test/bench/floor-reader.mjs'), String(seconds), ...ports],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as FloorRun) : reject(new Error(`floor exit ${code}`)),
    );
  });
}

export async function benchGateway(
  machines = 16,
  seconds = Number(process.env.BENCH_GATEWAY_SECONDS ?? 60),
): Promise<GatewayFigures> {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '--build', 'firmware-profiles', 'gateway'],
    { cwd: root },
  );
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-gw-'));
  const broker = await startMosquitto();
  const stops: Array<() => Promise<unknown> | unknown> = [() => broker.stop()];
  const entries: string[] = [];
  const sims: Array<{ linesSent: number }> = [];
  const floorPorts: string[] = [];
  for (let i = 0; i < machines; i += 1) {
    const pair = await openPtyPair({ dir, name: `m${i}` });
    stops.push(() => pair.stop());
    const printer = i % 2 === 0;
    const sim = printer
      ? await startMarlinSimulator({ path: pair.devicePath, speed: 3 })
      : await startGrblSimulator({
          path: pair.devicePath,
          machine: i % 4 === 1 ? 'laser' : 'cnc',
          speed: 3,
        });
    stops.push(() => sim.stop());
    sims.push(sim);
    floorPorts.push(`${printer ? 'marlin' : 'grbl'}:${pair.hostPath}`);
    stops.push(
      autoplay(sim, { seed: i, kind: printer ? 'printer' : i % 4 === 1 ? 'laser' : 'cnc' }),
    );
    entries.push(
      `  - { id: m${i}, name: "Machine ${i}", kind: ${printer ? 'printer' : 'cnc'}, profile: ${printer ? 'marlin' : 'grbl'}, port: "${pair.hostPath}", pollHz: 5 }`,
    );
  }
  const config = join(dir, 'gateway.yaml');
  writeFileSync(
    config,
    `site: bench\ngateway: gw-bench\nbroker: { url: "${broker.url}" }\ndataDir: "${join(dir, 'data')}"\nmachines:\n${entries.join('\n')}\n`,
  );
  let messages = 0;
  const counter = await mqtt.connectAsync(broker.url);
  await counter.subscribeAsync('manufacto/v1/#', { qos: 0 });
  counter.on('message', () => (messages += 1));
  stops.push(() => counter.endAsync(true));

  // The same Node flags as the systemd unit: a small young generation suits a small, steady process.
  // BENCH_GATEWAY_CPU_PROFILE=DIR writes a V8 CPU profile of the gateway there (open it in Chrome's DevTools).
  const profileDir = process.env.BENCH_GATEWAY_CPU_PROFILE;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const floorSeconds = Number(process.env.BENCH_GATEWAY_FLOOR_SECONDS ?? 20);
  const linesSent = () => sims.reduce((n, sim) => n + sim.linesSent, 0);
  // BENCH_GATEWAY_COMPARE=label=path/main.js,…: other builds (main's, say) measured in turn with
  // this one, BENCH_GATEWAY_REPEAT times, on the same ports in the same run: before/after figures.
  const builds: Array<[string, string]> = [
    ['this build', join(root, 'gateway/dist/main.js')],
    ...(process.env.BENCH_GATEWAY_COMPARE ?? '')
      .split(',')
      .filter(Boolean)
      .map((spec) => spec.split('=') as [string, string]),
  ];
  const repeat = Number(process.env.BENCH_GATEWAY_REPEAT ?? (builds.length > 1 ? 2 : 1));
  const floors: FloorRun[] = [];
  const windows: Array<Omit<GatewayWindow, 'ratioToFloor'>> = [];
  let child: ReturnType<typeof spawn> | undefined;
  try {
    floors.push(await runFloor(floorPorts, floorSeconds));
    for (let round = 0; round < repeat; round += 1) {
      for (const [label, main] of round % 2 === 0 ? builds : [...builds].reverse()) {
        child = spawn(
          process.execPath,
          [...GATEWAY_NODE_FLAGS, ...profiling, main, '--config', config],
          {
            stdio: 'ignore',
          },
        );
        const pid = child.pid!;
        await new Promise((r) => setTimeout(r, 8000)); // identify every machine, settle
        const cpu0 = cpuSeconds(pid);
        const rss0 = rssMb(pid);
        const messages0 = messages;
        const lines0 = linesSent();
        const start = performance.now();
        await new Promise((r) => setTimeout(r, seconds * 1000));
        const elapsed = (performance.now() - start) / 1000;
        const cpu = cpuSeconds(pid) - cpu0;
        const lines = linesSent() - lines0;
        const published = messages - messages0;
        windows.push({
          label,
          seconds: elapsed,
          cpuPercentOfOneCore: (cpu / elapsed) * 100,
          peakRssMb: peakRssMb(pid),
          rssGrowthMb: rssMb(pid) - rss0,
          messages: published,
          linesPerSecond: lines / elapsed,
          cpuMicrosPerLine: (cpu / lines) * 1e6,
          cpuMicrosPerMessage: (cpu / published) * 1e6,
          loadAverage: loadavg()[0] ?? 0,
        });
        const exited = new Promise((r) => child?.once('exit', r));
        child.kill('SIGTERM');
        await exited;
        child = undefined;
      }
    }
    floors.push(await runFloor(floorPorts, floorSeconds));
    const floorCpu = floors.reduce((n, f) => n + f.cpuSeconds, 0);
    const floorLines = floors.reduce((n, f) => n + f.lines, 0);
    const floorSecondsMeasured = floors.reduce((n, f) => n + f.seconds, 0);
    const floorMicrosPerLine = (floorCpu / floorLines) * 1e6;
    return {
      machines,
      floor: {
        cpuPercentOfOneCore: (floorCpu / floorSecondsMeasured) * 100,
        linesPerSecond: floorLines / floorSecondsMeasured,
        cpuMicrosPerLine: floorMicrosPerLine,
      },
      windows: windows.map((w) => ({
        ...w,
        ratioToFloor: w.cpuMicrosPerLine / floorMicrosPerLine,
      })),
    };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  }
}
