/**
 * A seeded generator of realistic workshop weeks (issue 13): the behaviour real makerspaces show,
 * as the normal case — about a third of finished jobs overrun their slot by more than 10 %, one
 * booking in ten is never used, three jobs in ten abort early (most in their first half hour),
 * prints of 12 to 60 hours start at the end of the day and run overnight, one member books
 * several printers of one model at once, and someone else often uses a slot freed early (a
 * walk-in, nobody attached). It says what it put in (`truth`), so a replay can be compared.
 * Pure data; times are epoch ms.
 * @module
 */
import { seededRandom } from '../support/seeded-random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface WeekMachine {
  readonly id: string;
  readonly model: string;
  readonly kind: 'printer' | 'laser' | 'cnc' | 'other';
}

export interface PlannedReservation {
  readonly key: number;
  readonly member: string;
  readonly machine: string;
  readonly start: number;
  readonly end: number;
}

export type JobKind = 'in_slot' | 'overrun' | 'aborted' | 'overnight' | 'walk_in';

export interface PlannedJob {
  readonly id: string;
  readonly machine: string;
  readonly start: number;
  readonly end: number;
  /** The reservation whose holder ran it; null for a walk-in. */
  readonly reservation: number | null;
  readonly kind: JobKind;
}

export interface WorkshopWeek {
  readonly reservations: readonly PlannedReservation[];
  readonly jobs: readonly PlannedJob[];
  readonly truth: {
    readonly noShowRate: number;
    readonly usedOverBooked: number;
    readonly unattributedHours: number;
    readonly overrunShare: number;
    readonly abortShare: number;
  };
}

/**
 * @param weekStart Monday 00:00 local, as an instant; `localHour(day, h)` gives the instant of
 *   hour `h` (may be fractional) on day `day` (0 = Monday) in the site's zone.
 */
export function workshopWeek(options: {
  readonly seed: number;
  readonly machines: readonly WeekMachine[];
  readonly members: readonly string[];
  readonly localHour: (day: number, hour: number) => number;
  /** Opening hours on weekdays, local. */
  readonly open?: { readonly from: number; readonly to: number };
}): WorkshopWeek {
  const rnd = seededRandom(options.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const q15 = (ms: number) => Math.round(ms / (15 * MINUTE)) * 15 * MINUTE;
  const open = options.open ?? { from: 9, to: 18 };
  const reservations: PlannedReservation[] = [];
  const jobs: PlannedJob[] = [];
  /** Per machine: until when it is taken (a slot, or an overnight print still running). */
  const busyUntil = new Map(options.machines.map((m) => [m.id, 0]));
  let key = 0;
  let jobId = 0;
  const holderJob = (r: PlannedReservation) => {
    const u = rnd();
    const length = r.end - r.start;
    const start = r.start + Math.floor(between(0, 10)) * MINUTE;
    if (u < 0.1) return; // a no-show
    if (u < 0.4) {
      // Aborted early: mostly within its first half hour.
      const run =
        rnd() < 0.75
          ? between(5, 30) * MINUTE
          : between(30, Math.max(31, length / 2 / MINUTE)) * MINUTE;
      const end = Math.min(start + Math.round(run / MINUTE) * MINUTE, r.end - 5 * MINUTE);
      jobs.push({
        id: `job-${jobId++}`,
        machine: r.machine,
        start,
        end,
        reservation: r.key,
        kind: 'aborted',
      });
      // Someone else often uses the rest (after the release grace).
      const restStart = end + Math.round(between(20, 40)) * MINUTE;
      if (rnd() < 0.5 && r.end - restStart >= 40 * MINUTE) {
        const walkEnd =
          restStart + Math.round(between(20, (r.end - restStart) / MINUTE - 10)) * MINUTE;
        jobs.push({
          id: `job-${jobId++}`,
          machine: r.machine,
          start: restStart,
          end: walkEnd,
          reservation: null,
          kind: 'walk_in',
        });
      }
      return;
    }
    // Finished: a third of them overrun by more than 10 %.
    const overrun = rnd() < 1 / 3;
    const end = overrun
      ? r.end + Math.round((length * between(0.11, 0.4)) / MINUTE) * MINUTE
      : start +
        Math.round((Math.min(length, r.end - start) * between(0.7, 0.98)) / MINUTE) * MINUTE;
    jobs.push({
      id: `job-${jobId++}`,
      machine: r.machine,
      start,
      end,
      reservation: r.key,
      kind: overrun ? 'overrun' : 'in_slot',
    });
    busyUntil.set(r.machine, Math.max(busyUntil.get(r.machine) ?? 0, end + 15 * MINUTE));
  };
  const book = (member: string, machine: string, start: number, end: number) => {
    const r = { key: key++, member, machine, start, end };
    reservations.push(r);
    busyUntil.set(machine, end + 15 * MINUTE);
    return r;
  };

  const printers = options.machines.filter((m) => m.kind === 'printer');
  const models = [...new Set(printers.map((m) => m.model))];
  for (let day = 0; day < 5; day += 1) {
    // A burst: one member sends parts to every free printer of one model at once, 10:00–14:00.
    if (models.length && rnd() < 0.5) {
      const model = pick(models);
      const member = pick(options.members);
      const start = options.localHour(day, 10);
      for (const m of printers.filter((p) => p.model === model))
        if ((busyUntil.get(m.id) ?? 0) <= start - 15 * MINUTE)
          holderJob(book(member, m.id, start, options.localHour(day, 14)));
    }
    for (const m of options.machines) {
      let t = options.localHour(day, open.from);
      const close = options.localHour(day, open.to);
      t = Math.max(t, q15(busyUntil.get(m.id) ?? 0) + 15 * MINUTE);
      while (t < close - HOUR) {
        t += q15(between(0, 90) * MINUTE);
        const length = q15(between(60, 240) * MINUTE);
        if (t + length > close) break;
        // Now and then, the last slot of the day is a long print running overnight.
        if (m.kind === 'printer' && t + length > close - 2 * HOUR && rnd() < 0.2) {
          const r = book(pick(options.members), m.id, close - HOUR, close);
          const start = r.start + 5 * MINUTE;
          const end = start + Math.round(between(12, 60) * 60) * MINUTE;
          jobs.push({
            id: `job-${jobId++}`,
            machine: m.id,
            start,
            end,
            reservation: r.key,
            kind: 'overnight',
          });
          busyUntil.set(m.id, end + 30 * MINUTE);
          break;
        }
        const r = book(pick(options.members), m.id, t, t + length);
        holderJob(r);
        t = Math.max(t + length + 15 * MINUTE, q15(busyUntil.get(m.id) ?? 0) + 15 * MINUTE);
      }
    }
  }
  const booked = reservations.reduce((s, r) => s + (r.end - r.start), 0);
  const usedByHolders = jobs
    .filter((j) => j.reservation !== null)
    .reduce((s, j) => s + (j.end - j.start), 0);
  const finished = jobs.filter((j) => j.kind !== 'walk_in');
  return {
    reservations,
    jobs,
    truth: {
      noShowRate:
        reservations.filter((r) => !jobs.some((j) => j.reservation === r.key)).length /
        Math.max(1, reservations.length),
      usedOverBooked: usedByHolders / Math.max(1, booked),
      unattributedHours:
        jobs.filter((j) => j.reservation === null).reduce((s, j) => s + (j.end - j.start), 0) /
        HOUR,
      overrunShare:
        finished.filter((j) => j.kind === 'overrun').length /
        Math.max(1, finished.filter((j) => j.kind !== 'aborted').length),
      abortShare:
        finished.filter((j) => j.kind === 'aborted').length / Math.max(1, finished.length),
    },
  };
}
