/**
 * The workshop of the realistic week (`simulators/workshop-week.ts`) as its replays and the schedule
 * keeper's bench set it up: its calendar (the week's Monday in Paris), its site (open Monday to
 * Friday, 9:00–18:00, with the booking rules every replay uses), the five machines and eight members
 * of the replays, and, on a SQLite store through the services (no HTTP), the site with a plan,
 * members and machines, and the usage sessions of the jobs that have ended.
 * `integration/schedule-keeping/workshop-week*.test.ts` and `bench/schedule-keeper.ts` share it.
 * @module
 */
import { createServices, openSqlite } from '@manufacto/server';
import type { PlannedJob, WeekMachine, WorkshopWeek } from '../simulators/workshop-week.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** The week's Monday, 00:00 in Paris. */
export const MONDAY = Date.parse('2026-12-07T00:00:00+01:00');
/** Hour `h` of day `day` (0 = Monday) of the week, in Paris (no DST change in that week). */
export const localHour = (day: number, h: number) => MONDAY + day * 24 * HOUR + h * HOUR;

/** The replays' machines: four printers of two models and a laser. */
export const WEEK_MACHINES: readonly WeekMachine[] = [
  { id: 'ultimaker-s5-1', model: 'ultimaker-s5', kind: 'printer' },
  { id: 'ultimaker-s5-2', model: 'ultimaker-s5', kind: 'printer' },
  { id: 'prusa-mk4-1', model: 'prusa-mk4', kind: 'printer' },
  { id: 'prusa-mk4-2', model: 'prusa-mk4', kind: 'printer' },
  { id: 'laser-co2', model: 'trotec', kind: 'laser' },
];
export const WEEK_MEMBERS: readonly string[] = [
  'ines',
  'jules',
  'karim',
  'lea',
  'marc',
  'nora',
  'omar',
  'paule',
];

const day = [{ open: '09:00', close: '18:00' }];
/** The site, as PUT /api/sites/{id} takes it. */
export const WEEK_SITE = {
  name: 'Atelier',
  timezone: 'Europe/Paris',
  openingHours: { '1': day, '2': day, '3': day, '4': day, '5': day },
  holidays: 'none' as const,
  rules: {
    granularityMin: 15,
    minMin: 30,
    maxMin: 480,
    cancelDeadlineMin: 120,
    moveDeadlineMin: 120,
    noShowGraceMin: 15,
    releaseGraceMin: 15,
  },
};

type Services = ReturnType<typeof createServices>;
type Store = Awaited<ReturnType<typeof openSqlite>>;

/**
 * A store holding the site `site`, one plan without quotas (`plan`, 28 days ahead) for every
 * member, and the machines (15 min buffer, billed as used at `hourlyRateCents`).
 */
export async function weekStore(
  clock: () => number,
  o: {
    readonly site: string;
    readonly plan: { readonly id: string; readonly name: string };
    readonly machines: readonly WeekMachine[];
    readonly members: readonly string[];
    readonly hourlyRateCents: number;
  },
): Promise<{ db: Store; services: Services }> {
  const db = await openSqlite(':memory:');
  const services = createServices(db, clock);
  await services.sites.save({ id: o.site, ...WEEK_SITE, closures: [], blackouts: [] });
  await services.members.savePlan({
    ...o.plan,
    priorityClass: 1,
    bookAheadDays: 28,
    quotas: [],
  });
  for (const id of o.members)
    await services.members.save({
      id,
      name: id,
      email: `${id}@example.fr`,
      organisation: null,
      plan: o.plan.id,
      active: true,
      quotaExempt: false,
    });
  for (const m of o.machines)
    await services.machines.save({
      id: m.id,
      site: o.site,
      name: m.id,
      kind: m.kind,
      status: 'in_service',
      hourlyRateCents: o.hourlyRateCents,
      bufferMin: 15,
      qualification: null,
      needsApproval: false,
      billingMode: 'used',
      rules: {},
      blackouts: [],
    });
  return { db, services };
}

/**
 * Records, as a gateway's job_finished would, each job that has ended by `now` and is not in
 * `recorded` yet (which it adds to): an aborted job as failed, the others as completed.
 */
export async function recordEnded(
  services: Services,
  site: string,
  jobs: readonly PlannedJob[],
  now: number,
  recorded: Set<string>,
): Promise<void> {
  for (const j of jobs)
    if (j.end <= now && !recorded.has(j.id)) {
      recorded.add(j.id);
      await services.usage.record({
        id: j.id,
        site,
        machine: j.machine,
        gateway: 'gw',
        name: null,
        startedAt: j.start,
        endedAt: j.end,
        outcome: j.kind === 'aborted' ? 'failed' : 'completed',
        reason: null,
        wallSeconds: (j.end - j.start) / 1000,
        activeSeconds: (j.end - j.start) / 1000,
        beamSeconds: null,
        spindleSeconds: null,
        energyWh: null,
      });
    }
}

/** What a replay measured of the figures the generator says it put in (`WorkshopWeek.truth`). */
export interface ReplayFigures {
  readonly noShowRate: number;
  readonly usedOverBooked: number;
  readonly unattributedHours: number;
}

/**
 * The replay's figures, from the reservations' final statuses and the accounting lines of the
 * whole span; `compared` lines them up with the generator's for the log.
 */
export function replayFigures(
  week: WorkshopWeek,
  statuses: ReadonlyMap<number, string>,
  lines: readonly {
    readonly reservation: string | null;
    readonly status: string;
    readonly usedWallMin: number;
  }[],
): ReplayFigures & { readonly compared: string } {
  const booked = week.reservations.reduce((s, r) => s + (r.end - r.start), 0) / MINUTE;
  const minutes = (keep: (l: (typeof lines)[number]) => boolean) =>
    lines.filter(keep).reduce((s, l) => s + l.usedWallMin, 0);
  const figures = {
    noShowRate: [...statuses.values()].filter((s) => s === 'no_show').length / statuses.size,
    usedOverBooked: minutes((l) => l.reservation !== null) / booked,
    unattributedHours: minutes((l) => l.status === 'unattributed') / 60,
  };
  const { truth } = week;
  const compared =
    `  no-show rate      replay ${figures.noShowRate.toFixed(3)}  generator ${truth.noShowRate.toFixed(3)}\n` +
    `  used ÷ booked     replay ${figures.usedOverBooked.toFixed(3)}  generator ${truth.usedOverBooked.toFixed(3)}\n` +
    `  unattributed (h)  replay ${figures.unattributedHours.toFixed(2)}  generator ${truth.unattributedHours.toFixed(2)}`;
  return { ...figures, compared };
}
