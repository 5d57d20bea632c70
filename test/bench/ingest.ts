/**
 * Sustained ingest: N scripted gateways publish telemetry through the server's embedded broker into
 * a real InfluxDB. Measures messages/s end to end, publish-to-written latency (p50/p99, from the
 * server's /metrics), server CPU and peak RSS; and, in the same run, the ceiling of writing the
 * same number of points straight into InfluxDB in 5,000-point batches, to print the ratio.
 * @module
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@manufacto/firmware-profiles/contract';
import { InfluxDB, type IPoint } from 'influx';
import mqtt from 'mqtt';
import { cpuSeconds, peakRssMb } from './proc.js';
import { startBenchServer } from './server-process.js';
import { startInfluxd } from '../support/influxd.js';

async function metric(url: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new RegExp(`^${name.replace(/[{}"=.]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface IngestFigures {
  gateways: number;
  messages: number;
  pipelinePerSecond: number;
  publishPerSecond: number;
  p50: number | undefined;
  p99: number | undefined;
  serverCpuPercentOfOneCore: number;
  serverPeakRssMb: number;
  ceilingPerSecond: number;
}

export async function benchIngest(
  gateways = 4,
  messages = Number(process.env.BENCH_INGEST_MESSAGES ?? 100_000),
): Promise<IngestFigures> {
  const influx = await startInfluxd({
    dir: join(mkdtempSync(join(tmpdir(), 'mf-bench-influx-')), 'influxdb'),
  });
  const bench = await startBenchServer('ingest', {
    INFLUX_URL: influx.url,
    MQTT_ALLOW_ANONYMOUS: 'true',
  });
  const server = bench.process;
  const url = bench.url;
  const mqttPort = bench.mqttPort;
  try {
    const clients = await Promise.all(
      Array.from({ length: gateways }, (_, g) =>
        mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: `bench-gw-${g}` }),
      ),
    );
    // Each gateway announces its machine, then streams telemetry.
    await Promise.all(
      clients.map((c, g) =>
        c.publishAsync(
          topics.machine('bench', `m${g}`, 'state'),
          JSON.stringify({
            v: 1,
            gateway: `gw-${g}`,
            seq: 0,
            ts: Date.now(),
            state: 'running',
            since: Date.now(),
            machine: { name: `m${g}`, kind: 'other', profile: 'bench' },
          }),
          { qos: 1, retain: true },
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    const written0 = (await metric(url, 'manufacto_influx_points_written_total')) ?? 0;
    const cpu0 = cpuSeconds(server.pid!);
    const perGateway = Math.floor(messages / gateways);
    const start = performance.now();
    await Promise.all(
      clients.map(async (c, g) => {
        const topic = topics.machine('bench', `m${g}`, 'telemetry');
        let inFlight: Array<Promise<unknown>> = [];
        for (let i = 1; i <= perGateway; i += 1) {
          const ts = Date.now();
          inFlight.push(
            c.publishAsync(
              topic,
              `{"v":1,"gateway":"gw-${g}","seq":${i},"ts":${ts},"metrics":{"power_w":${i % 3000},"energy_wh":${i}}}`,
              { qos: 1 },
            ),
          );
          if (inFlight.length >= 200) {
            await Promise.all(inFlight);
            inFlight = [];
          }
        }
        await Promise.all(inFlight);
      }),
    );
    const published = performance.now();
    const total = perGateway * gateways;
    // Telemetry points, plus the state points already written.
    for (;;) {
      const written =
        ((await metric(url, 'manufacto_influx_points_written_total')) ?? 0) - written0;
      if (written >= total) break;
      if (performance.now() - published > 120_000)
        throw new Error(`only ${written} of ${total} points written after 2 min`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const end = performance.now();
    const cpu = cpuSeconds(server.pid!) - cpu0;
    const p50 = await metric(url, 'manufacto_pipeline_latency_seconds{quantile="0.5"}');
    const p99 = await metric(url, 'manufacto_pipeline_latency_seconds{quantile="0.99"}');
    const rss = peakRssMb(server.pid!);
    await Promise.all(clients.map((c) => c.endAsync()));

    // The ceiling: the same number of points straight into InfluxDB, large batches, one writer.
    const direct = new InfluxDB({ host: '127.0.0.1', port: influx.port, database: 'ceiling' });
    await direct.createDatabase('ceiling');
    const base = Date.now();
    const points: IPoint[] = Array.from({ length: total }, (_, i) => ({
      measurement: 'machine_metrics',
      tags: { site: 'bench', machine: `m${i % gateways}` },
      fields: { power_w: i % 3000, energy_wh: i },
      timestamp: base + i,
    }));
    const c0 = performance.now();
    for (let i = 0; i < points.length; i += 5000)
      await direct.writePoints(points.slice(i, i + 5000), { precision: 'ms' });
    const ceilingPerSecond = total / ((performance.now() - c0) / 1000);

    const seconds = (end - start) / 1000;
    return {
      gateways,
      messages: total,
      pipelinePerSecond: total / seconds,
      publishPerSecond: total / ((published - start) / 1000),
      p50,
      p99,
      serverCpuPercentOfOneCore: (cpu / seconds) * 100,
      serverPeakRssMb: rss,
      ceilingPerSecond,
    };
  } finally {
    await bench.stop();
    await influx.stop();
  }
}
