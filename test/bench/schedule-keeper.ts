/**
 * The schedule keeper on a realistic week (test/simulators/workshop-week.ts) of ~500 reservations on
 * 50 machines with their telemetry (jobs running and recorded as they end): the time of one
 * keeper tick, stepped every 10 minutes over the week and the weekend after.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { scheduleKeeper } from '@manufacto/server';
import { workshopWeek, type PlannedJob } from '../simulators/workshop-week.js';
import {
  HOUR,
  localHour,
  MINUTE,
  MONDAY,
  recordEnded,
  weekStore,
} from '../support/workshop-week-site.js';

export async function benchScheduleKeeper() {
  const machines = Array.from({ length: 50 }, (_, i) => ({
    id: `m-${i}`,
    model: `model-${i % 6}`,
    kind: i % 5 === 4 ? ('laser' as const) : ('printer' as const),
  }));
  const members = Array.from({ length: 60 }, (_, i) => `member-${i}`);
  const week = workshopWeek({ seed: 500, machines, members, localHour });
  let now = MONDAY - 3 * 24 * HOUR;
  const { db, services } = await weekStore(() => now, {
    site: 's',
    plan: { id: 'p', name: 'p' },
    machines,
    members,
    hourlyRateCents: 0,
  });
  for (const r of week.reservations)
    await services.reservations.insert({
      id: `r-${r.key}`,
      site: 's',
      machine: r.machine,
      member: r.member,
      start: r.start,
      end: r.end,
      blocksUntil: r.end + 15 * MINUTE,
      status: 'confirmed',
      createdAt: now,
    });
  let live: PlannedJob[] = [];
  const keeper = scheduleKeeper(db, {
    clock: () => now,
    liveJobs: () => live.map((j) => ({ machine: j.machine, job: j.id, startedAt: j.start })),
  });
  const recorded = new Set<string>();
  const ticks: number[] = [];
  for (now = MONDAY; now <= MONDAY + 8 * 24 * HOUR; now += 10 * MINUTE) {
    live = week.jobs.filter((j) => j.start <= now && now < j.end);
    await recordEnded(services, 's', week.jobs, now, recorded);
    const t0 = performance.now();
    await keeper.runOnce();
    ticks.push(performance.now() - t0);
  }
  const sorted = [...ticks].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return {
    reservations: week.reservations.length,
    jobs: week.jobs.length,
    machines: machines.length,
    ticks: ticks.length,
    meanMs: ticks.reduce((s, t) => s + t, 0) / ticks.length,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    maxMs: sorted[sorted.length - 1]!,
  };
}
