/**
 * The caches behind `store_versions` are exact whoever writes: each test warms a cache, changes
 * the table under it — through the app, and straight in SQL as another writer would (a script, a
 * second process, the seed) — and the very next read sees the change. The triggers of migration
 * 012 bump the counters; without them these tests fail.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';

const camille = AS.artisan('camille-roux');
const slot = (day: number) => ({
  start: Date.parse(`2026-12-0${day}T09:00:00Z`),
  end: Date.parse(`2026-12-0${day}T10:00:00Z`),
});

describe('API tokens, cached', () => {
  it('a token revoked through the API is refused on the next request', async () => {
    const { call } = await testApp();
    const made = (await (
      await call('POST', '/api/auth/tokens', { name: 'script', scopes: ['read'] }, camille)
    ).json()) as { id: string; token: string };
    const script = { authorization: `Bearer ${made.token}` };
    expect((await call('GET', '/api/auth/me', undefined, script)).status).toBe(200);
    expect((await call('GET', '/api/auth/me', undefined, script)).status).toBe(200);
    expect((await call('DELETE', `/api/auth/tokens/${made.id}`, undefined, camille)).status).toBe(
      204,
    );
    expect((await call('GET', '/api/auth/me', undefined, script)).status).toBe(401);
  });

  it('a token revoked in SQL by another writer is refused on the next request', async () => {
    const { call, db } = await testApp();
    expect((await call('GET', '/api/auth/me', undefined, camille)).status).toBe(200);
    await sql`update api_tokens set revoked_at = 1 where id = 'test-camille-roux'`.execute(db);
    expect((await call('GET', '/api/auth/me', undefined, camille)).status).toBe(401);
  });

  it('an account disabled in SQL loses its token at once', async () => {
    const { call, db } = await testApp();
    expect((await call('GET', '/api/auth/me', undefined, camille)).status).toBe(200);
    await sql`update accounts set disabled_at = 1 where email = 'camille-roux@test.fr'`.execute(db);
    expect((await call('GET', '/api/auth/me', undefined, camille)).status).toBe(401);
  });
});

describe('booking reads, cached', () => {
  it('an erased member is gone from the booking’s cached reads, and their token with them', async () => {
    const { call, deps } = await testApp();
    const { booking } = deps.services;
    // The booking caches camille, her plan, her trainings and the laser.
    const first = await booking.book({
      member: 'camille-roux',
      machine: 'laser-co2',
      ...slot(2),
      by: 'test',
    });
    expect(first.ok).toBe(true);
    expect((await call('GET', '/api/auth/me', undefined, camille)).status).toBe(200);
    const erased = await call(
      'POST',
      '/api/members/camille-roux/erasure',
      { confirm: 'camille-roux' },
      AS.manager,
    );
    expect(erased.status).toBe(200);
    const again = await booking.book({
      member: 'camille-roux',
      machine: 'laser-co2',
      ...slot(3),
      by: 'test',
    });
    expect(again).toEqual({
      ok: false,
      refusals: [{ code: 'member_unknown', member: 'camille-roux' }],
    });
    expect((await call('GET', '/api/auth/me', undefined, camille)).status).toBe(401);
  });

  it('a training revoked in SQL is missing from the very next booking', async () => {
    const { deps, db } = await testApp();
    const { booking } = deps.services;
    const req = { member: 'nadia-benali', machine: 'laser-co2', by: 'test' };
    expect((await booking.book({ ...req, ...slot(2) })).ok).toBe(true);
    await sql`delete from qualification_grants where member_id = 'nadia-benali'`.execute(db);
    const again = await booking.book({ ...req, ...slot(3) });
    expect(again.ok ? [] : again.refusals.map((r) => r.code)).toEqual(['no_qualification']);
  });
});
