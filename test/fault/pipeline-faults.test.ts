import { join } from 'node:path';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScriptedGateway } from '../support/fake-gateway.js';
import { testServerEnv } from '../support/server-env.js';
import { startInfluxd, type Influxd } from '../support/influxd.js';
import { influxQuery } from '../support/stack.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function startAll() {
  const dir = tempDir('mf-pipeline-');
  const influx = await startInfluxd({ dir: join(dir, 'influxdb') });
  cleanups.push(() => influx.stop());
  const server = await startServer(
    loadEnv(await testServerEnv(dir, { influxUrl: influx.url })),
    createLogger('error', () => undefined),
  );
  cleanups.push(() => server.stop());
  const gateway = await ScriptedGateway.connect(server.mqttUrl);
  cleanups.push(() => gateway.close());
  return { dir, influx, server, gateway };
}

async function health(server: RunningServer) {
  return (await (await fetch(`${server.httpUrl}/health`)).json()) as {
    influx: string;
    spoolDepth: number;
  };
}

async function countPoints(influx: Influxd, machine: string): Promise<number> {
  const rows = await influxQuery(
    influx,
    `SELECT count(power_w) FROM machine_metrics WHERE machine = '${machine}'`,
  );
  return (rows[0]?.count as number | undefined) ?? 0;
}

describe('pipeline faults', () => {
  it('InfluxDB stopped mid-stream then restarted: every point arrives, from the spool, in order', async () => {
    const { influx, server, gateway, dir } = await startAll();
    await gateway.state('m1');
    await gateway.telemetry('m1', 1500);
    await vi.waitFor(async () => expect(await countPoints(influx, 'm1')).toBe(1500), {
      timeout: 20_000,
      interval: 250,
    });

    await influx.stop();
    await gateway.telemetry('m1', 1500);
    await vi.waitFor(
      async () => expect(await health(server)).toMatchObject({ influx: 'down', spoolDepth: 1500 }),
      { timeout: 20_000, interval: 250 },
    );

    const back = await startInfluxd({ dir: join(dir, 'influxdb'), port: influx.port });
    cleanups.push(() => back.stop());
    await vi.waitFor(
      async () => expect(await health(server)).toMatchObject({ influx: 'ok', spoolDepth: 0 }),
      { timeout: 60_000, interval: 250 },
    );
    expect(await countPoints(back, 'm1')).toBe(3000);
    // The project created its retention policies and the 5-minute downsampling at start.
    const policies = await influxQuery(back, 'SHOW RETENTION POLICIES ON manufacto');
    expect(policies.map((p) => p.name)).toEqual(
      expect.arrayContaining(['manufacto_raw', 'manufacto_5m']),
    );
    expect(policies.find((p) => p.name === 'manufacto_raw')).toMatchObject({ default: true });
    const cqs = await (
      await fetch(`${back.url}/query?q=${encodeURIComponent('SHOW CONTINUOUS QUERIES')}`)
    ).text();
    expect(cqs).toContain('manufacto_metrics_5m');
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/manufacto_ingest_losses\{gateway="gw-scripted"\} 0/);
  });

  it('a flood of malformed payloads among good ones: bad ones counted by reason, good ones all stored, server still up', async () => {
    const { influx, server, gateway } = await startAll();
    await gateway.state('m2');
    const bad = [
      'not json at all',
      '{"v":1,',
      JSON.stringify({ v: 1, gateway: 'gw-scripted', seq: -5, ts: 1, metrics: { x: 'y' } }),
      JSON.stringify({
        v: 2,
        gateway: 'gw-scripted',
        seq: 1,
        ts: Date.now(),
        metrics: { power_w: 1 },
      }),
      Buffer.alloc(20_000, 0x41),
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
    ];
    for (let i = 0; i < 300; i += 1) {
      await gateway.raw('m2', bad[i % bad.length]!);
      await gateway.telemetry('m2', 1);
    }
    await vi.waitFor(async () => expect(await countPoints(influx, 'm2')).toBe(300), {
      timeout: 20_000,
      interval: 250,
    });
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    const rejected = [
      ...metrics.matchAll(/manufacto_ingest_rejected_total\{reason="(\w+)"\} (\d+)/g),
    ].map(([, reason, n]) => [reason, Number(n)]);
    expect(Object.fromEntries(rejected)).toEqual({ json: 150, schema: 100, size: 50 });
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
  });

  it('a gateway replaying what it already sent (reconnection, outbox resend) creates no duplicate and no loss', async () => {
    const { influx, server, gateway } = await startAll();
    await gateway.state('m3');
    await gateway.telemetry('m3', 200);
    // Replay the same 200 messages: same seq, same ts.
    gateway.seq -= 200;
    gateway.ts -= 200;
    await gateway.telemetry('m3', 200);
    await vi.waitFor(
      async () => {
        const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
        expect(metrics).toMatch(/manufacto_ingest_duplicates_total 200/);
      },
      { timeout: 10_000 },
    );
    await vi.waitFor(async () => expect(await countPoints(influx, 'm3')).toBe(200), {
      timeout: 10_000,
      interval: 250,
    });
  });
});
