/**
 * Booking under load: 100 concurrent clients book random slots over the next two weeks, each
 * server in its own process on a copy of one store (see booking-store.ts), one after the other in
 * the same run with the same client:
 * - the floor (booking-floor.ts: the least a booking costs on this stack);
 * - Manufacto on the empty store, one machine per request;
 * - Manufacto with two years of history (100,000 past reservations, usage sessions, audit rows);
 * - Manufacto over 100 printers, "any printer" per request.
 * `BENCH_BOOKING_BEFORE=<other tree>/server/dist/main.js` runs another build of the server
 * through the same three runs (before/after a change, in one run). Figures per run: server CPU
 * per request, throughput, latency; ratios to the floor and to the empty store.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { openIntervals } from '@manufacto/server';
import { DEMO_SITE } from '@manufacto/server/demo';
import { seededRandom } from '../support/seeded-random.js';
import {
  addHistory,
  addPrinters,
  benchServerEnv,
  copyStore,
  MEMBERS,
  PRINTERS,
  prepareStore,
  printer,
  storeFile,
  type BenchStore,
} from './booking-store.js';
import { cpuSeconds, peakRssMb } from './proc.js';
import { startBenchServer, type BenchServer, type BenchServerOptions } from './server-process.js';

export interface LoadFigures {
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly byStatus: Record<string, number>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU (user + system) per answered request, ms. */
  readonly cpuMsPerRequest: number;
  readonly serverCpuPercentOfOneCore: number;
  readonly serverPeakRssMb: number;
}

export interface ServerRuns {
  readonly label: string;
  readonly empty: LoadFigures;
  readonly history: LoadFigures;
  readonly anyPrinter: LoadFigures;
}

export interface BookingFigures {
  readonly clients: number;
  readonly historyRows: number;
  readonly anyPrinters: number;
  readonly floor: LoadFigures;
  readonly runs: readonly ServerRuns[];
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

type Body = (client: number, random: () => number) => Record<string, unknown>;

/** Random slots in the demo site's opening hours, from tomorrow for two weeks. */
function slots(now: number) {
  const from = now + 86_400_000;
  const openings = openIntervals(
    DEMO_SITE,
    from - (from % 3_600_000) + 3_600_000,
    from + 14 * 86_400_000,
  );
  return (random: () => number) => {
    const o = openings[Math.floor(random() * openings.length)]!;
    const steps = Math.floor((o.end - o.start) / 900_000);
    const length = 2 + Math.floor(random() * 7);
    const start = o.start + Math.floor(random() * Math.max(1, steps - length)) * 900_000;
    return {
      start: new Date(start).toISOString(),
      end: new Date(start + length * 900_000).toISOString(),
    };
  };
}

/** `clients` clients, each one request at a time, for `seconds` after a 2 s dry-run warm-up. */
async function load(
  server: BenchServer,
  headers: Record<string, string>,
  body: Body,
  clients: number,
  seconds: number,
): Promise<LoadFigures> {
  const h = { 'content-type': 'application/json', ...headers };
  const random = seededRandom(42);
  const post = (query: string, c: number) =>
    fetch(`${server.url}/api/reservations${query}`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify(body(c, random)),
    });
  // Warm-up: every client opens its connection and the server compiles its hot paths; the
  // first requests otherwise queue behind 100 connection set-ups and cost seconds.
  const warm = performance.now() + 2000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < warm) await (await post('?dryRun=true', c)).arrayBuffer();
    }),
  );
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  const cpu0 = cpuSeconds(server.process.pid!);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < deadline) {
        const start = performance.now();
        const res = await post('', c);
        await res.arrayBuffer();
        latencies.push(performance.now() - start);
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(server.process.pid!) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    seconds: elapsed,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    byStatus,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    cpuMsPerRequest: (cpu * 1000) / latencies.length,
    serverCpuPercentOfOneCore: (cpu / elapsed) * 100,
    serverPeakRssMb: peakRssMb(server.process.pid!),
  };
}

async function withServer<T>(
  name: string,
  store: BenchStore,
  options: BenchServerOptions,
  env: Record<string, string>,
  run: (server: BenchServer) => Promise<T>,
): Promise<T> {
  const server = await startBenchServer(name, env, { ...options, dataDir: store.dataDir });
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

const floorScript = fileURLToPath(new URL('./booking-floor.ts', import.meta.url));

export async function benchBooking(
  clients = MEMBERS,
  seconds = Number(process.env.BENCH_BOOKING_SECONDS ?? 15),
  historyRows = 100_000,
  anyPrinters = 100,
): Promise<BookingFigures> {
  const now = Date.now();
  const slot = slots(now);
  const oneMachine: Body = (c, random) => ({
    member: `bench-${c + 1}`,
    machine: printer(1 + Math.floor(random() * PRINTERS)),
    ...slot(random),
  });
  const anyPrinter: Body = (c, random) => ({
    member: `bench-${c + 1}`,
    kind: 'printer',
    site: DEMO_SITE.id,
    ...slot(random),
  });
  const builds: Array<{ label: string; options: BenchServerOptions }> = [
    { label: 'manufacto', options: {} },
  ];
  const before = process.env.BENCH_BOOKING_BEFORE;
  if (before) builds.push({ label: 'before', options: { main: before } });

  const bases = [];
  for (const b of builds) bases.push(await prepareStore(`booking-${b.label}`, b.options));
  const floorStore = copyStore(bases[0]!, 'booking-floor');
  const floor = await withServer(
    'booking-floor',
    floorStore,
    { main: floorScript, nodeArgs: ['--import', 'tsx'] },
    { FLOOR_DB: storeFile(floorStore) },
    (s) => load(s, floorStore.headers, oneMachine, clients, seconds),
  );
  const runs: ServerRuns[] = [];
  for (const [i, b] of builds.entries()) {
    const base = bases[i]!;
    const run = (
      name: string,
      store: BenchStore,
      body: Body,
      prepare?: (s: BenchServer) => Promise<void>,
    ) =>
      withServer(`booking-${b.label}-${name}`, store, b.options, benchServerEnv, async (s) => {
        await prepare?.(s);
        return load(s, store.headers, body, clients, seconds);
      });
    const empty = await run('empty', copyStore(base, `booking-${b.label}-empty`), oneMachine);
    const old = copyStore(base, `booking-${b.label}-history`);
    addHistory(old, now, historyRows);
    const history = await run('history', old, oneMachine);
    const any = await run('any', copyStore(base, `booking-${b.label}-any`), anyPrinter, (s) =>
      addPrinters(s.url, base.headers, anyPrinters),
    );
    runs.push({ label: b.label, empty, history, anyPrinter: any });
  }
  return { clients, historyRows, anyPrinters, floor, runs };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (name: string, f: LoadFigures) =>
  `${name.padEnd(26)} ${f.cpuMsPerRequest.toFixed(3).padStart(8)} ms ${fmt(f.perSecond).padStart(7)}/s  p50 ${f.p50Ms.toFixed(1).padStart(6)} ms  p99 ${f.p99Ms.toFixed(1).padStart(7)} ms  CPU ${f.serverCpuPercentOfOneCore.toFixed(0).padStart(3)} %  RSS ${f.serverPeakRssMb.toFixed(0)} MB  ${Object.entries(
    f.byStatus,
  )
    .map(([s, n]) => `${s}: ${fmt(n)}`)
    .join(', ')}`;

export function formatBookingFigures(b: BookingFigures): string[] {
  const out = [
    `${'run'.padEnd(26)} CPU/request  throughput  latency                 server`,
    line('floor', b.floor),
  ];
  for (const r of b.runs) {
    out.push(
      line(`${r.label} empty`, r.empty),
      line(`${r.label} ${fmt(b.historyRows)} past`, r.history),
      line(`${r.label} any of ${b.anyPrinters}`, r.anyPrinter),
    );
  }
  for (const r of b.runs) {
    const cpu = r.empty.cpuMsPerRequest / b.floor.cpuMsPerRequest;
    const rate = r.empty.perSecond / b.floor.perSecond;
    const flat = r.history.cpuMsPerRequest / r.empty.cpuMsPerRequest - 1;
    const flatRate = r.history.perSecond / r.empty.perSecond - 1;
    const any = r.anyPrinter.cpuMsPerRequest / r.empty.cpuMsPerRequest;
    out.push(
      `${r.label}: CPU per request ${cpu.toFixed(2)}× the floor's (target ≤ 1.5×), throughput ${rate.toFixed(2)} of the floor's (target ≥ 0.7); with history CPU ${flat >= 0 ? '+' : ''}${(flat * 100).toFixed(0)} %, throughput ${flatRate >= 0 ? '+' : ''}${(flatRate * 100).toFixed(0)} % (target within 10 %); any of ${b.anyPrinters} printers ${any.toFixed(2)}× one machine (target ≤ 3×)`,
    );
  }
  return out;
}
