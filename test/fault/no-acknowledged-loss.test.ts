/**
 * No acknowledged message lost (issue 12), counted: sequence numbers a scripted gateway had
 * acknowledged against rows in the real InfluxDB afterwards.
 * - The spool's disk full (a 64 KiB tmpfs under the spool; mounting needs root) while InfluxDB is
 *   down: `ENOSPC` is neither acknowledged-and-dropped nor hidden: `/health` says degraded and
 *   why, the journal keeps the segments, and every point arrives once InfluxDB is back.
 * - kill -9 while InfluxDB is paused (SIGSTOP): the saved high-water mark does not run ahead of
 *   what was written, so the journal replay after the restart writes the last messages too.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, loadEnv, startServer } from '@manufacto/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScriptedGateway } from '../support/fake-gateway.js';
import { startInfluxd, type Influxd } from '../support/influxd.js';
import { testServerEnv } from '../support/server-env.js';
import { influxQuery } from '../support/stack.js';
import { tempDir } from '../support/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

async function countPoints(influx: Influxd, machine: string): Promise<number> {
  const rows = await influxQuery(
    influx,
    `SELECT count(power_w) FROM machine_metrics WHERE machine = '${machine}'`,
  );
  return (rows[0]?.count as number | undefined) ?? 0;
}

/** A tmpfs of `size` at `dir`, unmounted after the test. */
function smallDisk(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `this test mounts a small tmpfs to fill the spool's disk, which needs root: ${(error as Error).message}`,
    );
  }
  cleanups.push(() => execFileSync('umount', ['-l', dir]));
}

describe('no acknowledged message lost', () => {
  it("spool's disk full while InfluxDB is down: degraded, said why, and every acknowledged point arrives later", async () => {
    const dir = tempDir('mf-enospc-');
    const influx = await startInfluxd({ dir: join(dir, 'influxdb') });
    cleanups.push(() => influx.stop());
    const env = await testServerEnv(dir, { influxUrl: influx.url });
    smallDisk(join(env.DATA_DIR!, 'influx-spool'), '64k');
    const server = await startServer(
      loadEnv(env),
      createLogger('error', () => undefined),
    );
    cleanups.push(() => server.stop());
    const gateway = await ScriptedGateway.connect(server.mqttUrl);
    cleanups.push(() => gateway.close());
    const health = async () =>
      (await (await fetch(`${server.httpUrl}/health`)).json()) as {
        status: string;
        reasons?: string[];
      };

    await gateway.state('m1');
    await gateway.telemetry('m1', 200);
    await vi.waitFor(async () => expect(await countPoints(influx, 'm1')).toBe(200), {
      timeout: 20_000,
      interval: 250,
    });

    await influx.stop();
    // Every one of these is acknowledged (publishAsync resolves at the PUBACK): ~15 times what
    // the spool's 64 KiB hold.
    await gateway.telemetry('m1', 3000);
    await vi.waitFor(
      async () =>
        expect(await health()).toMatchObject({
          status: 'degraded',
          reasons: [expect.stringMatching(/spool.*ENOSPC/)],
        }),
      { timeout: 20_000, interval: 250 },
    );
    // The points the spool could not take are still on the server's disk, in the journal.
    expect(
      readdirSync(join(env.DATA_DIR!, 'journal')).filter((n) => n.endsWith('.journal')).length,
    ).toBeGreaterThan(0);

    const back = await startInfluxd({ dir: join(dir, 'influxdb'), port: influx.port });
    cleanups.push(() => back.stop());
    await vi.waitFor(async () => expect(await countPoints(back, 'm1')).toBe(3200), {
      timeout: 90_000,
      interval: 500,
    });
    await vi.waitFor(async () => expect((await health()).status).toBe('ok'), {
      timeout: 20_000,
      interval: 250,
    });
  }, 240_000);

  it('kill -9 while InfluxDB is paused: the restarted server writes the last messages too', async () => {
    const dir = tempDir('mf-sigstop-');
    const influx = await startInfluxd({ dir: join(dir, 'influxdb') });
    cleanups.push(() => influx.stop());
    cleanups.push(() => process.kill(influx.pid!, 'SIGCONT'));
    const env = await testServerEnv(dir, { influxUrl: influx.url });
    const start = async (): Promise<ChildProcess> => {
      const child = spawn(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', join(root, 'server/src/main.ts')],
        { cwd: root, env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'ignore' },
      );
      cleanups.push(() => child.kill('SIGKILL'));
      await vi.waitFor(
        async () => expect((await fetch(`http://127.0.0.1:${env.PORT}/health`)).ok).toBe(true),
        { timeout: 30_000, interval: 100 },
      );
      return child;
    };
    let server = await start();
    const gateway = await ScriptedGateway.connect(`mqtt://127.0.0.1:${env.MQTT_PORT}`);
    cleanups.push(() => gateway.close());
    await gateway.state('m2');
    await gateway.telemetry('m2', 100);
    await vi.waitFor(async () => expect(await countPoints(influx, 'm2')).toBe(100), {
      timeout: 20_000,
      interval: 250,
    });

    process.kill(influx.pid!, 'SIGSTOP');
    const lastSeqIs = (seq: number) =>
      vi.waitFor(
        async () =>
          expect(await (await fetch(`http://127.0.0.1:${env.PORT}/metrics`)).text()).toContain(
            `manufacto_gateway_last_seq{gateway="gw-scripted"} ${seq}`,
          ),
        { timeout: 10_000, interval: 100 },
      );
    // Acknowledged (in the server's journal); the writer sends their batch within 200 ms and
    // waits for the paused InfluxDB, which will take it when it resumes.
    await gateway.telemetry('m2', 3);
    await lastSeqIs(gateway.seq - 1);
    await new Promise((r) => setTimeout(r, 1000));
    // These wait behind that batch: only the journal has them.
    await gateway.telemetry('m2', 2);
    await lastSeqIs(gateway.seq - 1);
    // One period of the ingest's bookkeeping save (2 s): a high-water mark saved ahead of the
    // points would be saved by now.
    await new Promise((r) => setTimeout(r, 3000));
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    process.kill(influx.pid!, 'SIGCONT');
    server = await start();
    await vi.waitFor(async () => expect(await countPoints(influx, 'm2')).toBe(105), {
      timeout: 30_000,
      interval: 250,
    });
  }, 180_000);
});
