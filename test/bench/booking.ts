/**
 * Booking under load: 100 concurrent clients book, each server in its own process on a copy of
 * one store (see booking-store.ts), all measured in the same minutes with the same client:
 * - the floor (booking-floor.ts: the least a booking costs on this stack);
 * - Manufacto on the empty store, one machine per request;
 * - Manufacto with two years of history (100,000 past reservations, usage sessions, audit rows);
 * - Manufacto over 100 printers, "any printer" per request.
 * Each run books a list of distinct free slots (every request creates a reservation: "created"),
 * then asks for the same slots again (every request is refused, the slot is taken: "refused"),
 * so both paths are measured apart and every server does the same work; "any printer" has no
 * refused phase (another printer is free). A warm-up books and re-asks other slots first
 * (`BENCH_BOOKING_WARM`, default 2000 requests, each twice).
 * `BENCH_BOOKING_BEFORE=<other tree>/server/dist/main.js` runs another build of the server
 * through the same three runs (before/after a change, in one run). Figures per phase: server CPU
 * and SQLite statements per request, throughput, latency, the load average; ratios to the floor
 * and to the empty store.
 * This box's load drifts by more than the differences measured (±20 % from one minute to the
 * next, the floor's included), so the servers are all up at once and each phase goes in batches
 * (`BENCH_BOOKING_BATCHES`, default 4) taken in turns, server after server, the order turning
 * at every batch: each server meets the same minutes. A phase's figures sum its batches.
 * `BENCH_BOOKING_REPEAT=N` repeats the whole on fresh copies N times and prints each
 * repetition, then the median of each phase and the ratios of those medians (with the spread of
 * the same ratio within each repetition). `BENCH_BOOKING_RUNS=empty,any` keeps some runs only
 * (default `empty,history,any`); `BENCH_BOOKING_REQUESTS` sets a phase's requests (3000).
 * @module
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openIntervals } from '@manufacto/server';
import { DEMO_SITE } from '@manufacto/server/demo';
import { seededRandom } from '../support/seeded-random.js';
import {
  addHistory,
  addPrinters,
  BOOK_AHEAD_DAYS,
  benchServerEnv,
  copyStore,
  MEMBERS,
  PRINTERS,
  prepareStore,
  printer,
  storeFile,
  type BenchStore,
} from './booking-store.js';
import { cpuTimes, peakRssMb } from './proc.js';
import { startBenchServer, type BenchServer, type BenchServerOptions } from './server-process.js';

export interface PhaseFigures {
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly byStatus: Record<string, number>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU (user + system) per answered request, ms. */
  readonly cpuMsPerRequest: number;
  /** Of it, system CPU (the kernel: socket reads and writes, fsync), ms. */
  readonly systemMsPerRequest: number;
  /** SQLite statements the server ran per request (see count-statements.mjs). */
  readonly statementsPerRequest: number;
  readonly serverCpuPercentOfOneCore: number;
  /** The machine's one-minute load average as the phase ended. */
  readonly loadAverage: number;
}

export interface LoadFigures {
  /** Every request books a free slot (201). */
  readonly created: PhaseFigures;
  /** Every request asks for a slot already booked (409); absent for "any printer". */
  readonly refused?: PhaseFigures | undefined;
  readonly serverPeakRssMb: number;
}

/** One build's runs; a run left out (BENCH_BOOKING_RUNS) is absent. */
export interface ServerRuns {
  readonly label: string;
  readonly empty?: LoadFigures | undefined;
  readonly history?: LoadFigures | undefined;
  readonly anyPrinter?: LoadFigures | undefined;
}

/** One repetition: the floor and every build; `order`: who took the first batch, and after. */
export interface Repetition {
  readonly order: readonly string[];
  readonly floor: LoadFigures;
  readonly runs: readonly ServerRuns[];
}

export interface BookingFigures {
  readonly clients: number;
  readonly requests: number;
  readonly historyRows: number;
  readonly anyPrinters: number;
  readonly repetitions: readonly Repetition[];
  /** Phase by phase, the median over the repetitions (the figures themselves for one). */
  readonly floor: LoadFigures;
  readonly runs: readonly ServerRuns[];
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

interface Slot {
  readonly start: string;
  readonly end: string;
}

const SLOT_MIN = 30;
const BUFFER_MIN = 15; // the bench printers' buffer (booking-store.ts)

/**
 * Every 30-minute slot of the demo site's opening hours, one after the other with the printers'
 * buffer between them, from tomorrow to the plan's horizon: slots that never collide on one machine.
 */
function freeSlots(now: number): Slot[] {
  const from = now + 86_400_000;
  const openings = openIntervals(
    DEMO_SITE,
    from - (from % 3_600_000) + 3_600_000,
    now + (BOOK_AHEAD_DAYS - 1) * 86_400_000,
  );
  const out: Slot[] = [];
  for (const o of openings)
    for (let t = o.start; t + SLOT_MIN * 60_000 <= o.end; t += (SLOT_MIN + BUFFER_MIN) * 60_000)
      out.push({
        start: new Date(t).toISOString(),
        end: new Date(t + SLOT_MIN * 60_000).toISOString(),
      });
  return out;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

type Request = (client: number) => Record<string, unknown>;

/** One batch of a phase as measured: summed with the phase's other batches. */
interface Batch {
  readonly seconds: number;
  readonly latencies: readonly number[];
  readonly byStatus: Readonly<Record<string, number>>;
  /** Server CPU (user + system) and of it system, seconds. */
  readonly cpu: number;
  readonly system: number;
  readonly statements: number;
  readonly loadAverage: number;
}

/** `clients` clients, each one request at a time, through `requests` in order; one batch. */
async function batch(
  server: BenchServer,
  headers: Record<string, string>,
  requests: readonly Request[],
  clients: number,
): Promise<Batch> {
  const h = { 'content-type': 'application/json', ...headers };
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  const statements0 = await server.statements();
  const cpu0 = cpuTimes(server.process.pid!);
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = next++; i < requests.length; i = next++) {
        const start = performance.now();
        const send = () =>
          fetch(`${server.url}/api/reservations`, {
            method: 'POST',
            headers: h,
            body: JSON.stringify(requests[i]!(c)),
          });
        // A kept-alive connection the server closed as it was reused: sent again, counted.
        const res = await send().catch(() => {
          byStatus.resent = (byStatus.resent ?? 0) + 1;
          return send();
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - start);
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuTimes(server.process.pid!);
  const system = cpu1.system - cpu0.system;
  return {
    seconds,
    latencies,
    byStatus,
    cpu: cpu1.user + system - cpu0.user,
    system,
    statements: (await server.statements()) - statements0,
    loadAverage: loadavg()[0]!,
  };
}

/** A phase's figures from its batches (the load average: their mean, each as it ended). */
function phaseOf(batches: readonly Batch[]): PhaseFigures {
  const sum = (pick: (b: Batch) => number) => batches.reduce((t, b) => t + pick(b), 0);
  const latencies = batches.flatMap((b) => b.latencies).sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  for (const b of batches)
    for (const [s, n] of Object.entries(b.byStatus)) byStatus[s] = (byStatus[s] ?? 0) + n;
  const seconds = sum((b) => b.seconds);
  const cpu = sum((b) => b.cpu);
  const n = latencies.length;
  return {
    seconds,
    requests: n,
    perSecond: n / seconds,
    byStatus,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    cpuMsPerRequest: (cpu * 1000) / n,
    systemMsPerRequest: (sum((b) => b.system) * 1000) / n,
    statementsPerRequest: sum((b) => b.statements) / n,
    serverCpuPercentOfOneCore: (cpu / seconds) * 100,
    loadAverage: sum((b) => b.loadAverage) / batches.length,
  };
}

/** One server of a repetition, with the requests it is measured on. */
interface Contender {
  readonly name: string;
  readonly server: BenchServer;
  readonly headers: Record<string, string>;
  /** Booked, then asked again, before anything is measured (both paths compiled). */
  readonly warm: readonly Request[];
  readonly measured: readonly Request[];
  /** false: no refused phase ("any printer": another printer is free). */
  readonly refusedToo: boolean;
}

/**
 * Every contender warmed up, then the created phase of all of them in `batches` batches taken in
 * turns, then the refused phase the same way; `turn` shifts who goes first (a repetition's
 * number), and the order turns at every batch.
 */
async function interleaved(
  contenders: readonly Contender[],
  clients: number,
  batches: number,
  turn: number,
): Promise<Map<string, LoadFigures>> {
  for (const c of contenders) {
    await batch(c.server, c.headers, c.warm, clients);
    await batch(c.server, c.headers, c.warm, clients);
  }
  const measured = new Map(
    contenders.map((c) => [c.name, { created: [] as Batch[], refused: [] as Batch[] }]),
  );
  for (const kind of ['created', 'refused'] as const) {
    const taking = contenders.filter((c) => kind === 'created' || c.refusedToo);
    for (let k = 0; k < batches; k++)
      for (let i = 0; i < taking.length; i++) {
        const c = taking[(i + k + turn) % taking.length]!;
        const size = Math.ceil(c.measured.length / batches);
        const slice = c.measured.slice(k * size, (k + 1) * size);
        if (slice.length)
          measured.get(c.name)![kind].push(await batch(c.server, c.headers, slice, clients));
      }
  }
  return new Map(
    contenders.map((c) => {
      const m = measured.get(c.name)!;
      return [
        c.name,
        {
          created: phaseOf(m.created),
          refused: m.refused.length ? phaseOf(m.refused) : undefined,
          serverPeakRssMb: peakRssMb(c.server.process.pid!),
        },
      ];
    }),
  );
}

/** A store's copy, gone with its folder (`benchDataDir`'s temporary folder). */
const removeStore = (store: { readonly dataDir: string }) =>
  rmSync(dirname(store.dataDir), { recursive: true, force: true });

const floorScript = fileURLToPath(new URL('./booking-floor.ts', import.meta.url));

export async function benchBooking(
  clients = MEMBERS,
  requests = Number(process.env.BENCH_BOOKING_REQUESTS ?? 3000),
  historyRows = 100_000,
  anyPrinters = 100,
): Promise<BookingFigures> {
  const now = Date.now();
  const random = seededRandom(42);
  const slots = freeSlots(now);
  const member = (c: number) => `bench-${c + 1}`;
  // One machine: each (printer, slot) once, in a random order.
  const pairs = shuffled(
    Array.from({ length: PRINTERS }, (_, p) => slots.map((slot) => ({ p: p + 1, slot }))).flat(),
    random,
  );
  const oneMachine = pairs.map(
    ({ p, slot }): Request =>
      (c) => ({ member: member(c), machine: printer(p), ...slot }),
  );
  // The JIT is still at work well after a few hundred bookings (its threads took 13 % of the
  // server's CPU in a created phase after 500 + 500 requests of warm-up, 1.6 % in the refused
  // phase after it): each server warms up on as many requests as it is measured on, or less.
  const warmCount = Math.min(
    Number(process.env.BENCH_BOOKING_WARM ?? 2000),
    oneMachine.length - requests,
  );
  if (oneMachine.length < warmCount + requests)
    throw new Error(
      `the booking bench has ${oneMachine.length} free slots for ${warmCount} + ${requests} requests`,
    );
  const oneWarm = oneMachine.slice(0, warmCount);
  const oneMeasured = oneMachine.slice(warmCount, warmCount + requests);
  // Any printer: random slots, none asked for more often than there are printers.
  const asked = new Map<Slot, number>();
  const anyPrinter: Request[] = [];
  while (anyPrinter.length < warmCount + requests) {
    const slot = slots[Math.floor(random() * slots.length)]!;
    const n = asked.get(slot) ?? 0;
    if (n >= anyPrinters) continue;
    asked.set(slot, n + 1);
    anyPrinter.push((c) => ({ member: member(c), kind: 'printer', site: DEMO_SITE.id, ...slot }));
  }
  const builds: Array<{ label: string; options: BenchServerOptions }> = [
    { label: 'manufacto', options: {} },
  ];
  const before = process.env.BENCH_BOOKING_BEFORE;
  if (before) builds.push({ label: 'before', options: { main: before } });
  const kinds = new Set(
    (process.env.BENCH_BOOKING_RUNS ?? 'empty,history,any').split(',').map((k) => k.trim()),
  );
  const repeat = Math.max(1, Number(process.env.BENCH_BOOKING_REPEAT ?? 1));

  // Each build's store set up once (and its history written once), copied for every run.
  const bases: Array<(typeof builds)[number] & { base: BenchStore; old?: BenchStore | undefined }> =
    [];
  for (const b of builds) {
    const base = await prepareStore(`booking-${b.label}`, b.options);
    let old: BenchStore | undefined;
    if (kinds.has('history')) {
      old = copyStore(base, `booking-${b.label}-history-base`);
      addHistory(old, now, historyRows);
    }
    bases.push({ ...b, base, old });
  }
  const batches = Math.max(1, Number(process.env.BENCH_BOOKING_BATCHES ?? 4));
  const started: BenchServer[] = [];
  const start = async (
    name: string,
    store: BenchStore,
    options: BenchServerOptions,
    env: Record<string, string>,
  ) => {
    const server = await startBenchServer(name, env, { ...options, dataDir: store.dataDir });
    started.push(server);
    return server;
  };
  /** A repetition's servers, all up at once: the floor, then each build's runs. */
  const contenders = async (): Promise<Contender[]> => {
    const floorStore = copyStore(bases[0]!.base, 'booking-floor');
    const out: Contender[] = [
      {
        name: 'floor',
        server: await start(
          'booking-floor',
          floorStore,
          { main: floorScript, nodeArgs: ['--import', 'tsx'] },
          { FLOOR_DB: storeFile(floorStore) },
        ),
        headers: floorStore.headers,
        warm: oneWarm,
        measured: oneMeasured,
        refusedToo: true,
      },
    ];
    for (const { base, old, label, options } of bases) {
      const one = { headers: base.headers, warm: oneWarm, measured: oneMeasured, refusedToo: true };
      const run = (name: string, from: BenchStore) =>
        start(
          `booking-${label}-${name}`,
          copyStore(from, `booking-${label}-${name}`),
          options,
          benchServerEnv,
        );
      if (kinds.has('empty'))
        out.push({ name: `${label}:empty`, server: await run('empty', base), ...one });
      if (old) out.push({ name: `${label}:history`, server: await run('history', old), ...one });
      if (kinds.has('any')) {
        const server = await run('any', base);
        await addPrinters(server.url, base.headers, anyPrinters);
        out.push({
          name: `${label}:any`,
          server,
          headers: base.headers,
          warm: anyPrinter.slice(0, warmCount),
          measured: anyPrinter.slice(warmCount),
          refusedToo: false,
        });
      }
    }
    return out;
  };
  const repetitions: Repetition[] = [];
  try {
    for (let i = 0; i < repeat; i++) {
      const all = await contenders();
      const figures = await interleaved(all, clients, batches, i);
      // Stopped and their copies removed (a store with history is ~70 MB); kept when a run fails,
      // with the server's stderr beside it.
      await Promise.all(started.splice(0).map((s) => s.stop().then(() => removeStore(s))));
      const names = all.map((c) => c.name);
      repetitions.push({
        order: names.map((_, k) => names[(k + i) % names.length]!),
        floor: figures.get('floor')!,
        runs: bases.map(({ label }) => ({
          label,
          empty: figures.get(`${label}:empty`),
          history: figures.get(`${label}:history`),
          anyPrinter: figures.get(`${label}:any`),
        })),
      });
    }
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
  for (const { base, old } of bases) for (const s of [base, old]) if (s) removeStore(s);
  return {
    clients,
    requests,
    historyRows,
    anyPrinters,
    repetitions,
    floor: medianLoad(repetitions.map((r) => r.floor))!,
    runs: bases.map((b, k) => {
      const of = (pick: (r: ServerRuns) => LoadFigures | undefined) =>
        medianLoad(repetitions.map((r) => pick(r.runs[k]!)));
      return {
        label: b.label,
        empty: of((r) => r.empty),
        history: of((r) => r.history),
        anyPrinter: of((r) => r.anyPrinter),
      };
    }),
  };
}

const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Each figure's median over the phases; statuses summed (a stray status shows). */
function medianPhase(phases: readonly PhaseFigures[]): PhaseFigures {
  const of = (k: keyof Omit<PhaseFigures, 'byStatus'>) => median(phases.map((p) => p[k]));
  const byStatus: Record<string, number> = {};
  for (const p of phases)
    for (const [s, n] of Object.entries(p.byStatus)) byStatus[s] = (byStatus[s] ?? 0) + n;
  return {
    seconds: of('seconds'),
    requests: of('requests'),
    perSecond: of('perSecond'),
    byStatus,
    p50Ms: of('p50Ms'),
    p99Ms: of('p99Ms'),
    cpuMsPerRequest: of('cpuMsPerRequest'),
    systemMsPerRequest: of('systemMsPerRequest'),
    statementsPerRequest: of('statementsPerRequest'),
    serverCpuPercentOfOneCore: of('serverCpuPercentOfOneCore'),
    loadAverage: of('loadAverage'),
  };
}

function medianLoad(loads: ReadonlyArray<LoadFigures | undefined>): LoadFigures | undefined {
  const all = loads.filter((l): l is LoadFigures => l !== undefined);
  if (all.length === 0) return undefined;
  const refused = all.flatMap((l) => (l.refused ? [l.refused] : []));
  return {
    created: medianPhase(all.map((l) => l.created)),
    refused: refused.length ? medianPhase(refused) : undefined,
    serverPeakRssMb: median(all.map((l) => l.serverPeakRssMb)),
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (name: string, what: string, f: PhaseFigures) =>
  `${name.padEnd(28)} ${what.padEnd(8)} ${f.cpuMsPerRequest.toFixed(3).padStart(8)} ms (sys ${f.systemMsPerRequest.toFixed(3)}) ${f.statementsPerRequest.toFixed(1).padStart(6)}  ${fmt(f.perSecond).padStart(7)}/s  p50 ${f.p50Ms.toFixed(1).padStart(6)} ms  p99 ${f.p99Ms.toFixed(1).padStart(7)} ms  CPU ${f.serverCpuPercentOfOneCore.toFixed(0).padStart(3)} %  load ${f.loadAverage.toFixed(1).padStart(4)}  ${Object.entries(
    f.byStatus,
  )
    .map(([s, n]) => `${s}: ${fmt(n)}`)
    .join(', ')}`;
const lines = (name: string, f: LoadFigures | undefined) =>
  f
    ? [line(name, 'created', f.created), ...(f.refused ? [line(name, 'refused', f.refused)] : [])]
    : [];
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const change = (a: number, b: number) => {
  const d = (a / b - 1) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(0)} %`;
};

function table(b: BookingFigures, floor: LoadFigures, runs: readonly ServerRuns[], tag: string) {
  const out = [...lines(`${tag}floor`, floor)];
  for (const r of runs)
    out.push(
      ...lines(`${tag}${r.label} empty`, r.empty),
      ...lines(`${tag}${r.label} ${fmt(b.historyRows)} past`, r.history),
      ...lines(`${tag}${r.label} any of ${b.anyPrinters}`, r.anyPrinter),
    );
  return out;
}

/** ` (0.91–1.12× over the repetitions)`: the same ratio within each repetition, lowest to highest. */
function spread(b: BookingFigures, of: (r: Repetition) => number | undefined): string {
  if (b.repetitions.length < 2) return '';
  const each = b.repetitions
    .map(of)
    .filter((x): x is number => x !== undefined && !Number.isNaN(x));
  if (each.length < 2) return '';
  return ` (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)} within a repetition)`;
}

export function formatBookingFigures(b: BookingFigures): string[] {
  const n = b.repetitions.length;
  const loads = b.repetitions.flatMap((r) =>
    [r.floor, ...r.runs.flatMap((s) => [s.empty, s.history, s.anyPrinter])].flatMap((l) =>
      l ? [l.created.loadAverage, ...(l.refused ? [l.refused.loadAverage] : [])] : [],
    ),
  );
  const out = [
    `${b.requests} requests per phase, ${b.clients} clients, ${n} repetition${n > 1 ? 's' : ''}; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
    `${'run'.padEnd(28)} ${'phase'.padEnd(8)} CPU/request (of it system)  stmts  throughput  latency                     server   load`,
  ];
  if (n > 1) {
    for (const [i, r] of b.repetitions.entries())
      out.push(
        `repetition ${i + 1} (${r.order.join(', ')})`,
        ...table(b, r.floor, r.runs, `#${i + 1} `),
      );
    out.push(`median of ${n} repetitions, phase by phase`);
  }
  out.push(...table(b, b.floor, b.runs, ''));
  const floor = b.floor;
  const cpu = (l: LoadFigures | undefined, p: 'created' | 'refused') => l?.[p]?.cpuMsPerRequest;
  for (const [k, r] of b.runs.entries()) {
    const mine = (rep: Repetition) => rep.runs[k]!;
    const e = r.empty;
    const h = r.history;
    const parts = [];
    if (e) {
      parts.push(
        `CPU per request created ${ratio(e.created.cpuMsPerRequest, floor.created.cpuMsPerRequest)}${spread(b, (rep) => cpu(mine(rep).empty, 'created')! / cpu(rep.floor, 'created')!)}` +
          (e.refused && floor.refused
            ? `, refused ${ratio(e.refused.cpuMsPerRequest, floor.refused.cpuMsPerRequest)}${spread(b, (rep) => cpu(mine(rep).empty, 'refused')! / cpu(rep.floor, 'refused')!)}`
            : '') +
          " the floor's (target ≤ 1.5×)",
        `throughput created ${(e.created.perSecond / floor.created.perSecond).toFixed(2)}` +
          (e.refused && floor.refused
            ? `, refused ${(e.refused.perSecond / floor.refused.perSecond).toFixed(2)}`
            : '') +
          " of the floor's (target ≥ 0.7)",
      );
      if (h)
        parts.push(
          `with history CPU created ${change(h.created.cpuMsPerRequest, e.created.cpuMsPerRequest)}` +
            (h.refused && e.refused
              ? `, refused ${change(h.refused.cpuMsPerRequest, e.refused.cpuMsPerRequest)}`
              : '') +
            ' (target within 10 %)',
        );
      if (r.anyPrinter)
        parts.push(
          `any of ${b.anyPrinters} printers ${ratio(r.anyPrinter.created.cpuMsPerRequest, e.created.cpuMsPerRequest)}${spread(b, (rep) => cpu(mine(rep).anyPrinter, 'created')! / cpu(mine(rep).empty, 'created')!)} one machine, created (target ≤ 3×)`,
        );
    }
    out.push(`${r.label}: ${parts.join('; ')}`);
  }
  // Before/after in one run: each build against the first, phase by phase.
  const [after, ...others] = b.runs;
  for (const o of others) {
    const parts = [];
    for (const [name, pick] of [
      ['empty', (r: ServerRuns) => r.empty],
      ['history', (r: ServerRuns) => r.history],
      ['any', (r: ServerRuns) => r.anyPrinter],
    ] as const) {
      const a = pick(after!);
      const x = pick(o);
      if (!a || !x) continue;
      parts.push(`${name} created ${change(a.created.cpuMsPerRequest, x.created.cpuMsPerRequest)}`);
      if (a.refused && x.refused)
        parts.push(
          `${name} refused ${change(a.refused.cpuMsPerRequest, x.refused.cpuMsPerRequest)}`,
        );
    }
    out.push(`${after!.label} vs ${o.label}, CPU per request (medians): ${parts.join(', ')}`);
  }
  return out;
}
