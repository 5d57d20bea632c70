import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const ORIGIN = 'http://localhost';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

async function invited(t: Awaited<ReturnType<typeof testApp>>, email = 'ines@example.fr') {
  const res = await t.call(
    'POST',
    '/api/auth/invitations',
    { email, name: 'Inès Moreau', role: 'artisan', member: 'nadia-benali' },
    AS.manager,
  );
  expect(res.status).toBe(201);
  const { link } = (await res.json()) as { link: string };
  return link.split('#')[1]!;
}

const PASSWORD = 'la scie sauteuse chante';
type App = Awaited<ReturnType<typeof testApp>>;

/** Ines's account, made from her invitation with PASSWORD: the answer (201, her first session). */
async function ines(t: App) {
  return t.call(
    'POST',
    '/api/auth/invitations/accept',
    { token: await invited(t), password: PASSWORD },
    AS.nobody,
  );
}

/** POST /api/auth/login as an unknown browser. */
const login = (t: App, password = PASSWORD, email = 'ines@example.fr') =>
  t.call('POST', '/api/auth/login', { email, password }, AS.nobody);

/** A browser's headers: its session cookie, no test identity, no origin. */
const session = (cookie: string) => ({ cookie, 'x-test-nobody': '1' });
/** The same from a page of `origin` (ours unless told), as a browser's write says. */
const fromPage = (cookie: string, origin = ORIGIN) => ({ ...session(cookie), origin });

describe('accounts and sessions', () => {
  it('turns an invitation into an account with a strong password, once', async () => {
    const t = await testApp();
    const token = await invited(t);
    const weak = await t.call(
      'POST',
      '/api/auth/invitations/accept',
      { token, password: 'azertyuiop' },
      AS.nobody,
    );
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { message: string }).message).toBe(
      'password: au moins 12 caractères; un mot de passe trop courant',
    );
    const ok = await t.call(
      'POST',
      '/api/auth/invitations/accept',
      { token, password: PASSWORD },
      AS.nobody,
    );
    expect(ok.status).toBe(201);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^mf_session=mfs_[\w-]{43}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(
      (
        await t.call(
          'POST',
          '/api/auth/invitations/accept',
          { token, password: PASSWORD },
          AS.nobody,
        )
      ).status,
    ).toBe(400);
    const me = await t.call('GET', '/api/auth/me', undefined, session(cookieOf(ok)));
    expect(await me.json()).toMatchObject({
      account: { email: 'ines@example.fr', role: 'artisan', member: 'nadia-benali' },
      via: 'session',
    });
  });

  it('logs in, refuses a wrong password the same way as an unknown email, and backs off after 5 failures', async () => {
    const t = await testApp();
    await ines(t);
    const wrong = await login(t, 'pas le bon mot');
    const unknown = await login(t, 'pas le bon mot', 'personne@example.fr');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toMatchObject({ message: 'Adresse ou mot de passe incorrect.' });
    for (let i = 0; i < 5; i++) await login(t, 'pas le bon mot');
    const blocked = await login(t);
    expect(blocked.status).toBe(429);
    const other = await t.callFrom(
      '198.51.100.9',
      'POST',
      '/api/auth/login',
      { email: 'ines@example.fr', password: PASSWORD },
      AS.nobody,
    );
    expect(other.status).toBe(200);
  });

  it('refuses a cookie-borne write from another site, and accepts it from ours', async () => {
    const t = await testApp();
    const cookie = cookieOf(await ines(t));
    const body = {
      member: 'nadia-benali',
      machine: 'laser-co2',
      start: '2026-12-02T10:00:00+01:00',
      end: '2026-12-02T11:00:00+01:00',
    };
    const forged = await t.call(
      'POST',
      '/api/reservations',
      body,
      fromPage(cookie, 'https://evil.example'),
    );
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { message: string }).message).toContain(
      'requête d’un autre site refusée',
    );
    const none = await t.call('POST', '/api/reservations', body, session(cookie));
    expect(none.status).toBe(403);
    const ours = await t.call('POST', '/api/reservations', body, fromPage(cookie));
    expect(ours.status).toBe(201);
  });

  it('logs out here and everywhere', async () => {
    const t = await testApp();
    await ines(t);
    const a = cookieOf(await login(t));
    const b = cookieOf(await login(t));
    const me = (cookie: string) => t.call('GET', '/api/auth/me', undefined, session(cookie));
    expect((await me(a)).status).toBe(200);
    await t.call('POST', '/api/auth/logout', undefined, fromPage(a));
    expect((await me(a)).status).toBe(401);
    expect((await me(b)).status).toBe(200);
    const c = cookieOf(await login(t));
    await t.call('POST', '/api/auth/logout-everywhere', undefined, fromPage(c));
    expect([(await me(b)).status, (await me(c)).status]).toEqual([401, 401]);
  });

  it('resets a password by a one-time link, voiding the old sessions; says nothing about unknown emails', async () => {
    const t = await testApp();
    await ines(t);
    const old = cookieOf(await login(t));
    const reset = (email: string) =>
      t.call('POST', '/api/auth/password-resets', { email }, AS.nobody);
    expect((await reset('personne@example.fr')).status).toBe(202);
    expect((await reset('ines@example.fr')).status).toBe(202);
    expect(t.mail.map((m) => m.to)).toEqual(['ines@example.fr']);
    const token = t.mail[0]!.link.split('#')[1]!;
    const complete = (password: string) =>
      t.call('POST', '/api/auth/password-resets/complete', { token, password }, AS.nobody);
    expect((await complete('le rabot glisse sur le chêne')).status).toBe(200);
    expect((await complete('encore un autre essai')).status).toBe(400);
    expect((await t.call('GET', '/api/auth/me', undefined, session(old))).status).toBe(401);
    expect((await login(t, 'le rabot glisse sur le chêne')).status).toBe(200);
  });

  it('makes API tokens shown once, read-only unless asked, and revocable', async () => {
    const t = await testApp();
    const made = (await (
      await t.call(
        'POST',
        '/api/auth/tokens',
        { name: 'export compta', scopes: ['read'] },
        AS.manager,
      )
    ).json()) as { id: string; token: string };
    expect(made.token).toMatch(/^mft_/);
    const bearer = { authorization: `Bearer ${made.token}` };
    expect((await t.call('GET', '/api/members', undefined, bearer)).status).toBe(200);
    const write = await t.call(
      'PUT',
      '/api/plans/x',
      { name: 'X', priorityClass: 1, bookAheadDays: 7 },
      bearer,
    );
    expect([write.status, ((await write.json()) as { message: string }).message]).toEqual([
      403,
      'ce jeton d’API est en lecture seule',
    ]);
    const listed = (await (
      await t.call('GET', '/api/auth/tokens', undefined, AS.manager)
    ).json()) as { tokens: Array<Record<string, unknown>> };
    expect(JSON.stringify(listed)).not.toContain(made.token);
    expect(
      (await t.call('DELETE', `/api/auth/tokens/${made.id}`, undefined, AS.manager)).status,
    ).toBe(204);
    expect((await t.call('GET', '/api/members', undefined, bearer)).status).toBe(401);
  });

  it('lets only an admin make managers, and keeps an audit of who changed what', async () => {
    const t = await testApp();
    const res = await t.call(
      'POST',
      '/api/auth/invitations',
      { email: 'chef@example.fr', name: 'Chef', role: 'manager', site: 'atelier-demo' },
      AS.manager,
    );
    expect(res.status).toBe(403);
    expect(
      (
        await t.call(
          'POST',
          '/api/auth/invitations',
          { email: 'chef@example.fr', name: 'Chef', role: 'manager', site: 'atelier-demo' },
          AS.admin,
        )
      ).status,
    ).toBe(201);
    await t.call('PUT', '/api/members/lucas-petit/qualifications/laser', undefined, AS.manager);
    const log = (await (
      await t.call('GET', '/api/audit?target=member:lucas-petit', undefined, AS.manager)
    ).json()) as { entries: Array<Record<string, unknown>> };
    expect(log.entries).toEqual([
      expect.objectContaining({
        role: 'manager',
        action: 'qualification.grant',
        target: 'member:lucas-petit',
        detail: { qualification: 'laser' },
      }),
    ]);
  });
});
