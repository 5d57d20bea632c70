import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import type { HistoryReader } from '../../influx/reader.js';
import { AS, testApp } from '../../testing/test-app.js';

/** The demo's Prusa MK4 n°1 and three more of the model, grouped as `prusa-mk4`. */
async function workshopWithFourPrusa() {
  const t = await testApp();
  for (const n of [1, 2, 3, 4]) {
    const res = await t.call('PUT', `/api/machines/prusa-mk4-${n}/sharing`, {
      site: 'atelier-demo',
      name: `Prusa MK4 n°${n}`,
      kind: 'printer',
      hourlyRateCents: 300,
      billingMode: 'used',
      rules: { maxMin: 60 * 60, staffedHours: 'start' },
      group: 'prusa-mk4',
      materialRateCentsPerKg: 3000,
    });
    expect(res.status).toBe(200);
  }
  return t;
}

const parts = (over: Record<string, unknown> = {}) => ({
  member: 'camille-roux',
  group: 'prusa-mk4',
  units: 3,
  start: '2026-12-02T10:00:00+01:00',
  end: '2026-12-02T12:00:00+01:00',
  ...over,
});

describe('machine groups and several units', () => {
  it('lists the groups of my sites with their machines, not another site’s', async () => {
    const { call } = await workshopWithFourPrusa();
    const mine = await call('GET', '/api/machine-groups', undefined, AS.artisan('camille-roux'));
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({
      groups: [
        {
          id: 'prusa-mk4',
          site: 'atelier-demo',
          kind: 'printer',
          machines: [
            { id: 'prusa-mk4-1' },
            { id: 'prusa-mk4-2' },
            { id: 'prusa-mk4-3' },
            { id: 'prusa-mk4-4' },
          ],
        },
      ],
    });
    const nord = await call('GET', '/api/machine-groups', undefined, AS.managerNord);
    expect(await nord.json()).toEqual({ groups: [] });
    const other = await call(
      'GET',
      '/api/machine-groups?site=atelier-demo',
      undefined,
      AS.managerNord,
    );
    expect(other.status).toBe(403);
  });

  it('books three printers of the group at once, one batch, and the fourth stays free', async () => {
    const { call } = await workshopWithFourPrusa();
    const res = await call('POST', '/api/reservations', parts(), AS.artisan('camille-roux'));
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      reservation: { id: string; batch: string };
      reservations: Array<{ machine: string; batch: string; member: string }>;
    };
    expect(body.reservations).toHaveLength(3);
    expect(new Set(body.reservations.map((r) => r.machine)).size).toBe(3);
    expect(
      body.reservations.every(
        (r) => r.batch === body.reservation.batch && r.member === 'camille-roux',
      ),
    ).toBe(true);
    const one = await call(
      'POST',
      '/api/reservations',
      parts({ member: 'nadia-benali', units: 1 }),
      AS.artisan('nadia-benali'),
    );
    expect(one.status).toBe(201);
    const none = await call(
      'POST',
      '/api/reservations',
      parts({ member: 'lucas-petit', units: undefined }),
      AS.artisan('lucas-petit'),
    );
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({
      reasons: [{ code: 'no_machine_of_group_free', group: 'prusa-mk4' }],
      message: 'Aucune machine du groupe « prusa-mk4 » n’est libre sur ce créneau.',
    });
  });

  it('books no unit when fewer than asked are free (all or none)', async () => {
    const { call } = await workshopWithFourPrusa();
    await call('POST', '/api/reservations', parts({ units: 2 }), AS.artisan('camille-roux'));
    const res = await call(
      'POST',
      '/api/reservations',
      parts({ member: 'nadia-benali' }),
      AS.artisan('nadia-benali'),
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      reasons: [{ code: 'not_enough_units_free', of: 'prusa-mk4', wanted: 3, free: 2 }],
    });
    const list = await call('GET', '/api/reservations?member=nadia-benali');
    expect(((await list.json()) as { reservations: unknown[] }).reservations).toEqual([]);
  });

  it('asked more units than the group has: 422 group_too_small, not “0 free” while 4 are', async () => {
    const { call } = await workshopWithFourPrusa();
    const res = await call(
      'POST',
      '/api/reservations',
      parts({ units: 5 }),
      AS.artisan('camille-roux'),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      reasons: [{ code: 'group_too_small', of: 'prusa-mk4', wanted: 5, machines: 4 }],
      message: 'Vous demandez 5 machines « prusa-mk4 » ; le groupe n’en compte que 4.',
    });
    const list = await call('GET', '/api/reservations?member=camille-roux');
    expect(((await list.json()) as { reservations: unknown[] }).reservations).toEqual([]);
  });

  it('takes an 18 h print starting in opening hours, running overnight (staffed start)', async () => {
    const { call } = await workshopWithFourPrusa();
    const res = await call(
      'POST',
      '/api/reservations',
      parts({ units: 1, start: '2026-12-02T16:00:00+01:00', end: '2026-12-03T10:00:00+01:00' }),
      AS.artisan('camille-roux'),
    );
    expect(res.status).toBe(201);
    const night = await call(
      'POST',
      '/api/reservations',
      parts({ units: 1, start: '2026-12-03T22:00:00+01:00', end: '2026-12-04T00:00:00+01:00' }),
      AS.artisan('camille-roux'),
    );
    expect(night.status).toBe(422);
    expect(await night.json()).toMatchObject({
      reasons: [{ code: 'start_outside_staffed_hours' }],
    });
  });

  it('refuses a body naming a machine and a group, and several units of one machine, as 400', async () => {
    const { call } = await workshopWithFourPrusa();
    const both = await call('POST', '/api/reservations', parts({ machine: 'prusa-mk4-1' }));
    expect(both.status).toBe(400);
    expect(((await both.json()) as { message: string }).message).toContain('un seul parmi');
    const units = await call(
      'POST',
      '/api/reservations',
      parts({ group: undefined, machine: 'prusa-mk4-1' }),
    );
    expect(units.status).toBe(400);
  });

  it('shows the group and the material rate in the machine’s sharing settings', async () => {
    const { call } = await workshopWithFourPrusa();
    const res = await call('GET', '/api/machines/prusa-mk4-2/sharing');
    expect(await res.json()).toMatchObject({
      machine: {
        group: 'prusa-mk4',
        materialRateCentsPerKg: 3000,
        rules: { staffedHours: 'start' },
      },
    });
  });

  it('sums its machines’ heat maps in the site’s zone: two printers running one hour read 2 h there', async () => {
    const t = await workshopWithFourPrusa();
    // Prusa n°1 and n°2 run Monday 30 Nov 13:00–14:00 UTC (14 h in Paris); n°3 and n°4 idle.
    const history: HistoryReader = {
      stateChanges: async (machine) => ({
        before: machine === 'prusa-mk4-1' || machine === 'prusa-mk4-2' ? 'running' : 'idle',
        changes: [],
      }),
      metricSeries: async () => ({ times: [], values: {} }),
    };
    const app = createApp({ ...t.deps, history });
    const res = await app.request(
      '/api/machine-groups/atelier-demo/prusa-mk4/utilisation?from=2026-11-30T13:00:00Z&to=2026-11-30T14:00:00Z',
      { headers: AS.manager },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { heatmap: number[][]; runningShare: number };
    expect(body.heatmap).toHaveLength(7);
    expect(body.heatmap[0]?.[14]).toBe(7200);
    expect(body.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(7200);
    expect(body.runningShare).toBe(0.5);
  });
});
