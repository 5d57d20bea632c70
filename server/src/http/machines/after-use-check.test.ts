/**
 * The after-use check over HTTP: a machine asking for one refuses every start once a use ended,
 * until its person or a manager confirms it; the manager's list shows the ones skipped.
 * 10:00 on a Tuesday in Paris; Lucas used the Prusa from 8:30 to 9:45.
 */
import { describe, expect, it } from 'vitest';
import { accessRepository } from '../../store/access.js';
import { AS, testApp } from '../../testing/test-app.js';

const M = 60_000;
const NOW = Date.parse('2026-12-01T09:00:00Z');

async function workshop(afterUseCheck?: string) {
  const t = await testApp(NOW);
  if (afterUseCheck)
    await t.db
      .updateTable('machines')
      .set({ booking_rules: JSON.stringify({ afterUseCheck }) })
      .where('id', '=', 'prusa-mk4-1')
      .execute();
  const grants = accessRepository(t.db);
  const used = await grants.addGrant({
    site: 'atelier-demo',
    machine: 'prusa-mk4-1',
    member: 'lucas-petit',
    reservation: null,
    via: 'gateway',
    gateway: 'gw-demo',
    grantedAt: NOW - 90 * M,
    until: NOW - 15 * M,
    check: afterUseCheck ?? null,
  });
  const start = async (member: string) => {
    const res = await t.call('POST', '/api/machines/prusa-mk4-1/access', {}, AS.artisan(member));
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const state = async (headers: Record<string, string>) =>
    (await (
      await t.call('GET', '/api/machines/prusa-mk4-1/after-use-check', undefined, headers)
    ).json()) as Answer;
  const confirm = async (headers: Record<string, string>, note?: string) => {
    const res = await t.call(
      'POST',
      '/api/machines/prusa-mk4-1/after-use-check',
      note ? { note } : {},
      headers,
    );
    return { status: res.status, body: (await res.json()) as Answer };
  };
  await t.deps.services.reservations.insert({
    id: 'r-nadia',
    site: 'atelier-demo',
    machine: 'prusa-mk4-1',
    member: 'nadia-benali',
    start: NOW - 5 * M,
    end: NOW + 60 * M,
    blocksUntil: NOW + 60 * M,
    status: 'confirmed',
    createdAt: NOW - 86_400_000,
  });
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, `/api${path}`, body, AS.admin);
    expect(res.status, `${method} ${path}`).toBe(200);
  };
  return { ...t, used, start, state, confirm, admin };
}

/** What these tests read of an answer: refusals, the awaited check, the managers' list. */
interface Answer {
  reasons: unknown[];
  message?: string;
  grant?: string;
  awaiting: { mine?: boolean; member?: unknown; [field: string]: unknown } | null;
  uses: Array<{ check: unknown; [field: string]: unknown }>;
  [field: string]: unknown;
}

describe('after-use check', () => {
  it('holds the machine after a use until its person confirms, then lets the next holder start', async () => {
    const t = await workshop('Nettoyer le plateau');
    const refused = await t.start('nadia-benali');
    expect(refused.status).toBe(422);
    expect(refused.body.reasons).toEqual([
      expect.objectContaining({
        code: 'awaiting_check',
        what: 'Nettoyer le plateau',
        since: '09:45',
      }),
    ]);
    expect(refused.body.message).toContain('attend la vérification après usage depuis 09:45');
    expect(await t.state(AS.artisan('nadia-benali'))).toEqual({
      machine: 'prusa-mk4-1',
      required: 'Nettoyer le plateau',
      awaiting: { since: new Date(NOW - 15 * M).toISOString(), mine: false, member: null },
    });
    expect((await t.state(AS.artisan('lucas-petit'))).awaiting?.mine).toBe(true);
    // Someone else than the person of the use cannot confirm it in their place.
    expect((await t.confirm(AS.artisan('nadia-benali'))).status).toBe(403);
    const done = await t.confirm(AS.artisan('lucas-petit'), 'Plateau nettoyé');
    expect(done).toMatchObject({
      status: 200,
      body: { check: { grant: t.used.id, byUser: true, note: 'Plateau nettoyé' } },
    });
    expect((await t.state(AS.artisan('nadia-benali'))).awaiting).toBeNull();
    expect((await t.confirm(AS.artisan('lucas-petit'))).status).toBe(409);
    expect((await t.start('nadia-benali')).body).toMatchObject({ allowed: true, as: 'holder' });
  });

  it('lets a manager confirm in the person’s place, and lists the check as not theirs', async () => {
    const t = await workshop('Nettoyer le plateau');
    expect((await t.state(AS.manager)).awaiting?.member).toEqual({
      id: 'lucas-petit',
      name: 'Lucas Petit',
    });
    const list = async () =>
      (await (
        await t.call('GET', '/api/sites/atelier-demo/after-use-checks', undefined, AS.manager)
      ).json()) as Answer;
    expect((await list()).uses).toEqual([
      expect.objectContaining({
        grant: t.used.id,
        member: expect.objectContaining({ id: 'lucas-petit' }),
        check: null,
      }),
    ]);
    expect((await list()).awaiting).toEqual([
      {
        machine: 'prusa-mk4-1',
        member: { id: 'lucas-petit', name: 'Lucas Petit' },
        since: new Date(NOW - 15 * M).toISOString(),
      },
    ]);
    expect((await t.confirm(AS.manager, 'Laissé sale, nettoyé par l’accueil')).status).toBe(200);
    expect((await list()).awaiting).toEqual([]);
    expect((await list()).uses[0]?.check).toMatchObject({
      byUser: false,
      note: 'Laissé sale, nettoyé par l’accueil',
    });
    const artisan = await t.call(
      'GET',
      '/api/sites/atelier-demo/after-use-checks',
      undefined,
      AS.artisan('lucas-petit'),
    );
    expect(artisan.status).toBe(403);
  });

  it('turning the rule on does not hold the machine over a use given before it, only later ones', async () => {
    const t = await workshop();
    await t.db
      .updateTable('machines')
      .set({ booking_rules: JSON.stringify({ afterUseCheck: 'Nettoyer le plateau' }) })
      .where('id', '=', 'prusa-mk4-1')
      .execute();
    // Lucas's use ended before anybody was asked to check: Nadia starts her slot.
    expect((await t.state(AS.artisan('nadia-benali'))).awaiting).toBeNull();
    const started = await t.start('nadia-benali');
    expect(started.body).toMatchObject({ allowed: true, as: 'holder' });
    const list = (await (
      await t.call('GET', '/api/sites/atelier-demo/after-use-checks', undefined, AS.manager)
    ).json()) as Answer;
    expect(list.uses).toEqual([]);
    // Her grant, given under the rule, is awaited once it ends.
    const released = await t.call(
      'POST',
      '/api/machines/prusa-mk4-1/access/release',
      {},
      AS.artisan('nadia-benali'),
    );
    expect(released.status).toBe(200);
    expect((await t.state(AS.artisan('nadia-benali'))).awaiting).toMatchObject({ mine: true });
  });

  it('asks nothing of a machine whose rules name no check', async () => {
    const t = await workshop();
    expect(await t.state(AS.artisan('nadia-benali'))).toMatchObject({
      required: null,
      awaiting: null,
    });
    expect((await t.start('nadia-benali')).body).toMatchObject({ allowed: true });
    expect((await t.confirm(AS.manager)).status).toBe(409);
  });

  it('“J’ai fini” ends one’s own running grant now, tells the gateway to release it, and the check is awaited', async () => {
    const t = await workshop('Nettoyer le plateau');
    // Lucas's earlier use is checked; Nadia starts her slot from the dashboard.
    expect((await t.confirm(AS.artisan('lucas-petit'))).status).toBe(200);
    await t.admin('PUT', '/gateways/gw-demo', { site: 'atelier-demo', machines: ['prusa-mk4-1'] });
    const started = await t.start('nadia-benali');
    expect(started.body).toMatchObject({
      allowed: true,
      until: new Date(NOW + 60 * M).toISOString(),
    });
    const release = (who: Record<string, string>) =>
      t.call('POST', '/api/machines/prusa-mk4-1/access/release', undefined, who);
    // Someone else's grant is not theirs to end.
    expect((await release(AS.artisan('camille-roux'))).status).toBe(409);
    const res = await release(AS.artisan('nadia-benali'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      released: {
        grant: started.body.grant,
        member: 'nadia-benali',
        at: new Date(NOW).toISOString(),
      },
    });
    expect(JSON.parse(t.published.at(-1)!.payload)).toMatchObject({
      command: 'release',
      until: NOW,
    });
    expect((await t.state(AS.artisan('nadia-benali'))).awaiting).toMatchObject({ mine: true });
    expect((await release(AS.artisan('nadia-benali'))).status).toBe(409);
  });
});

describe('a manager ending someone else’s use', () => {
  it('is recorded in the audit log, with whose use and which machine', async () => {
    const t = await workshop();
    const started = await t.start('nadia-benali');
    expect(started.body).toMatchObject({ allowed: true });
    const ended = await t.call('POST', '/api/machines/prusa-mk4-1/access/release', {}, AS.manager);
    expect(ended.status).toBe(200);
    const log = (await (
      await t.call('GET', `/api/audit?target=grant:${started.body.grant}`, undefined, AS.manager)
    ).json()) as { entries: Array<Record<string, unknown>> };
    expect(log.entries).toEqual([
      expect.objectContaining({
        role: 'manager',
        action: 'access.release',
        target: `grant:${started.body.grant}`,
        detail: { member: 'nadia-benali', machine: 'prusa-mk4-1' },
      }),
    ]);
  });
});

describe('the managers’ list of after-use checks', () => {
  const list = (t: Awaited<ReturnType<typeof workshop>>, query: string, lang = 'fr') =>
    t.call('GET', `/api/sites/atelier-demo/after-use-checks${query}`, undefined, {
      ...AS.manager,
      'accept-language': lang,
    });

  it('refuses a period over 92 days, in words', async () => {
    const t = await workshop('Nettoyer le plateau');
    const to = new Date(NOW).toISOString();
    const res = await list(t, `?from=1970-01-01T00:00:00Z&to=${to}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'from, to : au plus 92 jours d’écart, pas 20789',
    );
    const en = await list(t, `?from=2026-08-30T09:00:00Z&to=${to}`, 'en');
    expect(((await en.json()) as { message: string }).message).toBe(
      'from, to: at most 92 days apart, not 93',
    );
    const quarter = await list(t, `?from=2026-09-01T09:00:00Z&to=${to}`);
    expect(quarter.status).toBe(200);
    expect(((await quarter.json()) as { uses: unknown[] }).uses).toHaveLength(1);
  });

  it('lists more uses than SQLite takes variables in one query, with names and checks', async () => {
    const t = await workshop('Nettoyer le plateau');
    // 33,000 checked uses in the last 30 days: past SQLite's 32,766 variables, which an
    // `IN (…)` of every grant id would need.
    const rows = Array.from({ length: 33_000 }, (_, i) => ({
      id: `g-${i}`,
      site: 'atelier-demo',
      machine_id: 'prusa-mk4-1',
      member_id: i % 2 ? 'nadia-benali' : 'lucas-petit',
      reservation_id: null,
      via: 'gateway',
      gateway_id: 'gw-demo',
      granted_at: NOW - 29 * 86_400_000 + i * 60_000,
      until: NOW - 29 * 86_400_000 + i * 60_000 + 30_000,
      warned_at: null,
      after_use_check: 'Nettoyer le plateau',
    }));
    for (let i = 0; i < rows.length; i += 500)
      await t.db
        .insertInto('access_grants')
        .values(rows.slice(i, i + 500))
        .execute();
    await t.db
      .insertInto('after_use_checks')
      .values({
        grant_id: 'g-1',
        site: 'atelier-demo',
        machine_id: 'prusa-mk4-1',
        confirmed_by: 'acc-manager',
        by_user: 0,
        confirmed_at: NOW - 20 * 86_400_000,
        note: 'Nettoyé par l’accueil',
      })
      .execute();
    const res = await list(t, '');
    expect(res.status).toBe(200);
    const { uses } = (await res.json()) as { uses: Record<string, unknown>[] };
    expect(uses).toHaveLength(33_001);
    expect(uses[1]).toEqual({
      grant: 'g-1',
      machine: 'prusa-mk4-1',
      member: { id: 'nadia-benali', name: 'Nadia Benali' },
      ended: new Date(NOW - 29 * 86_400_000 + 90_000).toISOString(),
      check: {
        confirmedAt: expect.any(String),
        byUser: false,
        by: 'acc-manager',
        note: 'Nettoyé par l’accueil',
      },
    });
    expect(uses[0]).toMatchObject({ member: { name: 'Lucas Petit' }, check: null });
  });
});
