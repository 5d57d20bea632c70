import { describe, expect, it } from 'vitest';
import { usageSessionsRepository } from './usage-sessions.js';
import { AS, TEST_NOW, testApp } from '../testing/test-app.js';
import { accessRepository } from './access.js';
import { personalData } from './personal-data.js';

const at = (local: string) => Date.parse(`${local}:00+01:00`);

async function lucasWithHistory() {
  const t = await testApp();
  const booked = (await (
    await t.call(
      'POST',
      '/api/reservations',
      {
        member: 'lucas-petit',
        machine: 'prusa-mk4-1',
        start: '2026-12-02T10:00:00+01:00',
        end: '2026-12-02T12:00:00+01:00',
      },
      AS.artisan('lucas-petit'),
    )
  ).json()) as { reservation: { id: string } };
  const usage = usageSessionsRepository(t.db);
  await usage.record({
    id: 'print-1',
    site: 'atelier-demo',
    machine: 'prusa-mk4-1',
    gateway: 'gw',
    name: 'boîtier.gcode',
    startedAt: at('2026-12-02T10:05'),
    endedAt: at('2026-12-02T11:50'),
    outcome: 'completed',
    reason: null,
    wallSeconds: 6300,
    activeSeconds: 6000,
    beamSeconds: null,
    spindleSeconds: null,
    energyWh: 120,
  });
  await usage.attach('print-1', 'lucas-petit', booked.reservation.id);
  return { ...t, reservation: booked.reservation.id };
}

const totals = async (t: Awaited<ReturnType<typeof testApp>>) =>
  (
    (await (
      await t.call(
        'GET',
        '/api/accounting/totals?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z&by=organisation',
      )
    ).json()) as { totals: unknown[] }
  ).totals;

describe('personal data (GDPR)', () => {
  it('exports everything about a member to that member, and to no other artisan', async () => {
    const t = await lucasWithHistory();
    const res = await t.call(
      'GET',
      '/api/members/lucas-petit/export',
      undefined,
      AS.artisan('lucas-petit'),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="manufacto-lucas-petit.json"',
    );
    const data = (await res.json()) as Record<string, unknown[] | Record<string, unknown>>;
    expect(data.member).toMatchObject({ id: 'lucas-petit', email: 'l.petit@lycee-jean-moulin.fr' });
    expect((data.reservations as unknown[]).length).toBe(1);
    expect((data.usageSessions as unknown[]).length).toBe(1);
    expect(JSON.stringify(data)).not.toMatch(/password_hash|token_hash|scrypt\$/);
    expect(
      (
        await t.call(
          'GET',
          '/api/members/lucas-petit/export',
          undefined,
          AS.artisan('nadia-benali'),
        )
      ).status,
    ).toBe(404);
  });

  it('exports the after-use checks a manager confirmed about the member’s uses, not others’', async () => {
    const t = await lucasWithHistory();
    const grants = accessRepository(t.db);
    const use = (member: string) =>
      grants.addGrant({
        site: 'atelier-demo',
        machine: 'prusa-mk4-1',
        member,
        reservation: null,
        via: 'gateway',
        gateway: 'gw',
        grantedAt: TEST_NOW - 7_200_000,
        until: TEST_NOW - 3_600_000,
        check: 'Nettoyer le plateau',
      });
    const confirm = async (grant: string, note: string) =>
      grants.confirmCheck({
        grant,
        site: 'atelier-demo',
        machine: 'prusa-mk4-1',
        confirmedBy: 'acc-manager',
        byUser: false,
        confirmedAt: TEST_NOW,
        note,
      });
    await confirm((await use('lucas-petit')).id, 'Laissé sale, nettoyé par l’accueil');
    await confirm((await use('nadia-benali')).id, 'Buse encrassée');
    const data = (await (
      await t.call('GET', '/api/members/lucas-petit/export', undefined, AS.artisan('lucas-petit'))
    ).json()) as { afterUseChecks: Array<{ note: string }> };
    expect(data.afterUseChecks.map((c) => c.note)).toEqual(['Laissé sale, nettoyé par l’accueil']);
  });

  it('erases a member: identity gone, access revoked, usage kept under a pseudonym so the totals do not move', async () => {
    const t = await lucasWithHistory();
    const before = await totals(t);
    const wrong = await t.call(
      'POST',
      '/api/members/lucas-petit/erasure',
      { confirm: 'lucas' },
      AS.artisan('lucas-petit'),
    );
    expect(wrong.status).toBe(400);
    const res = await t.call(
      'POST',
      '/api/members/lucas-petit/erasure',
      { confirm: 'lucas-petit' },
      AS.artisan('lucas-petit'),
    );
    const { pseudonym } = (await res.json()) as { pseudonym: string };
    expect(pseudonym).toMatch(/^anon-[0-9a-f]{12}$/);
    expect((await t.call('GET', '/api/members/lucas-petit')).status).toBe(404);
    expect((await t.call('GET', '/api/auth/me', undefined, AS.artisan('lucas-petit'))).status).toBe(
      401,
    );
    const stored = (await (await t.call('GET', `/api/reservations/${t.reservation}`)).json()) as {
      reservation: { member: string };
    };
    expect(stored.reservation.member).toBe(pseudonym);
    expect(await totals(t)).toEqual(before);
    const everything = JSON.stringify(await personalData(t.db).export(pseudonym));
    expect(everything).not.toMatch(/Lucas|Petit|lycee-jean-moulin\.fr/);
  });

  it('erases members inactive beyond the retention period, and keeps the others', async () => {
    const t = await testApp();
    await t.db
      .updateTable('members')
      .set({ active: 0, updated_at: TEST_NOW - 4 * 365 * 86_400_000 })
      .where('id', '=', 'nadia-benali')
      .execute();
    await t.db
      .updateTable('members')
      .set({ active: 0, updated_at: TEST_NOW - 10 * 86_400_000 })
      .where('id', '=', 'lucas-petit')
      .execute();
    const r = await personalData(t.db, () => TEST_NOW).applyRetention({
      inactiveDays: 1095,
      noticeDays: 365,
    });
    expect(r.erased).toEqual(['nadia-benali']);
    expect((await t.call('GET', '/api/members/lucas-petit')).status).toBe(200);
  });
});
