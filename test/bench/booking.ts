/**
 * Booking latency under load: the server (built, its own process, SQLite file) with 20 printers
 * and 100 members; 100 concurrent clients book random slots over the next two weeks for a fixed
 * time. Prints p50/p99 of every answer and of successful bookings, throughput, server CPU.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SITE, openIntervals } from '@manufacto/server';
import { cpuSeconds, peakRssMb } from './proc.js';
import { freePort } from '../support/free-port.js';
import { adminHeaders, TEST_ADMIN } from '../support/server-env.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface BookingFigures {
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly byStatus: Record<string, number>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly bookedP50Ms: number;
  readonly bookedP99Ms: number;
  readonly serverCpuPercentOfOneCore: number;
  readonly serverPeakRssMb: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function benchBooking(clients = 100, seconds = Number(process.env.BENCH_BOOKING_SECONDS ?? 15)): Promise<BookingFigures> {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--build', 'firmware-profiles', 'server'], { cwd: root });
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-booking-'));
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...nodeArgs, join(root, 'server/dist/main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MQTT_PORT: String(await freePort()), MQTT_HOST: '127.0.0.1', DATA_DIR: join(dir, 'server'), INFLUX_URL: '', LOG_LEVEL: 'warn', SEED_DEMO: 'true', ADMIN_EMAIL: TEST_ADMIN.email, ADMIN_PASSWORD: TEST_ADMIN.password, BOOKING_RATE_PER_MIN: '0' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i += 1) {
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {
        if (i > 100) throw new Error('server did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Every client books as the administrator's API token (the cost of checking it is measured too).
    const manager = { 'content-type': 'application/json', ...(await adminHeaders(url)) };
    const put = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, { method: 'PUT', headers: manager, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    for (let m = 1; m <= 20; m++) await put(`/api/machines/bench-printer-${m}/sharing`, { site: DEMO_SITE.id, name: `Imprimante ${m}`, kind: 'printer', bufferMin: 15 });
    await put('/api/plans/bench', { name: 'Bench', priorityClass: 1, bookAheadDays: 28, quotas: [] });
    for (let m = 1; m <= clients; m++) await put(`/api/members/bench-${m}`, { name: `Membre ${m}`, email: `bench-${m}@example.fr`, plan: 'bench' });

    const from = Date.now() + 86_400_000;
    const openings = openIntervals(DEMO_SITE, from - (from % 3_600_000) + 3_600_000, from + 14 * 86_400_000);
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const slot = () => {
      const o = openings[Math.floor(random() * openings.length)]!;
      const steps = Math.floor((o.end - o.start) / 900_000);
      const length = 2 + Math.floor(random() * 7);
      const start = o.start + Math.floor(random() * Math.max(1, steps - length)) * 900_000;
      return { start: new Date(start).toISOString(), end: new Date(start + length * 900_000).toISOString() };
    };

    const latencies: number[] = [];
    const booked: number[] = [];
    const byStatus: Record<string, number> = {};
    // Warm-up: every client opens its connection and the server compiles its hot paths; the
    // first requests otherwise queue behind 100 connection set-ups and cost seconds.
    const warm = performance.now() + 2000;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        while (performance.now() < warm) {
          await (await fetch(`${url}/api/reservations?dryRun=true`, { method: 'POST', headers: manager, body: JSON.stringify({ member: `bench-${c + 1}`, machine: 'bench-printer-1', ...slot() }) })).arrayBuffer();
        }
      }),
    );
    const cpu0 = cpuSeconds(server.pid!);
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        while (performance.now() < deadline) {
          const body = { member: `bench-${c + 1}`, machine: `bench-printer-${1 + Math.floor(random() * 20)}`, ...slot() };
          const start = performance.now();
          const res = await fetch(`${url}/api/reservations`, { method: 'POST', headers: manager, body: JSON.stringify(body) });
          await res.arrayBuffer();
          const ms = performance.now() - start;
          latencies.push(ms);
          if (res.status === 201) booked.push(ms);
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(server.pid!) - cpu0;
    latencies.sort((a, b) => a - b);
    booked.sort((a, b) => a - b);
    return {
      clients,
      seconds: elapsed,
      requests: latencies.length,
      perSecond: latencies.length / elapsed,
      byStatus,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      bookedP50Ms: quantile(booked, 0.5),
      bookedP99Ms: quantile(booked, 0.99),
      serverCpuPercentOfOneCore: (cpu / elapsed) * 100,
      serverPeakRssMb: peakRssMb(server.pid!),
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}
