/**
 * The gateway process (built `dist/`, as on a workshop box) with 16 simulated serial machines polled
 * at 5 Hz: its CPU (share of one core) and peak RSS over a measured window, and the messages it
 * published. Simulators and the broker (mosquitto) run outside the measured process.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

export interface GatewayFigures {
  machines: number;
  seconds: number;
  cpuPercentOfOneCore: number;
  peakRssMb: number;
  /** RSS at the end of the window minus at its start: a leak shows here first. */
  rssGrowthMb: number;
  messages: number;
  linesPerSecond: number;
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
  const child = spawn(
    process.execPath,
    [...GATEWAY_NODE_FLAGS, ...profiling, join(root, 'gateway/dist/main.js'), '--config', config],
    { stdio: 'ignore' },
  );
  const pid = child.pid!;
  try {
    await new Promise((r) => setTimeout(r, 8000)); // identify every machine, settle
    const cpu0 = cpuSeconds(pid);
    const rss0 = rssMb(pid);
    const messages0 = messages;
    const start = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const elapsed = (performance.now() - start) / 1000;
    const cpu = (cpuSeconds(pid) - cpu0) / elapsed;
    const rss = peakRssMb(pid);
    const growth = rssMb(pid) - rss0;
    // 16 machines × 5 Hz × (1 status line + the odd ok) ≈ lines the gateway parsed per second.
    return {
      machines,
      seconds: elapsed,
      cpuPercentOfOneCore: cpu * 100,
      peakRssMb: rss,
      rssGrowthMb: growth,
      messages: messages - messages0,
      linesPerSecond: machines * 5,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
  }
}
