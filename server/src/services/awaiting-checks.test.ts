/**
 * The after-use check on the live views: the real access service over the demo workshop's store,
 * a clock the test moves and timers it fires. 10:00 on a Tuesday in Paris; Lucas used the Prusa
 * from 8:30 to 9:45 and its rules ask "Nettoyer le plateau"; Nadia holds it from 9:55 to 11:00.
 */
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { seedDemoWorkshop } from '../demo/seed.js';
import { accessRepository } from '../store/access.js';
import { openSqlite } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { reservationsRepository } from '../store/reservations.js';
import { type Timers, watchAwaitingChecks } from './awaiting-checks.js';
import { createServices } from './index.js';

const M = 60_000;
const NOW = Date.parse('2026-12-01T09:00:00Z');
const PRUSA = 'prusa-mk4-1';
const at = (ms: number) => new Date(ms).toISOString();

async function workshop() {
  const db = await openSqlite(':memory:');
  onTestFinished(() => db.destroy());
  await seedDemoWorkshop(db, NOW);
  await db
    .updateTable('machines')
    .set({ booking_rules: JSON.stringify({ afterUseCheck: 'Nettoyer le plateau' }) })
    .where('id', '=', PRUSA)
    .execute();
  await accessRepository(db).addGrant({
    site: 'atelier-demo',
    machine: PRUSA,
    member: 'lucas-petit',
    reservation: null,
    via: 'gateway',
    gateway: 'gw-demo',
    grantedAt: NOW - 90 * M,
    until: NOW - 15 * M,
    check: 'Nettoyer le plateau',
  });
  await reservationsRepository(db).insert({
    id: 'r-nadia',
    site: 'atelier-demo',
    machine: PRUSA,
    member: 'nadia-benali',
    start: NOW - 5 * M,
    end: NOW + 60 * M,
    blocksUntil: NOW + 60 * M,
    status: 'confirmed',
    createdAt: NOW - 86_400_000,
  });
  const clock = { now: NOW };
  // The services as the server builds them: saving rules goes through them too.
  const services = createServices(db, () => clock.now);
  const access = services.access;
  /** What the views were told, per machine, in order. */
  const told = new Map<string, Array<MachineView['awaitingCheck']>>();
  const pending = new Map<number, { run: () => void; ms: number }>();
  let handles = 0;
  const timers: Timers = {
    set(run, ms) {
      const handle = ++handles;
      // Fired once, as setTimeout's are.
      pending.set(handle, { run: () => pending.delete(handle) && run(), ms });
      return handle;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  const checks = watchAwaitingChecks({
    access,
    machines: () => bookableMachinesRepository(db).list(),
    views: {
      setAwaitingCheck(machine, awaiting) {
        told.set(machine, [...(told.get(machine) ?? []), awaiting]);
      },
    },
    clock: () => clock.now,
    timers,
  });
  onTestFinished(() => checks.stop());
  const last = (machine = PRUSA) => told.get(machine)?.at(-1);
  return { services, access, checks, clock, told, pending, last };
}

describe('watchAwaitingChecks', () => {
  it('puts every machine on its view at start: the Prusa awaits since its use ended', async () => {
    const t = await workshop();
    await t.checks.start();
    expect(t.last()).toEqual({ what: 'Nettoyer le plateau', since: at(NOW - 15 * M) });
    // A machine whose rules ask for no check awaits none.
    expect(t.last('laser-co2')).toBeNull();
    expect(t.pending.size).toBe(0);
  });

  it('clears it when the check is confirmed, with no call of its own', async () => {
    const t = await workshop();
    await t.checks.start();
    const done = await t.access.confirmCheck(
      PRUSA,
      { account: 'lucas', member: 'lucas-petit', manager: false },
      null,
    );
    expect(done.done).toBe(true);
    await vi.waitFor(() => expect(t.last()).toBeNull());
  });

  it('sets it when the next use runs out (a timer at its end), not before', async () => {
    const t = await workshop();
    await t.checks.start();
    await t.access.confirmCheck(
      PRUSA,
      { account: 'lucas', member: 'lucas-petit', manager: false },
      null,
    );
    await vi.waitFor(() => expect(t.last()).toBeNull());
    const told = t.told.get(PRUSA)?.length ?? 0;

    // Nadia starts her slot: the machine is in use, and due to await its check at 11:00.
    const started = await t.access.decide(PRUSA, 'nadia-benali', { kind: 'dashboard' });
    expect(started.allowed).toBe(true);
    await vi.waitFor(() => expect(t.pending.size).toBe(1));
    expect(t.last()).toBeNull();
    expect(t.told.get(PRUSA)?.length).toBe(told + 1);
    const wait = [...t.pending.values()][0];
    expect(wait?.ms).toBe(60 * M);

    // Her slot ends with nobody saying so: the timer fires at 11:00.
    t.clock.now = NOW + 60 * M;
    wait?.run();
    await vi.waitFor(() =>
      expect(t.last()).toEqual({ what: 'Nettoyer le plateau', since: at(NOW + 60 * M) }),
    );
    expect(t.pending.size).toBe(0);
  });

  it('sets it at once when the use is released ("J’ai fini"), and drops the timer', async () => {
    const t = await workshop();
    await t.checks.start();
    await t.access.confirmCheck(PRUSA, { account: 'm', member: null, manager: true }, null);
    await t.access.decide(PRUSA, 'nadia-benali', { kind: 'dashboard' });
    await vi.waitFor(() => expect(t.pending.size).toBe(1));
    t.clock.now = NOW + 10 * M;
    await t.access.release(PRUSA, { member: 'nadia-benali', manager: false });
    await vi.waitFor(() =>
      expect(t.last()).toEqual({ what: 'Nettoyer le plateau', since: at(NOW + 10 * M) }),
    );
    expect(t.pending.size).toBe(0);
  });

  it('follows the rules: a check no longer asked awaits nothing, the site’s asks its own words', async () => {
    const t = await workshop();
    await t.checks.start();
    const prusa = (await t.services.machines.get(PRUSA))!;
    await t.services.machines.save({ ...prusa, rules: {} });
    await vi.waitFor(() => expect(t.last()).toBeNull());
    // Lucas's use asked for a check: the site's rule now names what to do.
    const site = (await t.services.sites.get('atelier-demo'))!;
    await t.services.sites.save({
      ...site,
      rules: { ...site.rules, afterUseCheck: 'Aspirer la chambre' },
    });
    await vi.waitFor(() =>
      expect(t.last()).toEqual({ what: 'Aspirer la chambre', since: at(NOW - 15 * M) }),
    );
  });
});
