/**
 * Accounts and inputs, as an attacker tries them: forged client addresses, parallel guesses, a
 * lock-out of the owner, links built from the Host header, malformed Origins, tokens outliving a
 * reset, claiming someone else's use, formulas in CSV exports, control characters in names,
 * /metrics and the anonymous live feed.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

type T = Awaited<ReturnType<typeof testApp>>;
const PASSWORD = 'la scie sauteuse chante';
const login = (t: T, from: string, password: string, headers: Record<string, string> = {}) =>
  t.callFrom(
    from,
    'POST',
    '/api/auth/login',
    { email: 'ines@example.fr', password },
    { ...AS.nobody, ...headers },
  );

async function withAccount() {
  const t = await testApp();
  const res = await t.call('POST', '/api/auth/invitations', {
    email: 'ines@example.fr',
    name: 'Inès',
    role: 'artisan',
    member: 'nadia-benali',
  });
  const token = ((await res.json()) as { link: string }).link.split('#')[1]!;
  const accepted = await t.call(
    'POST',
    '/api/auth/invitations/accept',
    { token, password: PASSWORD },
    AS.nobody,
  );
  expect(accepted.status).toBe(201);
  return t;
}

describe('login back-off', () => {
  it('is keyed on the socket address: a forged X-Forwarded-For does not reset it', async () => {
    const t = await withAccount();
    for (let i = 0; i < 5; i++)
      await login(t, '203.0.113.7', 'faux', { 'x-forwarded-for': `10.0.0.${i}` });
    const next = await login(t, '203.0.113.7', 'faux', { 'x-forwarded-for': '10.9.9.9' });
    expect(next.status).toBe(429);
  });

  it('believes X-Forwarded-For from a trusted proxy only', async () => {
    const t = await withAccount();
    Object.assign(t.deps, { trustedProxies: ['127.0.0.1'] });
    for (let i = 0; i < 5; i++)
      await login(t, '127.0.0.1', 'faux', { 'x-forwarded-for': '203.0.113.7' });
    expect((await login(t, '127.0.0.1', 'faux', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(
      429,
    );
    expect(
      (await login(t, '127.0.0.1', PASSWORD, { 'x-forwarded-for': '198.51.100.2' })).status,
    ).toBe(200);
  });

  it('holds under parallel attempts: they are counted before the password is checked', async () => {
    const t = await withAccount();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => login(t, '203.0.113.8', 'faux')),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
  });

  it('does not lock the owner out: failures from elsewhere leave a fresh address its correct password', async () => {
    const t = await withAccount();
    for (let i = 0; i < 40; i++) await login(t, `203.0.113.${i}`, 'faux');
    // Under attack, an address that failed once gets no second guess…
    expect((await login(t, '203.0.113.1', PASSWORD)).status).toBe(429);
    // …but the owner from their own address logs in.
    expect((await login(t, '198.51.100.50', PASSWORD)).status).toBe(200);
  });
});

describe('links and origins', () => {
  it('builds invitation, reset and calendar links from PUBLIC_URL, never the Host header', async () => {
    const t = await withAccount();
    const evil = { host: 'evil.example' };
    const inv = await t.call(
      'POST',
      'http://evil.example/api/auth/invitations',
      {
        email: 'x@example.fr',
        name: 'X',
        role: 'artisan',
        member: 'lucas-petit',
      },
      evil,
    );
    expect(((await inv.json()) as { link: string }).link).toMatch(
      /^https:\/\/manufacto\.example\.fr\/invitation#/,
    );
    await t.call(
      'POST',
      'http://evil.example/api/auth/password-resets',
      { email: 'ines@example.fr' },
      { ...AS.nobody, ...evil },
    );
    expect(t.mail.at(-1)?.link).toMatch(/^https:\/\/manufacto\.example\.fr\/mot-de-passe#/);
    const cal = await t.call(
      'GET',
      'http://evil.example/api/calendar/members/camille-roux/url',
      undefined,
      evil,
    );
    expect(((await cal.json()) as { url: string }).url).toMatch(
      /^https:\/\/manufacto\.example\.fr\/api\/calendar\//,
    );
  });

  it('answers a malformed Origin on a cookie write with 403, and compares the scheme', async () => {
    const t = await withAccount();
    const res = await login(t, '198.51.100.3', PASSWORD);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const write = (origin: string) =>
      t.call('POST', '/api/auth/logout-everywhere', undefined, { ...AS.nobody, cookie, origin });
    expect((await write('not a url')).status).toBe(403);
    expect((await write('https://localhost')).status).toBe(403);
    expect((await write('null')).status).toBe(403);
    expect((await write('https://manufacto.example.fr')).status).toBe(200);
  });

  it('a password reset also revokes the account’s API tokens', async () => {
    const t = await withAccount();
    const s = await login(t, '198.51.100.4', PASSWORD);
    const cookie = s.headers.get('set-cookie')!.split(';')[0]!;
    const made = await t.call(
      'POST',
      '/api/auth/tokens',
      { name: 'script', scopes: ['read'] },
      {
        ...AS.nobody,
        cookie,
        origin: 'http://localhost',
      },
    );
    const { token } = (await made.json()) as { token: string };
    expect(
      (await t.call('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(200);
    await t.call('POST', '/api/auth/password-resets', { email: 'ines@example.fr' }, AS.nobody);
    const reset = t.mail.at(-1)!.link.split('#')[1]!;
    const done = await t.call(
      'POST',
      '/api/auth/password-resets/complete',
      {
        token: reset,
        password: 'un tout autre mot de passe long',
      },
      AS.nobody,
    );
    expect(done.status).toBe(200);
    expect(
      (await t.call('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(401);
  });
});

describe('inputs', () => {
  const session = (id: string, member: string | null) => ({
    id,
    site: 'atelier-demo',
    machine: 'laser-co2',
    gateway: 'gw-demo',
    name: null,
    startedAt: Date.parse('2026-11-30T09:00:00Z'),
    endedAt: Date.parse('2026-11-30T10:00:00Z'),
    outcome: 'completed' as const,
    reason: null,
    wallSeconds: 3600,
    activeSeconds: 3600,
    beamSeconds: null,
    spindleSeconds: null,
    energyWh: null,
    member,
  });

  it('an artisan claims only an unattached walk-in, never someone else’s session', async () => {
    const t = await testApp();
    await t.deps.services.usage.record(session('job-nadia', null));
    await t.deps.services.usage.attach('job-nadia', 'nadia-benali', null);
    await t.deps.services.usage.record(session('job-free', null));
    const camille = AS.artisan('camille-roux');
    const theft = await t.call(
      'PUT',
      '/api/usage-sessions/job-nadia/member',
      { member: 'camille-roux' },
      camille,
    );
    expect(theft.status).toBe(404);
    expect((await t.deps.services.usage.get('job-nadia'))?.member_id).toBe('nadia-benali');
    const claim = await t.call(
      'PUT',
      '/api/usage-sessions/job-free/member',
      { member: 'camille-roux' },
      camille,
    );
    expect(claim.status).toBe(200);
  });

  it('neutralises formulas in CSV exports, job ids from gateways included', async () => {
    const t = await testApp();
    await t.call('PUT', '/api/members/lucas-petit', {
      name: '=HYPERLINK("http://evil.example","clic")',
      email: 'lucas@example.fr',
      plan: 'resident',
    });
    await t.deps.services.usage.record(session('=cmd|calc', null));
    await t.deps.services.usage.attach('=cmd|calc', 'lucas-petit', null);
    const csv = await (
      await t.call(
        'GET',
        '/api/accounting/lines?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z&format=csv',
      )
    ).text();
    const cells = csv.split(/[;\r\n]/);
    expect(cells.filter((c) => /^"?[=+@-]/.test(c))).toEqual([]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
    expect(csv).toContain(`'=cmd|calc`);
  });

  it('strips control characters (NUL, bidi overrides) from names at input', async () => {
    const t = await testApp();
    const res = await t.call('PUT', '/api/members/lucas-petit', {
      name: 'Lu\u0000cas \u202eetiP\u202c',
      email: 'lucas@example.fr',
      plan: 'resident',
    });
    expect(res.status).toBe(200);
    expect((await t.deps.services.members.get('lucas-petit'))?.name).toBe('Lucas etiP');
  });

  it('closes /metrics with a token, or to loopback only', async () => {
    const t = await testApp();
    Object.assign(t.deps, { metricsAccess: { token: 'a-long-metrics-token', from: 'anywhere' } });
    expect((await t.call('GET', '/metrics', undefined, AS.nobody)).status).toBe(404);
    expect(
      (await t.call('GET', '/metrics', undefined, { authorization: 'Bearer a-long-metrics-token' }))
        .status,
    ).toBe(200);
    Object.assign(t.deps, { metricsAccess: { from: 'loopback' } });
    expect((await t.callFrom('203.0.113.9', 'GET', '/metrics', undefined, AS.nobody)).status).toBe(
      404,
    );
    expect((await t.callFrom('127.0.0.1', 'GET', '/metrics', undefined, AS.nobody)).status).toBe(
      200,
    );
  });

  it('caps the anonymous live feeds per address', async () => {
    const t = await testApp();
    Object.assign(t.deps, { liveMaxPerAddress: 2 });
    const open = () => t.callFrom('203.0.113.20', 'GET', '/api/live', undefined, AS.nobody);
    const a = await open();
    const b = await open();
    expect([a.status, b.status]).toEqual([200, 200]);
    const c = await open();
    expect(c.status).toBe(429);
    expect(
      (await t.callFrom('203.0.113.21', 'GET', '/api/live', undefined, AS.nobody)).status,
    ).toBe(200);
    await a.body?.cancel();
    await b.body?.cancel();
  });

  it('counts the live feeds of each server apart, even in one process', async () => {
    const first = await testApp();
    const second = await testApp();
    Object.assign(first.deps, { liveMaxPerAddress: 1 });
    Object.assign(second.deps, { liveMaxPerAddress: 1 });
    const from = '203.0.113.22';
    const a = await first.callFrom(from, 'GET', '/api/live', undefined, AS.nobody);
    const b = await second.callFrom(from, 'GET', '/api/live', undefined, AS.nobody);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await first.callFrom(from, 'GET', '/api/live', undefined, AS.nobody)).status).toBe(429);
    await a.body?.cancel();
    await b.body?.cancel();
  });
});
