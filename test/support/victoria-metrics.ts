/**
 * A private VictoriaMetrics (Debian's `victoria-metrics`) on a loopback port: the only server in
 * Debian that accepts InfluxDB 2's `/api/v2/write`, so the 2.x client's write path runs for real.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startDaemon, waitUntil } from './processes.js';
import { requireBinary } from './require-binary.js';

export interface VictoriaMetrics {
  readonly url: string;
  /** Makes what was written searchable now (VictoriaMetrics batches its index). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startVictoriaMetrics(): Promise<VictoriaMetrics> {
  const binary = requireBinary('victoria-metrics', 'victoria-metrics');
  const dir = mkdtempSync(join(tmpdir(), 'mf-vm-'));
  const port = await freePort();
  const daemon = startDaemon(binary, [
    `-storageDataPath=${dir}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=100y',
    '-search.latencyOffset=0s',
    '-loggerLevel=ERROR',
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => {
      try {
        return (await fetch(`${url}/health`)).ok;
      } catch {
        return false;
      }
    },
    20_000,
    () => `victoria-metrics did not answer ${url}/health within 20 s:\n${daemon.output()}`,
  );
  return {
    url,
    async flush() {
      await fetch(`${url}/internal/force_flush`);
    },
    stop: () => daemon.stop(5000).then(() => rmSync(dir, { recursive: true, force: true })),
  };
}
