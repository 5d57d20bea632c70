import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const manager = AS.manager;
const artisan = AS.artisan('nadia-benali');

describe('sharing administration API', () => {
  it('saves a site and refuses a bad time zone or hours closing before they open, naming the field', async () => {
    const { call } = await testApp();
    const ok = await call(
      'PUT',
      '/api/sites/fablab-nord',
      { name: 'Fablab Nord', openingHours: { '2': [{ open: '14:00', close: '20:00' }] } },
      AS.admin,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      site: {
        id: 'fablab-nord',
        timezone: 'Europe/Paris',
        holidays: 'fr',
        rules: { granularityMin: 15 },
      },
    });
    const bad = await call(
      'PUT',
      '/api/sites/x',
      {
        name: 'X',
        timezone: 'Mars/Olympus',
        openingHours: { '1': [{ open: '18:00', close: '09:00' }] },
      },
      AS.admin,
    );
    expect(bad.status).toBe(400);
    const { message } = (await bad.json()) as { message: string };
    expect(message).toContain('timezone: un fuseau horaire IANA comme Europe/Paris');
    expect(message).toContain('openingHours.1.0: la fermeture doit suivre l’ouverture');
    expect(
      (await call('PUT', '/api/sites/x', { name: 'X', openingHours: {} }, artisan)).status,
    ).toBe(403);
    // The manager of atelier-demo manages that site only.
    const elsewhere = await call(
      'PUT',
      '/api/sites/fablab-nord',
      { name: 'Fablab Nord', openingHours: {} },
      manager,
    );
    expect(await elsewhere.json()).toMatchObject({
      code: 'forbidden',
      message: 'vous gérez le site « atelier-demo », pas « fablab-nord »',
    });
  });

  it('creates a member, refuses an unknown plan and a duplicate email', async () => {
    const { call } = await testApp();
    const body = {
      name: 'Inès Moreau',
      email: 'ines@example.fr',
      plan: 'resident',
      organisation: 'atelier-bois-roux',
    };
    expect((await call('PUT', '/api/members/ines-moreau', body, manager)).status).toBe(200);
    const noPlan = await call(
      'PUT',
      '/api/members/x',
      { ...body, email: 'x@example.fr', plan: 'gold' },
      manager,
    );
    expect(noPlan.status).toBe(400);
    expect(await noPlan.json()).toMatchObject({ message: 'plan: aucune formule « gold »' });
    const dup = await call('PUT', '/api/members/y', { ...body, name: 'Other' }, manager);
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({
      message: 'email: ines@example.fr appartient déjà à un autre membre',
    });
    const bad = await call('PUT', '/api/members/z', { ...body, email: 'not-an-email' }, manager);
    expect(bad.status).toBe(400);
  });

  it('pages members and keeps the list to managers', async () => {
    const { call } = await testApp();
    const first = (await (
      await call('GET', '/api/members?limit=2', undefined, manager)
    ).json()) as { members: Array<{ id: string }>; nextCursor: string };
    expect(first.members.map((m) => m.id)).toEqual(['camille-roux', 'lucas-petit']);
    const second = (await (
      await call('GET', `/api/members?limit=2&cursor=${first.nextCursor}`, undefined, manager)
    ).json()) as { members: Array<{ id: string }>; nextCursor: null };
    expect(second).toMatchObject({ members: [{ id: 'nadia-benali' }], nextCursor: null });
    expect((await call('GET', '/api/members', undefined, artisan)).status).toBe(403);
    expect((await call('GET', '/api/members/camille-roux', undefined, artisan)).status).toBe(404);
    expect((await call('GET', '/api/members/nadia-benali', undefined, artisan)).status).toBe(200);
  });

  it('grants a training, shows whether it holds, and revokes it', async () => {
    const { call } = await testApp();
    expect(
      (await call('PUT', '/api/members/lucas-petit/qualifications/laser', undefined, manager))
        .status,
    ).toBe(200);
    const held = (await (
      await call('GET', '/api/members/lucas-petit/qualifications', undefined, manager)
    ).json()) as { qualifications: Array<Record<string, unknown>> };
    expect(held.qualifications).toEqual([
      {
        qualification: 'laser',
        name: 'Découpe laser',
        grantedAt: '2026-12-01T07:00:00.000Z',
        expiresAt: '2028-12-01T07:00:00.000Z',
        valid: true,
      },
    ]);
    const booked = await call('POST', '/api/reservations', {
      member: 'lucas-petit',
      machine: 'laser-co2',
      start: '2026-12-02T10:00:00+01:00',
      end: '2026-12-02T11:00:00+01:00',
    });
    expect(booked.status).toBe(201);
    expect(
      (await call('DELETE', '/api/members/lucas-petit/qualifications/laser', undefined, manager))
        .status,
    ).toBe(204);
    expect(
      (await call('DELETE', '/api/members/lucas-petit/qualifications/laser', undefined, manager))
        .status,
    ).toBe(404);
    expect(
      (await call('PUT', '/api/members/lucas-petit/qualifications/welding', undefined, manager))
        .status,
    ).toBe(404);
  });

  it('validates a SIRET’s check digit', async () => {
    const { call } = await testApp();
    expect(
      (
        await call(
          'PUT',
          '/api/organisations/acme',
          { name: 'ACME', kind: 'business', siret: '732 829 320 00074' },
          manager,
        )
      ).status,
    ).toBe(200);
    const bad = await call(
      'PUT',
      '/api/organisations/acme',
      { name: 'ACME', kind: 'business', siret: '73282932000075' },
      manager,
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain(
      'siret: un SIRET a 14 chiffres et une clé de contrôle valide',
    );
  });

  it('puts a machine in maintenance: availability empties and bookings are refused with the reason', async () => {
    const { call } = await testApp();
    const current = (await (await call('GET', '/api/machines/laser-co2/sharing')).json()) as {
      machine: Record<string, unknown>;
    };
    const { id: _id, ...settings } = current.machine;
    const free = (await (
      await call(
        'GET',
        '/api/machines/laser-co2/availability?from=2026-12-02T00:00:00%2B01:00&to=2026-12-03T00:00:00%2B01:00',
      )
    ).json()) as { free: unknown[] };
    expect(free.free).toEqual([
      { start: '2026-12-02T08:00:00.000Z', end: '2026-12-02T18:00:00.000Z' },
    ]);
    expect(
      (
        await call(
          'PUT',
          '/api/machines/laser-co2/sharing',
          { ...settings, status: 'maintenance' },
          manager,
        )
      ).status,
    ).toBe(200);
    const none = (await (
      await call(
        'GET',
        '/api/machines/laser-co2/availability?from=2026-12-02T00:00:00%2B01:00&to=2026-12-03T00:00:00%2B01:00',
      )
    ).json()) as { free: unknown[]; status: string };
    expect(none).toMatchObject({ free: [], status: 'maintenance' });
    const refused = await call('POST', '/api/reservations', {
      member: 'camille-roux',
      machine: 'laser-co2',
      start: '2026-12-02T10:00:00+01:00',
      end: '2026-12-02T11:00:00+01:00',
    });
    expect(await refused.json()).toMatchObject({ reasons: [{ code: 'machine_in_maintenance' }] });
    expect(
      (
        await call(
          'GET',
          '/api/machines/nope/availability?from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z',
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          'GET',
          '/api/machines/laser-co2/availability?from=2026-12-02T00:00:00Z&to=2027-12-03T00:00:00Z',
        )
      ).status,
    ).toBe(400);
  });
});
