/**
 * A private InfluxDB 1.x server (Debian's `influxd`): loopback, free ports, its own directory.
 * Stop and start again on the same `dir` and `port` to test an outage.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startDaemon, waitUntil } from './processes.js';
import { requireBinary } from './require-binary.js';
import { tempDir } from './temp-dir.js';

export interface Influxd {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** influxd's pid. */
  readonly pid: number | undefined;
  /** SIGTERM, SIGKILL after 5 s; resolves once it is gone. Idempotent. */
  stop(): Promise<void>;
}

export async function startInfluxd(
  options: { dir?: string; port?: number } = {},
): Promise<Influxd> {
  const influxd = requireBinary('influxd', 'influxdb');
  const dir = options.dir ?? tempDir('mf-influxd-');
  mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const rpcPort = await freePort();
  // influxd expands no variables: every path is written out.
  const config = `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  wal-fsync-delay = "0s"
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:${port}"
  log-enabled = false
[logging]
  level = "warn"
[continuous_queries]
  log-enabled = false
`;
  const configFile = join(dir, 'influxdb.conf');
  writeFileSync(configFile, config);
  const daemon = startDaemon(influxd, [
    'run',
    '-config',
    configFile,
    '-pidfile',
    join(dir, 'influxd.pid'),
  ]);
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  void daemon.exited.then(() => {
    exited = true;
  });
  await waitUntil(
    async () => {
      if (exited) throw new Error(`influxd exited at start:\n${daemon.output()}`);
      try {
        return (await fetch(`${url}/ping`)).status === 204;
      } catch {
        return false;
      }
    },
    20_000,
    () => `influxd did not answer ${url}/ping within 20 s:\n${daemon.output()}`,
  );
  return { url, port, dir, pid: daemon.pid, stop: () => daemon.stop(5000) };
}
