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
 * through the same publishers in the same run and prints their CPU per message beside this one's.
 * `BENCH_INGEST_REPEAT=<n>` runs n rounds of the bare broker and every build, each round starting
 * one further along (this, before, bare; then before, bare, this…), so a box whose load drifts
 * favours none of them, the bare broker included: measured once at the end, its pass swung the
 * ratio with the load of that moment. It prints every pass with the load average at its start and
 * end, the median of each, the ratios of the medians, and the spread of the same ratio within a
 * round.
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
  /** The same at its start. */
  loadStart: number;
  /** The pipeline's publish-to-written latency (s) from its /metrics; none for the bare broker. */
  p50?: number | undefined;
  p99?: number | undefined;
}

/** One round: the bare broker (`bare`) and every build, each once, in `order`. */
export interface IngestRound {
  order: string[];
  passes: Map<string, PassFigures>;
}

export interface IngestFigures {
  gateways: number;
  messages: number;
  rounds: IngestRound[];
  /** Bare aedes, in-process subscriber that only counts (bare-broker.ts): the median over rounds. */
  bare: PassFigures;
  /** This build's median figures (each figure's own median; p50/p99 from its median pass). */
  pipeline: PassFigures;
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
    const loadStart = loadavg()[0] ?? 0;
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
      loadStart,
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
        return { ...figures, p50, p99 };
      } finally {
        await bench.stop();
      }
    };
    const runBare = async () => {
      const floor = await startBenchServer(
        'ingest-bare-broker',
        {},
        { main: bareBroker, nodeArgs: ['--import', 'tsx'] },
      );
      try {
        return await pass(
          floor.process.pid!,
          floor.mqttPort,
          gateways,
          perGateway,
          async () => (await metric(floor.url, 'bare_broker_messages_total')) ?? 0,
        );
      } finally {
        await floor.stop();
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
    if (
      builds.some(
        (b, k) => b.label === 'bare' || builds.findIndex((c) => c.label === b.label) !== k,
      )
    )
      throw new Error('BENCH_INGEST_BEFORE: each build needs its own label, and not "bare"');
    // This tree's build comes before the bare broker in the first round: the bare broker imports
    // firmware-profiles' dist through tsx, and the first pass of `this` builds it (tsc --build).
    const servers = [...builds.map((b) => b.label), 'bare'];
    const rounds: IngestRound[] = [];
    const repeat = Math.max(1, Number(process.env.BENCH_INGEST_REPEAT ?? 1));
    for (let r = 0; r < repeat; r += 1) {
      const order = servers.map((_, k) => servers[(k + r) % servers.length]!);
      const passes = new Map<string, PassFigures>();
      for (const label of order) {
        const build = builds.find((b) => b.label === label);
        passes.set(
          label,
          build ? await runPipeline(`ingest-${label}`, build.options) : await runBare(),
        );
      }
      rounds.push({ order, passes });
    }
    const of = (label: string) => rounds.map((r) => r.passes.get(label)!);
    const bare = medianFigures(of('bare'));
    const pipeline = medianFigures(of('this'));
    const others = builds
      .slice(1)
      .map((b) => ({ label: b.label, figures: medianFigures(of(b.label)) }));

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
      rounds,
      bare,
      pipeline,
      others,
      p50: pipeline.p50,
      p99: pipeline.p99,
      ceilingPerSecond,
    };
  } finally {
    await influx.stop();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Each figure's median over the passes; the latencies from the median pass by messages/s. */
function medianFigures(passes: readonly PassFigures[]): PassFigures {
  const m = (k: keyof PassFigures) => median(passes.map((p) => p[k] ?? Number.NaN));
  const byRate = [...passes].sort((a, b) => a.perSecond - b.perSecond);
  const middle = byRate[Math.floor((byRate.length - 1) / 2)]!;
  return {
    perSecond: m('perSecond'),
    publishPerSecond: m('publishPerSecond'),
    cpuSecondsTotal: m('cpuSecondsTotal'),
    cpuMicrosPerMessage: m('cpuMicrosPerMessage'),
    cpuPercentOfOneCore: m('cpuPercentOfOneCore'),
    peakRssMb: m('peakRssMb'),
    load: m('load'),
    loadStart: m('loadStart'),
    p50: middle.p50,
    p99: middle.p99,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | undefined) => (n === undefined ? 'n/a' : `${(n * 1000).toFixed(0)} ms`);

/** ` (0.41–0.47 within a round)`: the same ratio in each round, lowest to highest. */
function spread(rounds: readonly IngestRound[], of: (r: IngestRound) => number): string {
  if (rounds.length < 2) return '';
  const each = rounds.map(of);
  return ` (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)} within a round)`;
}

function passLine(label: string, f: PassFigures): string {
  const latency = label === 'bare' ? '' : `, p50 ${ms(f.p50)} p99 ${ms(f.p99)}`;
  return `${label.padEnd(8)} ${fmt(f.perSecond).padStart(7)} msg/s (publishers ${fmt(f.publishPerSecond)}), server CPU ${f.cpuMicrosPerMessage.toFixed(1)} µs/msg (${f.cpuPercentOfOneCore.toFixed(0)} % of one core)${latency}, peak RSS ${f.peakRssMb.toFixed(0)} MB, load ${f.loadStart.toFixed(1)}→${f.load.toFixed(1)}`;
}

export function formatIngestFigures(i: IngestFigures): string[] {
  const n = i.rounds.length;
  const loads = i.rounds.flatMap((r) =>
    [...r.passes.values()].flatMap((f) => [f.loadStart, f.load]),
  );
  const out = [
    `${i.gateways} gateways, ${fmt(i.messages)} messages of ~100 bytes, QoS 1, ${n} round${n > 1 ? 's' : ''}; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  ];
  for (const [k, r] of i.rounds.entries()) {
    if (n > 1) out.push(`round ${k + 1} (${r.order.join(', ')})`);
    for (const label of r.order) out.push(`  ${passLine(label, r.passes.get(label)!)}`);
  }
  if (n > 1) {
    out.push(`median of ${n} rounds, figure by figure`);
    for (const [label, f] of [
      ['bare', i.bare],
      ['this', i.pipeline],
      ...i.others.map((o) => [o.label, o.figures] as const),
    ] as const)
      out.push(`  ${passLine(label, f)}`);
  }
  out.push(`ceiling (direct writes, 5,000-point batches) ${fmt(i.ceilingPerSecond)} points/s`);
  const limit = Math.min(i.bare.perSecond, i.ceilingPerSecond);
  const by = i.bare.perSecond <= i.ceilingPerSecond ? 'bare broker' : 'InfluxDB';
  for (const [label, f] of [
    ['this', i.pipeline],
    ...i.others.map((o) => [o.label, o.figures] as const),
  ] as const) {
    const rate = (r: IngestRound) =>
      r.passes.get(label)!.perSecond / r.passes.get('bare')!.perSecond;
    const cpu = (r: IngestRound) =>
      r.passes.get(label)!.cpuMicrosPerMessage / r.passes.get('bare')!.cpuMicrosPerMessage;
    out.push(
      `${label}: ratio to min(bare broker, ceiling) ${(f.perSecond / limit).toFixed(2)} (limit: ${by})${by === 'bare broker' ? spread(i.rounds, rate) : ''}; CPU per message ${(f.cpuMicrosPerMessage / i.bare.cpuMicrosPerMessage).toFixed(2)}× the bare broker's${spread(i.rounds, cpu)}`,
    );
  }
  for (const o of i.others) {
    const cpu = (r: IngestRound) =>
      r.passes.get('this')!.cpuMicrosPerMessage / r.passes.get(o.label)!.cpuMicrosPerMessage;
    out.push(
      `this vs ${o.label}: CPU per message ${((100 * i.pipeline.cpuMicrosPerMessage) / o.figures.cpuMicrosPerMessage - 100).toFixed(0)} %${spread(i.rounds, cpu)}, msg/s ${((100 * i.pipeline.perSecond) / o.figures.perSecond - 100).toFixed(0)} %`,
    );
  }
  return out;
}
