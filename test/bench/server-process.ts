/**
 * The server as benchmarks run it: built (`dist/`), in its own process so its CPU and RSS can be
 * read, on free loopback ports, with its own data directory; resolved once `/health` answers.
 * `BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` profiles it.
 * @module
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BenchServer {
  readonly url: string;
  readonly mqttPort: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startBenchServer(
  name: string,
  env: Record<string, string>,
): Promise<BenchServer> {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '--build', 'firmware-profiles', 'server'],
    { cwd: root },
  );
  const dir = mkdtempSync(join(tmpdir(), `mf-bench-${name}-`));
  const port = await freePort();
  const mqttPort = await freePort();
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'server/dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      MQTT_HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'server'),
      INFLUX_URL: '',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      if (i > 100) {
        await stop();
        throw new Error(`the ${name} bench server did not start`);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, mqttPort, process: child, stop };
}
