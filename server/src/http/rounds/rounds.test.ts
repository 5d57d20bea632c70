import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const manager = AS.manager;
const as = AS.artisan;

// The week of 7 December 2026 on the demo site; requests close on Friday 4 December.
const round = {
  site: 'atelier-demo',
  title: 'Semaine du 7 décembre',
  from: '2026-12-07T00:00:00+01:00',
  to: '2026-12-12T00:00:00+01:00',
  closesAt: '2026-12-04T18:00:00+01:00',
};
const wish = (member: string, over: Record<string, unknown> = {}) => ({
  member,
  machine: 'laser-co2',
  durationMin: 180,
  windows: [{ start: '2026-12-07T09:00:00+01:00', end: '2026-12-07T19:00:00+01:00' }],
  ...over,
});

describe('booking rounds API', () => {
  it('collects requests, proposes a fair allocation, and publishes it as reservations', async () => {
    const { call } = await testApp();
    expect((await call('PUT', '/api/rounds/s50', round, manager)).status).toBe(200);
    // Monday on the laser is wanted by Camille three times and by Nadia once: 12 h for 10 h of opening.
    for (let i = 1; i <= 3; i++)
      expect(
        (
          await call(
            'POST',
            '/api/rounds/s50/requests',
            wish('camille-roux', { priority: i }),
            as('camille-roux'),
          )
        ).status,
      ).toBe(201);
    expect(
      (await call('POST', '/api/rounds/s50/requests', wish('nadia-benali'), as('nadia-benali')))
        .status,
    ).toBe(201);
    // Lucas has no laser training: refused with the reason; a printer is fine.
    const refused = await call(
      'POST',
      '/api/rounds/s50/requests',
      wish('lucas-petit'),
      as('lucas-petit'),
    );
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ reasons: [{ code: 'no_qualification' }] });
    expect(
      (
        await call(
          'POST',
          '/api/rounds/s50/requests',
          wish('lucas-petit', { machine: undefined, kind: 'printer' }),
          as('lucas-petit'),
        )
      ).status,
    ).toBe(201);
    // An artisan sees only their own requests.
    const own = (await (
      await call('GET', '/api/rounds/s50', undefined, as('nadia-benali'))
    ).json()) as { requests: Array<{ member: string }> };
    expect(own.requests.map((r) => r.member)).toEqual(['nadia-benali']);

    const proposed = await call('POST', '/api/rounds/s50/propose', undefined, manager);
    const body = (await proposed.json()) as {
      round: { status: string; figures: Record<string, number> };
      requests: Array<{ member: string; assigned: { start: string; end: string } | null }>;
    };
    expect(body.round.status).toBe('proposed');
    expect(body.round.figures.jain).toBeGreaterThan(0.9);
    // Nadia, with less granted, is served before Camille's third wish.
    expect(body.requests.find((r) => r.member === 'nadia-benali')?.assigned).not.toBeNull();
    expect(body.requests.filter((r) => r.member === 'camille-roux' && r.assigned)).toHaveLength(2);

    const published = (await (
      await call('POST', '/api/rounds/s50/publish', undefined, manager)
    ).json()) as { created: number; lost: string[] };
    expect(published).toEqual({ created: 4, lost: [] });
    const laser = (await (await call('GET', '/api/reservations?machine=laser-co2')).json()) as {
      reservations: unknown[];
    };
    expect(laser.reservations).toHaveLength(3);
    expect((await call('POST', '/api/rounds/s50/publish', undefined, manager)).status).toBe(409);
    const late = await call(
      'POST',
      '/api/rounds/s50/requests',
      wish('nadia-benali'),
      as('nadia-benali'),
    );
    expect(await late.json()).toMatchObject({ reasons: [{ code: 'round_closed' }] });
  });

  it('refuses windows outside the round and a round over two months, naming the field', async () => {
    const { call } = await testApp();
    await call('PUT', '/api/rounds/s50', round, manager);
    const outside = await call(
      'POST',
      '/api/rounds/s50/requests',
      wish('camille-roux', {
        windows: [{ start: '2026-12-14T09:00:00+01:00', end: '2026-12-14T19:00:00+01:00' }],
      }),
    );
    expect(await outside.json()).toMatchObject({ reasons: [{ code: 'outside_round' }] });
    const long = await call(
      'PUT',
      '/api/rounds/x',
      { ...round, to: '2027-03-01T00:00:00+01:00' },
      manager,
    );
    expect(long.status).toBe(400);
    expect(((await long.json()) as { message: string }).message).toContain(
      'to: une campagne couvre 62 jours au plus',
    );
    expect((await call('PUT', '/api/rounds/y', round, as('camille-roux'))).status).toBe(403);
    expect((await call('POST', '/api/rounds/nope/propose', undefined, manager)).status).toBe(404);
  });
});
