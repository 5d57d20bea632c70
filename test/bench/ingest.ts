/**
 * Sustained ingest: N scripted gateways publish telemetry through the server's embedded broker into
 * a real InfluxDB. Measures messages/s end to end, publish-to-written latency (p50/p99, from the
 * server's /metrics), server CPU (per message and % of a core) and peak RSS. In the same run, two
 * floors: the same publishers through bare aedes with a subscriber that only counts
 * (bare-broker.ts: what QoS 1 through this broker costs), and the ceiling of writing the same
 * number of points straight into InfluxDB in 5,000-point batches. The pipeline's ratio is to the
 * lower of the two: no QoS 1 pipeline can beat its broker.
 *
 * `BENCH_INGEST_BEFORE=<label>=<other tree>/server/dist/main.js,…` runs other builds of the server
 * through the same publishers in the same run and prints their CPU per message beside this one's;
 * `BENCH_INGEST_REPEAT=<n>` does that n times, the order reversed every other round (this build
 * first, then last), so a box whose load drifts favours no build. Every pass says the load average.
 * @module
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topics } from '@manufacto/firmware-profiles/contract';
import { InfluxDB, type IPoint } from 'influx';
import mqtt from 'mqtt';
import { cpuSeconds, peakRssMb } from './proc.js';
import { startBenchServer, type BenchServerOptions } from './server-process.js';
import { startInfluxd } from '../support/influxd.js';

async function metric(url: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new RegExp(`^${name.replace(/[{}"=.]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

export interface PassFigures {
  perSecond: number;
  publishPerSecond: number;
  cpuSecondsTotal: number;
  /** Server CPU per message, µs: the steadiest figure on a loaded machine. */
  cpuMicrosPerMessage: number;
  cpuPercentOfOneCore: number;
  peakRssMb: number;
  /** The box's 1-minute load average at the end of the pass. */
  load: number;
  /** The pipeline's publish-to-written latency (s) from its /metrics; none for the bare broker. */
  p50?: number | undefined;
  p99?: number | undefined;
}

export interface IngestFigures {
  gateways: number;
  messages: number;
  /** Bare aedes, in-process subscriber that only counts (bare-broker.ts). */
  bare: PassFigures;
  /** This build's pass (its median by messages/s when repeated). */
  pipeline: PassFigures;
  /** Every pipeline pass in the order run, this build's labelled `this`. */
  passes: Array<{ label: string; figures: PassFigures }>;
  /** Other builds of the server, same publishers (`BENCH_INGEST_BEFORE`), in the order given. */
  others: Array<{ label: string; figures: PassFigures }>;
  p50: number | undefined;
  p99: number | undefined;
  ceilingPerSecond: number;
}

/**
 * The gateways' publishing: each announces its machine (retained state), then streams `perGateway`
 * telemetry messages at QoS 1, 200 in flight per gateway. `delivered()` says how many telemetry
 * messages the far side has taken in; resolves once it has them all.
 */
async function pass(
  pid: number,
  mqttPort: number,
  gateways: number,
  perGateway: number,
  delivered: () => Promise<number>,
): Promise<PassFigures> {
  const clients = await Promise.all(
    Array.from({ length: gateways }, (_, g) =>
      mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: `bench-gw-${g}` }),
    ),
  );
  try {
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
    const delivered0 = await delivered();
    const cpu0 = cpuSeconds(pid);
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
    for (;;) {
      const got = (await delivered()) - delivered0;
      if (got >= total) break;
      if (performance.now() - published > 120_000)
        throw new Error(`only ${got} of ${total} messages through after 2 min`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    return {
      perSecond: total / seconds,
      publishPerSecond: total / ((published - start) / 1000),
      cpuSecondsTotal: cpu,
      cpuMicrosPerMessage: (cpu / total) * 1e6,
      cpuPercentOfOneCore: (cpu / seconds) * 100,
      peakRssMb: peakRssMb(pid),
      load: loadavg()[0] ?? 0,
    };
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

const bareBroker = fileURLToPath(new URL('./bare-broker.ts', import.meta.url));

export async function benchIngest(
  gateways = 4,
  messages = Number(process.env.BENCH_INGEST_MESSAGES ?? 100_000),
): Promise<IngestFigures> {
  const perGateway = Math.floor(messages / gateways);
  const total = perGateway * gateways;
  const influx = await startInfluxd({
    dir: join(mkdtempSync(join(tmpdir(), 'mf-bench-influx-')), 'influxdb'),
  });
  try {
    // The pipeline first: starting it builds firmware-profiles, which the bare broker imports.
    const runPipeline = async (label: string, options: BenchServerOptions) => {
      const bench = await startBenchServer(
        label,
        { INFLUX_URL: influx.url, MQTT_ALLOW_ANONYMOUS: 'true' },
        options,
      );
      try {
        // Telemetry points written: one per message.
        const figures = await pass(
          bench.process.pid!,
          bench.mqttPort,
          gateways,
          perGateway,
          async () => (await metric(bench.url, 'manufacto_influx_points_written_total')) ?? 0,
        );
        const p50 = await metric(bench.url, 'manufacto_pipeline_latency_seconds{quantile="0.5"}');
        const p99 = await metric(bench.url, 'manufacto_pipeline_latency_seconds{quantile="0.99"}');
        return { figures, p50, p99 };
      } finally {
        await bench.stop();
      }
    };
    const builds: Array<{ label: string; options: BenchServerOptions }> = [
      { label: 'this', options: {} },
      ...(process.env.BENCH_INGEST_BEFORE ?? '')
        .split(',')
        .filter(Boolean)
        .map((entry) => {
          const [label, main] = entry.includes('=') ? entry.split('=', 2) : ['before', entry];
          return { label: label!, options: { main: main! } };
        }),
    ];
    const passes: IngestFigures['passes'] = [];
    const rounds = Math.max(1, Number(process.env.BENCH_INGEST_REPEAT ?? 1));
    for (let round = 0; round < rounds; round += 1) {
      for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
        const run = await runPipeline(`ingest-${build.label}`, build.options);
        passes.push({
          label: build.label,
          figures: { ...run.figures, p50: run.p50, p99: run.p99 },
        });
      }
    }
    const median = (label: string) => {
      const mine = passes.filter((p) => p.label === label).map((p) => p.figures);
      mine.sort((a, b) => a.perSecond - b.perSecond);
      return mine[Math.floor((mine.length - 1) / 2)]!;
    };
    const pipeline = median('this');
    const { p50, p99 } = pipeline;
    const others = builds.slice(1).map((b) => ({ label: b.label, figures: median(b.label) }));

    const floor = await startBenchServer(
      'ingest-bare-broker',
      {},
      { main: bareBroker, nodeArgs: ['--import', 'tsx'] },
    );
    let bare: PassFigures;
    try {
      bare = await pass(
        floor.process.pid!,
        floor.mqttPort,
        gateways,
        perGateway,
        async () => (await metric(floor.url, 'bare_broker_messages_total')) ?? 0,
      );
    } finally {
      await floor.stop();
    }

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

    return {
      gateways,
      messages: total,
      bare,
      pipeline,
      passes,
      others,
      p50,
      p99,
      ceilingPerSecond,
    };
  } finally {
    await influx.stop();
  }
}
