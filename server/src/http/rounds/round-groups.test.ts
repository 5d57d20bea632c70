import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const round = {
  site: 'atelier-demo',
  title: 'Semaine du 7 décembre',
  from: '2026-12-07T00:00:00+01:00',
  to: '2026-12-12T00:00:00+01:00',
  closesAt: '2026-12-04T18:00:00+01:00',
};
const monday = [{ start: '2026-12-07T09:00:00+01:00', end: '2026-12-07T19:00:00+01:00' }];

/** Three Prusa MK4 in one group, and a fourth printer that is not one. */
async function workshop() {
  const t = await testApp();
  for (const [id, group] of [
    ['prusa-mk4-1', 'prusa-mk4'],
    ['prusa-mk4-2', 'prusa-mk4'],
    ['prusa-mk4-3', 'prusa-mk4'],
    ['ender-3', null],
  ] as const)
    expect(
      (
        await t.call('PUT', `/api/machines/${id}/sharing`, {
          site: 'atelier-demo',
          name: id,
          kind: 'printer',
          rules: { maxMin: 720 },
          group,
        })
      ).status,
    ).toBe(200);
  expect((await t.call('PUT', '/api/rounds/s50', round)).status).toBe(200);
  return t;
}

describe('round requests by machine group', () => {
  it('places each group request on a machine of the group, never on another printer', async () => {
    const { call } = await workshop();
    for (const member of ['camille-roux', 'nadia-benali', 'lucas-petit']) {
      const res = await call(
        'POST',
        '/api/rounds/s50/requests',
        { member, group: 'prusa-mk4', durationMin: 240, windows: monday },
        AS.artisan(member),
      );
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ request: { group: 'prusa-mk4' } });
    }
    expect((await call('POST', '/api/rounds/s50/propose')).status).toBe(200);
    const { requests } = (await (await call('GET', '/api/rounds/s50')).json()) as {
      requests: Array<{ assigned: { machine: string } | null }>;
    };
    const placed = requests.map((r) => r.assigned?.machine);
    expect(placed.every((m) => m?.startsWith('prusa-mk4-'))).toBe(true);
    expect(new Set(placed).size).toBe(3);
  });

  it('refuses a group no machine of the site is in, in words', async () => {
    const { call } = await workshop();
    const res = await call('POST', '/api/rounds/s50/requests', {
      member: 'camille-roux',
      group: 'bambu-x1',
      durationMin: 60,
      windows: monday,
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      reasons: [{ code: 'group_unknown', group: 'bambu-x1' }],
    });
  });
});
