/**
 * The schedule keeper on a realistic week (test/simulators/workshop-week.ts) of ~500 reservations on
 * 50 machines with their telemetry (jobs running and recorded as they end): the time of one
 * keeper tick, stepped every 10 minutes over the week and the weekend after.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { createServices, openSqlite, scheduleKeeper } from '@manufacto/server';
import { workshopWeek, type PlannedJob } from '../simulators/workshop-week.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MONDAY = Date.parse('2026-12-07T00:00:00+01:00');
const localHour = (day: number, h: number) => MONDAY + day * 24 * HOUR + h * HOUR;

export async function benchScheduleKeeper() {
  const machines = Array.from({ length: 50 }, (_, i) => ({
    id: `m-${i}`,
    model: `model-${i % 6}`,
    kind: i % 5 === 4 ? ('laser' as const) : ('printer' as const),
  }));
  const members = Array.from({ length: 60 }, (_, i) => `member-${i}`);
  const week = workshopWeek({ seed: 500, machines, members, localHour });
  let now = MONDAY - 3 * 24 * HOUR;
  const db = await openSqlite(':memory:');
  const services = createServices(db, () => now);
  const hours = [{ open: '09:00', close: '18:00' }];
  await services.sites.save({
    id: 's',
    name: 'Atelier',
    timezone: 'Europe/Paris',
    openingHours: { '1': hours, '2': hours, '3': hours, '4': hours, '5': hours },
    closures: [],
    holidays: 'none',
    blackouts: [],
    rules: {
      granularityMin: 15,
      minMin: 30,
      maxMin: 480,
      cancelDeadlineMin: 120,
      moveDeadlineMin: 120,
      noShowGraceMin: 15,
      releaseGraceMin: 15,
    },
  });
  await services.members.savePlan({
    id: 'p',
    name: 'p',
    priorityClass: 1,
    bookAheadDays: 28,
    quotas: [],
  });
  for (const id of members)
    await services.members.save({
      id,
      name: id,
      email: `${id}@example.fr`,
      organisation: null,
      plan: 'p',
      active: true,
      quotaExempt: false,
    });
  for (const m of machines)
    await services.machines.save({
      id: m.id,
      site: 's',
      name: m.id,
      kind: m.kind,
      status: 'in_service',
      hourlyRateCents: 0,
      bufferMin: 15,
      qualification: null,
      needsApproval: false,
      billingMode: 'used',
      rules: {},
      blackouts: [],
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
    for (const j of week.jobs)
      if (j.end <= now && !recorded.has(j.id)) {
        recorded.add(j.id);
        await services.usage.record({
          id: j.id,
          site: 's',
          machine: j.machine,
          gateway: 'gw',
          name: null,
          startedAt: j.start,
          endedAt: j.end,
          outcome: 'completed',
          reason: null,
          wallSeconds: (j.end - j.start) / 1000,
          activeSeconds: (j.end - j.start) / 1000,
          beamSeconds: null,
          spindleSeconds: null,
          energyWh: null,
        });
      }
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
