/**
 * Sites are tenants: the manager of fablab-nord acts for fablab-nord only. Each case was
 * reproduced against the server before sites were scoped (a manager of one site read and changed
 * the other's reservations, members, trainings, plans, gateways, machines and rounds).
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const nord = AS.managerNord;
const demo = AS.manager;
const slot = { start: '2026-12-02T10:00:00+01:00', end: '2026-12-02T12:00:00+01:00' };
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;

/** The demo site with one reservation, one usage session and one waitlist entry of camille-roux. */
async function twoSites() {
  const t = await testApp();
  const booked = await t.call('POST', '/api/reservations', {
    member: 'camille-roux',
    machine: 'laser-co2',
    ...slot,
  });
  expect(booked.status).toBe(201);
  const { reservation } = (await booked.json()) as { reservation: { id: string } };
  await t.deps.services.usage.record({
    id: 'job-demo-1',
    site: 'atelier-demo',
    machine: 'laser-co2',
    gateway: 'gw-demo',
    name: 'plaque.nc',
    startedAt: Date.parse('2026-11-30T09:00:00Z'),
    endedAt: Date.parse('2026-11-30T10:00:00Z'),
    outcome: 'completed',
    reason: null,
    wallSeconds: 3600,
    activeSeconds: 3000,
    beamSeconds: null,
    spindleSeconds: null,
    energyWh: null,
  });
  await t.deps.services.usage.attach('job-demo-1', 'camille-roux', null);
  const wait = await t.call('POST', '/api/waitlist', {
    member: 'nadia-benali',
    machine: 'laser-co2',
    from: slot.start,
    to: slot.end,
    durationMin: 60,
  });
  expect(wait.status).toBe(201);
  return { ...t, reservation: reservation.id };
}

describe('a manager reads only the sites they manage', () => {
  it('lists no reservation of another site, and refuses to be asked for it', async () => {
    const { call } = await twoSites();
    const mine = await json(await call('GET', '/api/reservations', undefined, nord));
    expect(mine.reservations).toEqual([]);
    const asked = await call('GET', '/api/reservations?site=atelier-demo', undefined, nord);
    expect(asked.status).toBe(403);
    const demoList = await json(await call('GET', '/api/reservations', undefined, demo));
    expect(demoList.reservations).toHaveLength(1);
  });

  it('reads no audit entry about another site', async () => {
    const { call } = await twoSites();
    const { entries } = (await json(await call('GET', '/api/audit', undefined, nord))) as {
      entries: Array<{ action: string }>;
    };
    expect(entries.map((e) => e.action)).not.toContain('reservation.create');
    const theirs = (await json(await call('GET', '/api/audit', undefined, demo))) as {
      entries: Array<{ action: string; site: string | null }>;
    };
    expect(theirs.entries).toContainEqual(
      expect.objectContaining({ action: 'reservation.create', site: 'atelier-demo' }),
    );
  });

  it('gets no accounting line nor total of another site', async () => {
    const { call } = await twoSites();
    const period = 'from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z';
    const lines = await json(await call('GET', `/api/accounting/lines?${period}`, undefined, nord));
    expect(lines.lines).toEqual([]);
    const totals = await json(
      await call('GET', `/api/accounting/totals?${period}&by=machine`, undefined, nord),
    );
    expect(totals.totals).toEqual([]);
    const csv = await call('GET', `/api/accounting/lines?${period}&format=csv`, undefined, nord);
    expect(await csv.text()).not.toContain('camille');
    const named = await call(
      'GET',
      `/api/accounting/lines?${period}&member=camille-roux`,
      undefined,
      nord,
    );
    expect(named.status).toBe(404);
    const own = await json(await call('GET', `/api/accounting/lines?${period}`, undefined, demo));
    expect((own.lines as unknown[]).length).toBeGreaterThan(0);
  });

  it('lists no usage session, waitlist entry, member or account of another site', async () => {
    const { call } = await twoSites();
    expect(
      (await json(await call('GET', '/api/usage-sessions', undefined, nord))).usageSessions,
    ).toEqual([]);
    expect((await json(await call('GET', '/api/waitlist', undefined, nord))).entries).toEqual([]);
    const members = (await json(await call('GET', '/api/members', undefined, nord))) as {
      members: Array<{ id: string }>;
    };
    expect(members.members.map((m) => m.id)).toEqual(['hugo-lefebvre']);
    expect((await call('GET', '/api/members/camille-roux', undefined, nord)).status).toBe(404);
    const accounts = (await json(await call('GET', '/api/accounts', undefined, nord))) as {
      accounts: Array<{ email: string }>;
    };
    expect(accounts.accounts.map((a) => a.email).sort()).toEqual([
      'hugo-lefebvre@test.fr',
      'manager-nord@test.fr',
    ]);
  });

  it('gets the Mosquitto ACL of their own gateways only', async () => {
    const { call } = await twoSites();
    expect(
      (
        await call('PUT', '/api/gateways/gw-demo', {
          site: 'atelier-demo',
          machines: ['laser-co2'],
        })
      ).status,
    ).toBe(200);
    const acl = await (await call('GET', '/api/gateways/mosquitto-acl', undefined, nord)).text();
    expect(acl).not.toContain('gw-demo');
    const listed = await json(await call('GET', '/api/gateways', undefined, nord));
    expect(listed.gateways).toEqual([]);
  });
});

describe('a manager changes only the sites they manage', () => {
  it('cannot book another site’s machine for its member (nor confirm what needs approval)', async () => {
    const { call, deps } = await twoSites();
    const res = await call(
      'POST',
      '/api/reservations',
      { member: 'camille-roux', machine: 'cnc-fraiseuse', ...slot },
      nord,
    );
    expect(res.status).toBe(404);
    const held = await deps.services.reservations.list({ machine: 'cnc-fraiseuse' });
    expect(held).toEqual([]);
  });

  it('cannot edit, credit, train, nor erase another site’s member', async () => {
    const { call, deps } = await twoSites();
    const edit = await call(
      'PUT',
      '/api/members/camille-roux',
      { name: 'X', email: 'x@example.fr', plan: 'resident' },
      nord,
    );
    expect(edit.status).toBe(409);
    expect(
      (await call('POST', '/api/credits', { member: 'camille-roux', hours: 10 }, nord)).status,
    ).toBe(404);
    expect(
      (await call('PUT', '/api/members/nadia-benali/qualifications/cnc', undefined, nord)).status,
    ).toBe(404);
    expect(
      (await call('DELETE', '/api/members/camille-roux/qualifications/laser', undefined, nord))
        .status,
    ).toBe(404);
    const erase = await call(
      'POST',
      '/api/members/camille-roux/erasure',
      { confirm: 'camille-roux' },
      nord,
    );
    expect(erase.status).toBe(404);
    const camille = await deps.services.members.get('camille-roux');
    expect(camille).toMatchObject({ name: 'Camille Roux', email: 'camille@atelier-bois-roux.fr' });
    expect(
      (await deps.services.trainings.grantsOf('nadia-benali')).map((g) => g.qualification),
    ).toEqual(['laser']);
    expect(await deps.services.accounting.balance({ member: 'camille-roux' })).toMatchObject({
      creditedHours: 0,
    });
  });

  it('cannot edit a plan common to every site; an admin can; a site’s plan is its manager’s', async () => {
    const { call } = await twoSites();
    const plan = { name: 'Résident', priorityClass: 1, bookAheadDays: 60, quotas: [] };
    const shared = await call('PUT', '/api/plans/resident', plan, nord);
    expect(shared.status).toBe(403);
    expect((await call('PUT', '/api/plans/resident', plan, demo)).status).toBe(403);
    expect((await call('PUT', '/api/plans/resident', plan, AS.admin)).status).toBe(200);
    expect(
      (await call('PUT', '/api/plans/nord-adherent', { ...plan, site: 'fablab-nord' }, demo))
        .status,
    ).toBe(403);
    expect(
      (await call('PUT', '/api/plans/nord-adherent', { ...plan, site: 'fablab-nord' }, nord))
        .status,
    ).toBe(200);
    const visible = (await json(await call('GET', '/api/plans', undefined, demo))) as {
      plans: Array<{ id: string }>;
    };
    expect(visible.plans.map((p) => p.id)).not.toContain('nord-adherent');
  });

  it('cannot edit a training common to every site; an admin can; a site’s training is its manager’s', async () => {
    const { call } = await twoSites();
    const laser = { name: 'Découpe laser', validityMonths: 12 };
    expect((await call('PUT', '/api/qualifications/laser', laser, nord)).status).toBe(403);
    expect((await call('PUT', '/api/qualifications/laser', laser, demo)).status).toBe(403);
    expect((await call('PUT', '/api/qualifications/laser', laser, AS.admin)).status).toBe(200);
    const own = { name: 'Défonceuse', site: 'fablab-nord' };
    expect((await call('PUT', '/api/qualifications/nord-router', own, demo)).status).toBe(403);
    expect((await call('PUT', '/api/qualifications/nord-router', own, nord)).status).toBe(200);
    const visible = (await json(await call('GET', '/api/qualifications', undefined, demo))) as {
      qualifications: Array<{ id: string }>;
    };
    expect(visible.qualifications.map((q) => q.id)).toContain('laser');
    expect(visible.qualifications.map((q) => q.id)).not.toContain('nord-router');
  });
});

describe('an upsert checks the site of the row that exists', () => {
  it('a gateway id of another site cannot be re-issued (its box keeps its secret)', async () => {
    const { call, deps } = await twoSites();
    const issued = (await json(
      await call('PUT', '/api/gateways/gw-demo', { site: 'atelier-demo', machines: ['laser-co2'] }),
    )) as { password: string };
    const taken = await call(
      'PUT',
      '/api/gateways/gw-demo',
      { site: 'fablab-nord', machines: ['laser-nord'] },
      nord,
    );
    expect(taken.status).toBe(403);
    expect(await deps.gatewayCredentials.verify('gw-demo', issued.password)).toEqual({
      site: 'atelier-demo',
      machines: ['laser-co2'],
    });
  });

  it('a machine of another site cannot be moved nor put out of order', async () => {
    const { call, deps, reservation } = await twoSites();
    const res = await call(
      'PUT',
      '/api/machines/laser-co2/sharing',
      { site: 'fablab-nord', name: 'Laser', kind: 'laser', status: 'out_of_order' },
      nord,
    );
    expect(res.status).toBe(409);
    expect((await json(res)).message).toContain('« atelier-demo »');
    expect(await deps.services.machines.get('laser-co2')).toMatchObject({
      site: 'atelier-demo',
      status: 'in_service',
    });
    expect(await deps.services.reservations.get(reservation)).toMatchObject({
      status: 'confirmed',
    });
  });

  it('an open round of another site cannot be moved', async () => {
    const { call, deps } = await twoSites();
    const round = {
      site: 'atelier-demo',
      title: 'Semaine du 7',
      from: '2026-12-07T00:00:00+01:00',
      to: '2026-12-12T00:00:00+01:00',
      closesAt: '2026-12-04T12:00:00+01:00',
    };
    expect((await call('PUT', '/api/rounds/r1', round)).status).toBe(200);
    const moved = await call('PUT', '/api/rounds/r1', { ...round, site: 'fablab-nord' }, nord);
    expect(moved.status).toBe(403);
    expect(await deps.services.rounds.get('r1')).toMatchObject({ site: 'atelier-demo' });
    expect(
      (await call('GET', '/api/rounds/r1', undefined, AS.artisan('hugo-lefebvre'))).status,
    ).toBe(404);
  });
});

describe('members belong to sites', () => {
  it('“any laser” without a site books only on the member’s sites', async () => {
    const { call } = await twoSites();
    // laser-co2 is taken at that slot; laser-nord (fablab-nord) is free but not camille's site.
    const res = await call(
      'POST',
      '/api/reservations',
      { member: 'nadia-benali', kind: 'laser', ...slot },
      AS.artisan('nadia-benali'),
    );
    expect(res.status).toBe(409);
    expect((await json(res)).reasons).toEqual([
      expect.objectContaining({ code: 'no_machine_of_kind_free' }),
    ]);
    const hugo = await call(
      'POST',
      '/api/reservations',
      { member: 'hugo-lefebvre', kind: 'laser', ...slot },
      AS.artisan('hugo-lefebvre'),
    );
    expect(hugo.status).toBe(201);
    expect((await json(hugo)).reservation).toMatchObject({ machine: 'laser-nord' });
  });

  it('a member books no machine of a site they do not belong to', async () => {
    const { call } = await twoSites();
    const res = await call(
      'POST',
      '/api/reservations',
      { member: 'camille-roux', machine: 'laser-nord', ...slot },
      AS.artisan('camille-roux'),
    );
    expect(res.status).toBe(403);
  });

  it('a manager puts a new member on their site, an admin on several', async () => {
    const { call } = await twoSites();
    const body = { name: 'Léa', email: 'lea@example.fr', plan: 'resident' };
    const made = await json(await call('PUT', '/api/members/lea', body, nord));
    expect(made.member).toMatchObject({ sites: ['fablab-nord'] });
    const both = await json(
      await call(
        'PUT',
        '/api/members/lea',
        { ...body, sites: ['atelier-demo', 'fablab-nord'] },
        AS.admin,
      ),
    );
    expect(both.member).toMatchObject({ sites: ['atelier-demo', 'fablab-nord'] });
    // The manager of one site sets theirs; the other site's membership stays.
    const again = await json(await call('PUT', '/api/members/lea', { ...body, sites: [] }, nord));
    expect(again.member).toMatchObject({ sites: ['atelier-demo'] });
    expect(
      (await call('PUT', '/api/members/lea', { ...body, sites: ['fablab-nord'] }, demo)).status,
    ).toBe(403);
  });
});

describe('identifiers do not collide across sites', () => {
  it('a second site naming its machine like the first gets a 409 naming the site that holds it', async () => {
    const { call } = await twoSites();
    const res = await call(
      'PUT',
      '/api/machines/laser-co2/sharing',
      { site: 'fablab-nord', name: 'Notre laser', kind: 'laser' },
      nord,
    );
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      message:
        'l’identifiant de machine « laser-co2 » est pris par le site « atelier-demo » : choisissez-en un autre',
    });
  });

  it('a gateway is issued only machines of its own site that no other gateway owns', async () => {
    const { call } = await twoSites();
    const other = await call(
      'PUT',
      '/api/gateways/gw-nord',
      { site: 'fablab-nord', machines: ['laser-co2'] },
      nord,
    );
    expect(other.status).toBe(409);
    expect((await json(other)).message).toContain('site « atelier-demo »');
    expect(
      (await call('PUT', '/api/gateways/gw-a', { site: 'atelier-demo', machines: ['prusa-mk4-1'] }))
        .status,
    ).toBe(200);
    const owned = await call('PUT', '/api/gateways/gw-b', {
      site: 'atelier-demo',
      machines: ['prusa-mk4-1'],
    });
    expect(owned.status).toBe(409);
    expect((await json(owned)).message).toContain('passerelle « gw-a »');
    const unknown = await call('PUT', '/api/machines/bambu-x1/sharing', {
      site: 'atelier-demo',
      name: 'Bambu',
      kind: 'printer',
    });
    expect(unknown.status).toBe(200);
  });
});
