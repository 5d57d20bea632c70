/**
 * Booking latency under load: the server (built, its own process, SQLite file) with 20 printers
 * and 100 members; 100 concurrent clients book random slots over the next two weeks for a fixed
 * time. Prints p50/p99 of every answer and of successful bookings, throughput, server CPU.
 * @module
 */
import { DEMO_SITE, openIntervals } from '@manufacto/server';
import { cpuSeconds, peakRssMb } from './proc.js';
import { startBenchServer } from './server-process.js';
import { adminHeaders, TEST_ADMIN } from '../support/server-env.js';
import { seededRandom } from '../support/seeded-random.js';

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

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function benchBooking(
  clients = 100,
  seconds = Number(process.env.BENCH_BOOKING_SECONDS ?? 15),
): Promise<BookingFigures> {
  const bench = await startBenchServer('booking', {
    SEED_DEMO: 'true',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    BOOKING_RATE_PER_MIN: '0',
  });
  const server = bench.process;
  const url = bench.url;
  try {
    // Every client books as the administrator's API token (the cost of checking it is measured too).
    const manager = { 'content-type': 'application/json', ...(await adminHeaders(url)) };
    const put = async (path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method: 'PUT',
        headers: manager,
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    for (let m = 1; m <= 20; m++)
      await put(`/api/machines/bench-printer-${m}/sharing`, {
        site: DEMO_SITE.id,
        name: `Imprimante ${m}`,
        kind: 'printer',
        bufferMin: 15,
      });
    await put('/api/plans/bench', {
      name: 'Bench',
      priorityClass: 1,
      bookAheadDays: 28,
      quotas: [],
    });
    for (let m = 1; m <= clients; m++)
      await put(`/api/members/bench-${m}`, {
        name: `Membre ${m}`,
        email: `bench-${m}@example.fr`,
        plan: 'bench',
      });

    const from = Date.now() + 86_400_000;
    const openings = openIntervals(
      DEMO_SITE,
      from - (from % 3_600_000) + 3_600_000,
      from + 14 * 86_400_000,
    );
    const random = seededRandom(42);
    const slot = () => {
      const o = openings[Math.floor(random() * openings.length)]!;
      const steps = Math.floor((o.end - o.start) / 900_000);
      const length = 2 + Math.floor(random() * 7);
      const start = o.start + Math.floor(random() * Math.max(1, steps - length)) * 900_000;
      return {
        start: new Date(start).toISOString(),
        end: new Date(start + length * 900_000).toISOString(),
      };
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
          await (
            await fetch(`${url}/api/reservations?dryRun=true`, {
              method: 'POST',
              headers: manager,
              body: JSON.stringify({
                member: `bench-${c + 1}`,
                machine: 'bench-printer-1',
                ...slot(),
              }),
            })
          ).arrayBuffer();
        }
      }),
    );
    const cpu0 = cpuSeconds(server.pid!);
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        while (performance.now() < deadline) {
          const body = {
            member: `bench-${c + 1}`,
            machine: `bench-printer-${1 + Math.floor(random() * 20)}`,
            ...slot(),
          };
          const start = performance.now();
          const res = await fetch(`${url}/api/reservations`, {
            method: 'POST',
            headers: manager,
            body: JSON.stringify(body),
          });
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
    await bench.stop();
  }
}
