/**
 * The server as benchmarks run it: built (`dist/`), in its own process so its CPU and RSS can be
 * read, on free loopback ports, with its own data directory; resolved once `/health` answers.
 * `BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` profiles it.
 * @module
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.js';
import { cpuSeconds } from './proc.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const countStatements = fileURLToPath(new URL('./count-statements.mjs', import.meta.url));

export interface BenchServer {
  readonly url: string;
  /** SQLite statements the server ran so far (see count-statements.mjs). */
  statements(): Promise<number>;
  readonly mqttPort: number;
  readonly process: ChildProcess;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** The script to run (default: this tree's built server, `server/dist/main.js`, built first). */
  readonly main?: string;
  /** Node arguments before the script (e.g. `--import tsx` for a TypeScript script). */
  readonly nodeArgs?: readonly string[];
  /** Reuse this data directory (default: a fresh one). */
  readonly dataDir?: string;
}

/** Where `startBenchServer` keeps a server's data when not told: a fresh temporary folder. */
export const benchDataDir = (name: string) =>
  join(mkdtempSync(join(tmpdir(), `mf-bench-${name}-`)), 'server');

export async function startBenchServer(
  name: string,
  env: Record<string, string>,
  options: BenchServerOptions = {},
): Promise<BenchServer> {
  if (!options.main)
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '--build', 'firmware-profiles', 'server'],
      { cwd: root },
    );
  const main = options.main ?? join(root, 'server/dist/main.js');
  const dataDir = options.dataDir ?? benchDataDir(name);
  const port = await freePort();
  const mqttPort = await freePort();
  const statementsFile = join(dirname(dataDir), `${name}.statements`);
  const nodeArgs = [
    ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    '--import',
    countStatements,
    ...(options.nodeArgs ?? []),
  ];
  // Its stderr goes beside its data: a server that dies under load says why there.
  mkdirSync(dirname(dataDir), { recursive: true });
  const stderr = openSync(join(dirname(dataDir), `${name}.stderr.log`), 'a');
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      MQTT_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      INFLUX_URL: '',
      LOG_LEVEL: 'warn',
      BENCH_STATEMENTS_FILE: statementsFile,
      ...env,
    },
    stdio: ['ignore', 'ignore', stderr],
  });
  closeSync(stderr);
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
      // A minute: on a loaded machine a store with years of history takes a while to open.
      if (i > 600 || child.exitCode !== null) {
        await stop();
        throw new Error(`the ${name} bench server did not start`);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Then until it is idle: its start-up work (last month's report kept on a store with history)
  // would otherwise be counted in the first figures.
  for (let i = 0, cpu = cpuSeconds(child.pid!); i < 120; i += 1) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuSeconds(child.pid!);
    if (now - cpu < 0.05) break;
    cpu = now;
  }
  let asked = 0;
  const statements = async () => {
    asked += 1;
    child.kill('SIGUSR2');
    for (let i = 0; i < 500; i += 1) {
      const [seq, count] = (existsSync(statementsFile) ? readFileSync(statementsFile, 'utf8') : '')
        .split(' ')
        .map(Number);
      if (seq === asked) return count!;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`the ${name} bench server did not say how many statements it ran`);
  };
  return { url, mqttPort, process: child, dataDir, stop, statements };
}
