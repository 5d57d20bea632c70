/**
 * A realistic workshop week (test/simulators/workshop-week.ts: overruns, no-shows, early aborts,
 * overnight prints, bursts, walk-ins in freed slots) replayed through the booking service, the
 * usage-session store and the schedule keeper on a SQLite store, with the clock stepped every ten
 * minutes; the invariants of issue 13 checked on the way and at the end, and the replay's figures
 * printed against what the generator put in.
 */
import { describe, expect, it } from 'vitest';
import { scheduleKeeper } from '@manufacto/server';
import { workshopWeek, type PlannedJob } from '../../simulators/workshop-week.js';
import {
  HOUR,
  localHour,
  MINUTE,
  MONDAY,
  recordEnded,
  replayFigures,
  WEEK_MACHINES as MACHINES,
  WEEK_MEMBERS as MEMBERS,
  weekStore,
} from '../../support/workshop-week-site.js';

const workshop = (clock: () => number) =>
  weekStore(clock, {
    site: 'atelier',
    plan: { id: 'libre', name: 'Libre' },
    machines: MACHINES,
    members: MEMBERS,
    hourlyRateCents: 300,
  });

describe('a realistic workshop week replayed through the schedule keeper', () => {
  it('keeps the schedule true: no stale confirmed slot, no false no-show, one overrun notice, every hour once, every release offered', async () => {
    const week = workshopWeek({ seed: 13, machines: MACHINES, members: MEMBERS, localHour });
    let now = MONDAY - 3 * 24 * HOUR;
    const { db, services } = await workshop(() => now);
    const ids = new Map<number, string>();
    for (const r of week.reservations) {
      const out = await services.booking.book({ ...r, by: r.member });
      if (!out.ok) throw new Error(`booking ${r.key} refused: ${JSON.stringify(out.refusals)}`);
      ids.set(r.key, out.reservation.id);
    }
    let live: PlannedJob[] = [];
    let freed = 0;
    const keeper = scheduleKeeper(db, {
      clock: () => now,
      liveJobs: () => live.map((j) => ({ machine: j.machine, job: j.id, startedAt: j.start })),
      onFreed: async () => void (freed += 1),
    });
    const recorded = new Set<string>();
    const releases = { released: 0, noShows: 0 };
    const stale: string[] = [];
    const end = MONDAY + 8 * 24 * HOUR;
    for (now = MONDAY; now <= end; now += 10 * MINUTE) {
      live = week.jobs.filter((j) => j.start <= now && now < j.end);
      await recordEnded(services, 'atelier', week.jobs, now, recorded);
      for (const v of await keeper.runOnce()) {
        if (v.kind === 'released' && v.end > now) releases.released += 1;
        if (v.kind === 'no_show') releases.noShows += 1;
      }
      // No reservation stays confirmed past its end plus grace, unless its job still runs.
      for (const r of await services.reservations.list({ statuses: ['confirmed'], to: now }))
        if (now > r.end + 15 * MINUTE) {
          const key = [...ids].find(([, id]) => id === r.id)?.[0];
          if (!live.some((j) => j.reservation === key)) stale.push(r.id);
        }
    }
    expect(stale).toEqual([]);

    const statuses = new Map<number, string>();
    for (const [key, id] of ids) statuses.set(key, (await services.reservations.get(id))!.status);
    // No no-show for a slot whose job ran; every slot without one is a no-show.
    const ran = new Set(week.jobs.flatMap((j) => (j.reservation === null ? [] : [j.reservation])));
    for (const [key, status] of statuses)
      expect([key, status === 'no_show']).toEqual([key, !ran.has(key)]);
    // Holders' jobs are theirs, walk-ins nobody's.
    const sessions = await db.selectFrom('usage_sessions').selectAll().execute();
    for (const s of sessions) {
      const j = week.jobs.find((x) => x.id === s.id)!;
      expect([s.id, s.reservation_id]).toEqual([
        s.id,
        j.reservation === null ? null : ids.get(j.reservation),
      ]);
    }
    // At most one overrun notice per reservation.
    const notices = await db
      .selectFrom('notices')
      .select(['reservation_id'])
      .where('kind', '=', 'overrun')
      .execute();
    const perReservation = new Map<string, number>();
    for (const n of notices)
      perReservation.set(n.reservation_id!, (perReservation.get(n.reservation_id!) ?? 0) + 1);
    expect(Math.max(0, ...perReservation.values())).toBeLessThanOrEqual(1);
    // Every release (early end or no-show with time left) was offered on.
    expect(freed).toBe(releases.released + releases.noShows);
    // Every measured hour appears exactly once, day by day as over the whole span.
    const measuredMin = week.jobs.reduce((s, j) => s + (j.end - j.start) / MINUTE, 0);
    const whole = await services.accounting.lines({ from: MONDAY, to: end });
    expect(whole.reduce((s, l) => s + l.usedWallMin, 0)).toBeCloseTo(measuredMin, 0);
    let byDay = 0;
    for (let d = 0; d < 8; d += 1)
      byDay += (
        await services.accounting.lines({ from: localHour(d, 0), to: localHour(d + 1, 0) })
      ).reduce((s, l) => s + l.usedWallMin, 0);
    expect(byDay).toBeCloseTo(measuredMin, 0);

    const replay = replayFigures(week, statuses, whole);
    console.log(
      `workshop week (seed 13): ${week.reservations.length} reservations, ${week.jobs.length} jobs, ` +
        `${releases.released} early releases\n` +
        `${replay.compared}\n` +
        `  generator: overruns ${(week.truth.overrunShare * 100).toFixed(0)} % of finished, aborts ${(week.truth.abortShare * 100).toFixed(0)} % of jobs`,
    );
    expect(replay.noShowRate).toBeCloseTo(week.truth.noShowRate, 6);
    expect(replay.usedOverBooked).toBeCloseTo(week.truth.usedOverBooked, 3);
    expect(replay.unattributedHours).toBeCloseTo(week.truth.unattributedHours, 2);
  }, 120_000);
});
