/**
 * The server killed with SIGKILL mid-stream and restarted: every message a gateway published is
 * in InfluxDB afterwards. The embedded broker acknowledges a message only once the server's journal
 * has it on disk; the restarted server replays the journal; the gateway resends what was never
 * acknowledged; duplicates are dropped by (gateway, seq).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { ScriptedGateway } from '../support/fake-gateway.js';
import { testServerEnv } from '../support/server-env.js';
import { startInfluxd, type Influxd } from '../support/influxd.js';
import { influxQuery } from '../support/stack.js';
import { tempDir } from '../support/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
let influx: Influxd | undefined;
let gateway: ScriptedGateway | undefined;

/** Kills the servers still running and waits for their exit, before their folder goes. */
async function stopServers(): Promise<void> {
  await gateway?.close().catch(() => undefined);
  await Promise.all(
    children
      .filter((child) => child.exitCode === null && child.signalCode === null)
      .map((child) => {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        return exited;
      }),
  );
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, 'server/src/main.ts')],
    {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  children.push(child);
  await vi.waitFor(
    async () => expect((await fetch(`http://127.0.0.1:${env.PORT}/health`)).ok).toBe(true),
    { timeout: 20_000, interval: 100 },
  );
  return child;
}

describe('server killed mid-stream', () => {
  it('loses no message: published = points in InfluxDB', async () => {
    // Registered after the folders' removal, so they run before it (vitest runs these hooks
    // last-in, first-out): influxd and the server must be gone before their folders are.
    influx = await startInfluxd();
    onTestFinished(() => influx!.stop());
    const dir = tempDir('mf-kill-');
    onTestFinished(stopServers);
    const env = await testServerEnv(dir, { influxUrl: influx.url });
    let server = await startServer(env);
    gateway = await ScriptedGateway.connect(`mqtt://127.0.0.1:${env.MQTT_PORT}`);
    await gateway.state('m1');
    const total = 3000;
    const sending = gateway.telemetry('m1', total);
    await vi.waitFor(() => expect(gateway!.seq).toBeGreaterThan(1200), {
      timeout: 30_000,
      interval: 5,
    });
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    server = await startServer(env);
    await sending;
    await vi.waitFor(
      async () => {
        const rows = await influxQuery(
          influx!,
          `SELECT count(power_w) FROM machine_metrics WHERE machine = 'm1'`,
        );
        expect(rows[0]?.count).toBe(total);
      },
      { timeout: 30_000, interval: 250 },
    );
    const metrics = await (await fetch(`http://127.0.0.1:${env.PORT}/metrics`)).text();
    expect(metrics).toMatch(/manufacto_ingest_losses\{gateway="gw-scripted"\} 0/);
    // Every message has its receipt from the ingest: the journal does not keep growing.
    await vi.waitFor(
      () =>
        expect(
          readdirSync(join(env.DATA_DIR!, 'journal')).filter((n) => n.endsWith('.journal')),
        ).toEqual([]),
      {
        timeout: 15_000,
        interval: 250,
      },
    );
  });
});
