import { describe, expect, it } from 'vitest';
import { openSqlite } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { noticesRepository } from '../store/notices.js';
import { reservationsRepository } from '../store/reservations.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import { bookingService } from './booking-service.js';
import { createServices } from './index.js';
import { scheduleKeeper, type LiveJob } from './schedule-keeper.js';
import { DEMO_MACHINES } from '../demo/workshop.js';
import { seedDemoWorkshop } from '../demo/seed.js';

const at = (local: string) => Date.parse(`${local}:00+01:00`);
const BOOKED_AT = at('2026-12-01T08:00');

async function workshop() {
  const db = await openSqlite(':memory:');
  await seedDemoWorkshop(db, BOOKED_AT);
  let now = BOOKED_AT;
  const clock = () => now;
  const service = bookingService(db, clock);
  const book = async (member: string, machine: string, from: string, to: string) => {
    const r = await service.book({ member, machine, start: at(from), end: at(to), by: member });
    if (!r.ok) throw new Error(JSON.stringify(r.refusals));
    return r.reservation;
  };
  return {
    db,
    book,
    keeper: scheduleKeeper(db, { clock }),
    setNow: (t: number) => (now = t),
    reservations: reservationsRepository(db),
  };
}

const session = (id: string, machine: string, from: string, to: string) => ({
  id,
  site: 'atelier-demo',
  machine,
  gateway: 'gw',
  name: null,
  startedAt: at(from),
  endedAt: at(to),
  outcome: 'completed' as const,
  reason: null,
  wallSeconds: (at(to) - at(from)) / 1000,
  activeSeconds: (at(to) - at(from)) / 1000,
  beamSeconds: null,
  spindleSeconds: null,
  energyWh: null,
});

describe('schedule keeper on the store', () => {
  it('marks a slot with no use a no-show after the grace period, and frees its time', async () => {
    const { book, keeper, setNow, reservations } = await workshop();
    const r = await book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T12:00');
    setNow(at('2026-12-01T10:10'));
    await keeper.runOnce();
    expect((await reservations.get(r.id))?.status).toBe('confirmed');
    setNow(at('2026-12-01T10:16'));
    expect((await keeper.runOnce()).map((v) => v.kind)).toEqual(['no_show']);
    expect((await reservations.get(r.id))?.status).toBe('no_show');
    // The rest of the slot is free for someone else.
    expect(
      await book('nadia-benali', 'laser-co2', '2026-12-01T10:30', '2026-12-01T11:30'),
    ).toMatchObject({ status: 'confirmed' });
  });

  it('attaches the measured job to the slot it used, completes it, and leaves a walk-in unattached', async () => {
    const { db, book, keeper, setNow, reservations } = await workshop();
    const r = await book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T12:00');
    const usage = usageSessionsRepository(db);
    await usage.record(session('job-1', 'laser-co2', '2026-12-01T10:05', '2026-12-01T11:40'));
    await usage.record(session('job-2', 'laser-co2', '2026-12-01T14:00', '2026-12-01T14:30'));
    setNow(at('2026-12-01T15:00'));
    expect((await keeper.runOnce()).map((v) => v.kind).sort()).toEqual([
      'completed',
      'used',
      'walk_in',
    ]);
    expect((await reservations.get(r.id))?.status).toBe('completed');
    const rows = await usage.list({ machine: 'laser-co2' });
    expect(rows.map((s) => [s.id, s.member_id, s.reservation_id])).toEqual([
      ['job-2', null, null],
      ['job-1', 'camille-roux', r.id],
    ]);
    // A replayed job-finished message (the gateway reconnecting) keeps the attachment.
    await usage.record(session('job-1', 'laser-co2', '2026-12-01T10:05', '2026-12-01T11:40'));
    expect(
      (await usage.list({ machine: 'laser-co2' })).find((s) => s.id === 'job-1')?.member_id,
    ).toBe('camille-roux');
  });

  it('warns the next holder once when a job runs past its slot', async () => {
    const { db, book, setNow } = await workshop();
    const first = await book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T11:00');
    const next = await book('nadia-benali', 'laser-co2', '2026-12-01T11:15', '2026-12-01T12:00');
    let now = at('2026-12-01T11:05');
    setNow(now);
    const keeper = scheduleKeeper(db, {
      clock: () => now,
      liveJobs: () => [
        { machine: 'laser-co2', job: 'job-live', startedAt: at('2026-12-01T10:02') },
      ],
    });
    expect(await keeper.runOnce()).toContainEqual({
      kind: 'overrun',
      reservation: first.id,
      usage: 'job-live',
      machine: 'laser-co2',
      next: { reservation: next.id, member: 'nadia-benali' },
    });
    now = at('2026-12-01T11:06');
    expect((await keeper.runOnce()).filter((v) => v.kind === 'overrun')).toEqual([]);
    const notices = await noticesRepository(db).of('nadia-benali');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text.fr).toContain('pourrait commencer en retard');
    expect(notices[0]?.text.en).toMatch(/your reservation of .* may start late\.$/);
  });

  it('moves the reservations of a machine put in maintenance to a twin, cancels the rest, and tells each member', async () => {
    const { db, book, keeper, reservations } = await workshop();
    const printer = DEMO_MACHINES.find((m) => m.id === 'prusa-mk4-1')!;
    const machines = bookableMachinesRepository(db);
    await machines.save({ ...printer, id: 'prusa-mk4-2', name: 'Prusa MK4 n°2' });
    const a = await book('camille-roux', 'prusa-mk4-1', '2026-12-02T10:00', '2026-12-02T12:00');
    await book('nadia-benali', 'prusa-mk4-2', '2026-12-02T14:00', '2026-12-02T16:00');
    const b = await book('lucas-petit', 'prusa-mk4-1', '2026-12-02T14:00', '2026-12-02T15:00');
    await machines.save({ ...printer, status: 'maintenance' });
    expect(await keeper.machineWentDown('prusa-mk4-1')).toEqual([
      { reservation: a.id, to: 'prusa-mk4-2' },
      { reservation: b.id, cancel: true },
    ]);
    expect(await reservations.get(a.id)).toMatchObject({
      machine: 'prusa-mk4-2',
      status: 'confirmed',
    });
    expect((await reservations.get(b.id))?.status).toBe('cancelled');
    expect((await noticesRepository(db).of('camille-roux'))[0]?.text.fr).toMatch(
      /^Prusa MK4 n°1 est en maintenance : votre réservation du .* passe sur Prusa MK4 n°2\.$/,
    );
    expect((await noticesRepository(db).of('camille-roux'))[0]?.text.en).toMatch(
      /^Prusa MK4 n°1 is under maintenance: your reservation of .* moves to Prusa MK4 n°2\.$/,
    );
    const cancelled = (await noticesRepository(db).of('lucas-petit'))[0];
    expect(cancelled?.kind).toBe('reservation_cancelled');
    expect(cancelled?.text.en).toMatch(/: your reservation of .* is cancelled\.$/);
    expect(await reservations.overlaps()).toEqual([]);
  });
});

/** The demo workshop with the waitlist wired in, and live jobs the test sets. */
async function keptWorkshop() {
  const db = await openSqlite(':memory:');
  await seedDemoWorkshop(db, BOOKED_AT);
  let now = BOOKED_AT;
  let live: LiveJob[] = [];
  const services = createServices(db, () => now, { liveJobs: () => live });
  const book = async (member: string, machine: string, from: string, to: string) => {
    const r = await services.booking.book({
      member,
      machine,
      start: at(from),
      end: at(to),
      by: member,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.refusals));
    return r.reservation;
  };
  return {
    db,
    services,
    book,
    usage: usageSessionsRepository(db),
    status: async (id: string) => (await services.reservations.get(id))?.status,
    /** Runs the keeper every minute from the current time to `to`. */
    async runUntil(to: string) {
      const kinds: string[] = [];
      for (; now <= at(to); now += 60_000)
        kinds.push(...(await services.scheduleKeeper.runOnce()).map((v) => v.kind));
      now -= 60_000;
      return kinds;
    },
    setNow: (local: string) => (now = at(local)),
    setLive: (jobs: LiveJob[]) => (live = jobs),
  };
}

describe('schedule keeper on real workshop behaviour', () => {
  it('completes a slot whose job ran a little past its end (less than the buffer), and never calls it a no-show later', async () => {
    // Defect 1: the session dropped out of the keeper's window before the reservation did.
    const w = await keptWorkshop();
    const r = await w.book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T11:00');
    await w.usage.record(session('job-1', 'laser-co2', '2026-12-01T10:02', '2026-12-01T11:05'));
    w.setNow('2026-12-01T11:06');
    await w.services.scheduleKeeper.runOnce();
    expect(await w.status(r.id)).toBe('completed');
    w.setNow('2026-12-03T11:10');
    await w.services.scheduleKeeper.runOnce();
    expect(await w.status(r.id)).toBe('completed');
    const job = (await w.usage.list({ machine: 'laser-co2' }))[0];
    expect([job?.member_id, job?.reservation_id]).toEqual(['camille-roux', r.id]);
  });

  it('sends one overrun notice when the job runs past its slot, and completes the slot when it ends', async () => {
    const w = await keptWorkshop();
    const first = await w.book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T11:00');
    const next = await w.book('nadia-benali', 'laser-co2', '2026-12-01T11:15', '2026-12-01T12:00');
    w.setLive([{ machine: 'laser-co2', job: 'job-long', startedAt: at('2026-12-01T10:02') }]);
    w.setNow('2026-12-01T10:30');
    await w.runUntil('2026-12-01T11:40');
    expect(await w.status(first.id)).toBe('confirmed');
    w.setLive([]);
    await w.usage.record(session('job-long', 'laser-co2', '2026-12-01T10:02', '2026-12-01T11:40'));
    await w.runUntil('2026-12-01T12:30');
    expect(await w.status(first.id)).toBe('completed');
    // Two days on, the keeper still says nothing more.
    w.setNow('2026-12-03T11:00');
    await w.runUntil('2026-12-03T11:20');
    const notices = await w.services.notices.of('nadia-benali');
    expect(notices.filter((n) => n.kind === 'overrun')).toHaveLength(1);
    expect(notices[0]?.reservation).toBe(next.id);
    const job = (await w.usage.list({ machine: 'laser-co2' }))[0];
    expect(job?.reservation_id).toBe(first.id);
  });

  it('attaches a job still running at a check exactly on the slot’s end once its session arrives', async () => {
    // Defect 6: completed with the job running; the job never attached.
    const w = await keptWorkshop();
    const r = await w.book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T11:00');
    w.setLive([{ machine: 'laser-co2', job: 'job-edge', startedAt: at('2026-12-01T10:05') }]);
    w.setNow('2026-12-01T11:00');
    await w.services.scheduleKeeper.runOnce();
    expect(await w.status(r.id)).toBe('confirmed');
    // The job ends; the keeper runs before its session is recorded (the ingest is behind).
    w.setLive([]);
    w.setNow('2026-12-01T11:03');
    await w.services.scheduleKeeper.runOnce();
    await w.usage.record(session('job-edge', 'laser-co2', '2026-12-01T10:05', '2026-12-01T11:02'));
    w.setNow('2026-12-01T11:04');
    await w.services.scheduleKeeper.runOnce();
    expect(await w.status(r.id)).toBe('completed');
    const job = (await w.usage.list({ machine: 'laser-co2' }))[0];
    expect([job?.member_id, job?.reservation_id]).toEqual(['camille-roux', r.id]);
  });

  it('releases the rest of a slot whose job failed early, offers it to the waitlist, and leaves a later job to a walk-in', async () => {
    // Defects 2 and 3.
    const w = await keptWorkshop();
    const r = await w.book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T13:00');
    const wait = await w.services.waitlist.join({
      member: 'nadia-benali',
      machine: 'laser-co2',
      window: { start: at('2026-12-01T09:00'), end: at('2026-12-01T18:00') },
      durationMin: 60,
    });
    if (!wait.ok) throw new Error('join refused');
    await w.usage.record(session('job-fail', 'laser-co2', '2026-12-01T10:05', '2026-12-01T10:20'));
    w.setNow('2026-12-01T10:21');
    expect(await w.runUntil('2026-12-01T10:40')).toContain('released');
    expect(await w.services.reservations.get(r.id)).toMatchObject({
      status: 'completed',
      releasedAt: at('2026-12-01T10:35'),
    });
    expect((await w.services.waitlist.get(wait.entry.id))?.status).toBe('offered');
    // Someone else uses the freed machine: not billed to Camille.
    await w.usage.record(session('job-walk', 'laser-co2', '2026-12-01T11:00', '2026-12-01T11:45'));
    await w.runUntil('2026-12-01T12:00');
    const jobs = await w.usage.list({ machine: 'laser-co2' });
    expect(jobs.map((j) => [j.id, j.member_id])).toEqual([
      ['job-walk', null],
      ['job-fail', 'camille-roux'],
    ]);
  });

  it('lets the holder end a started slot early: the rest goes to the waitlist, refused while a job runs', async () => {
    const w = await keptWorkshop();
    const r = await w.book('camille-roux', 'laser-co2', '2026-12-01T10:00', '2026-12-01T13:00');
    w.setNow('2026-12-01T09:30');
    expect(await w.services.scheduleKeeper.endEarly(r.id)).toMatchObject({
      ok: false,
      refusals: [{ code: 'slot_not_started' }],
    });
    w.setNow('2026-12-01T10:40');
    w.setLive([{ machine: 'laser-co2', job: 'j', startedAt: at('2026-12-01T10:05') }]);
    expect(await w.services.scheduleKeeper.endEarly(r.id)).toMatchObject({
      ok: false,
      refusals: [{ code: 'job_still_running' }],
    });
    w.setLive([]);
    expect(await w.services.scheduleKeeper.endEarly(r.id)).toMatchObject({ ok: true });
    expect(await w.services.reservations.get(r.id)).toMatchObject({
      status: 'completed',
      releasedAt: at('2026-12-01T10:40'),
    });
    // The rest is bookable at once.
    expect(
      await w.book('nadia-benali', 'laser-co2', '2026-12-01T11:00', '2026-12-01T12:00'),
    ).toMatchObject({ status: 'confirmed' });
  });
});

describe('the schedule keeper’s timer', () => {
  it('stop() answers only once the pass in flight is over, so the store is not closed under it', async () => {
    const db = await openSqlite(':memory:');
    let began!: () => void;
    let release!: () => void;
    const inPass = new Promise<void>((r) => (began = r));
    const keeper = scheduleKeeper(db, {
      // The waitlist's turn ends a pass: held here until the test lets it go.
      onTick: () => {
        began();
        return new Promise<void>((r) => (release = r));
      },
    });
    keeper.start(1);
    await inPass;
    let stopped = false;
    const stopping = keeper.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    await db.destroy();
  });
});
