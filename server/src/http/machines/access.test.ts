/**
 * Access at the machine over HTTP: a gateway with a person's code, a member from the dashboard.
 * Happy (holder, walk-in, grant credited), error (reasons in words) and security (other gateway,
 * other site, wrong secret, guessing codes) at 10:00 on a Tuesday in Paris.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../auth/secrets.js';
import { scheduleKeeper } from '../../services/schedule-keeper.js';
import { AS, testApp } from '../../testing/test-app.js';

const M = 60_000;
const NOW = Date.parse('2026-12-01T09:00:00Z');

async function workshop() {
  const t = await testApp(NOW);
  const { reservations } = t.deps.services;
  await reservations.insert({
    id: 'r-nadia',
    site: 'atelier-demo',
    machine: 'prusa-mk4-1',
    member: 'nadia-benali',
    start: NOW - 10 * M,
    end: NOW + 60 * M,
    blocksUntil: NOW + 60 * M,
    status: 'confirmed',
    createdAt: NOW - 86_400_000,
  });
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, `/api${path}`, body, AS.admin);
    expect(res.status, `${method} ${path}`).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const secret = (
    await admin('PUT', '/gateways/gw-demo', {
      site: 'atelier-demo',
      machines: ['prusa-mk4-1', 'laser-co2'],
    })
  ).password as string;
  const nordSecret = (
    await admin('PUT', '/gateways/gw-nord', {
      site: 'fablab-nord',
      machines: ['laser-nord'],
    })
  ).password as string;
  const basic = (user: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });
  const byCode = async (machine: string, code: string, headers = basic('gw-demo', secret)) => {
    const res = await t.call('POST', `/api/machines/${machine}/access/code`, { code }, headers);
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const setCode = async (member: string, code?: string, headers = AS.artisan(member)) => {
    const res = await t.call(
      'PUT',
      `/api/members/${member}/access-code`,
      code ? { code } : {},
      headers,
    );
    return { status: res.status, body: (await res.json()) as Answer };
  };
  return { ...t, admin, secret, nordSecret, basic, byCode, setCode };
}

/** What these tests read of an answer: the code issued, the refusals and their words. */
interface Answer {
  code: string;
  reasons: Array<{ code: string; [field: string]: unknown }>;
  message?: string;
  member?: { id: string };
  [field: string]: unknown;
}

describe('access at the machine (happy)', () => {
  it('lets the slot’s holder in by their code and records who unlocked', async () => {
    const t = await workshop();
    expect((await t.setCode('nadia-benali', '246810')).status).toBe(200);
    const { status, body } = await t.byCode('prusa-mk4-1', '246810');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      allowed: true,
      as: 'holder',
      member: { id: 'nadia-benali', name: 'Nadia Benali' },
      reservation: 'r-nadia',
      until: new Date(NOW + 60 * M).toISOString(),
    });
    const grants = await t.deps.services.access.grantsSince(NOW - 1);
    expect(grants).toMatchObject([
      { machine: 'prusa-mk4-1', member: 'nadia-benali', via: 'gateway', gateway: 'gw-demo' },
    ]);
  });

  it('issues a fresh code once and says only that one is set afterwards', async () => {
    const t = await workshop();
    const issued = await t.setCode('camille-roux');
    expect(issued.body.code).toMatch(/^\d{8}$/);
    const has = await t.call(
      'GET',
      '/api/members/camille-roux/access-code',
      undefined,
      AS.artisan('camille-roux'),
    );
    expect(await has.json()).toEqual({ set: true, setAt: new Date(NOW).toISOString() });
    // Camille is trained on the laser and nobody holds it: a walk-in, warned of nothing.
    const { status, body } = await t.byCode('laser-co2', issued.body.code);
    expect([status, body.as, body.member?.id]).toEqual([200, 'walk_in', 'camille-roux']);
  });

  it('credits the job to who unlocked, not to the holder of the slot it starts in', async () => {
    const t = await workshop();
    const { machines, reservations, usage } = t.deps.services;
    // No buffer on the laser: Camille's walk-in runs up to Nadia's slot at 10:40, and a job
    // started at 10:30 lies in that slot's setting-up grace, where it would be Nadia's.
    await machines.save({ ...(await machines.get('laser-co2'))!, bufferMin: 0 });
    await reservations.insert({
      id: 'r-nadia-laser',
      site: 'atelier-demo',
      machine: 'laser-co2',
      member: 'nadia-benali',
      start: NOW + 40 * M,
      end: NOW + 100 * M,
      blocksUntil: NOW + 100 * M,
      status: 'confirmed',
      createdAt: NOW - 86_400_000,
    });
    const res = await t.call(
      'POST',
      '/api/machines/laser-co2/access',
      { member: 'camille-roux' },
      AS.manager,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      as: 'walk_in',
      until: new Date(NOW + 40 * M).toISOString(),
      next: { start: new Date(NOW + 40 * M).toISOString() },
    });
    await usage.record({
      id: 'job-1',
      site: 'atelier-demo',
      machine: 'laser-co2',
      gateway: 'gw-demo',
      name: 'plaque.svg',
      startedAt: NOW + 30 * M,
      endedAt: NOW + 38 * M,
      outcome: 'completed',
      reason: null,
      wallSeconds: 480,
      activeSeconds: 450,
      beamSeconds: null,
      spindleSeconds: null,
      energyWh: null,
    });
    // Ten minutes before Nadia's slot, the keeper warns Camille, once.
    const warnings = async () =>
      (await t.deps.services.notices.of('camille-roux')).filter((n) =>
        n.text.fr.includes('le créneau suivant commence à 10:40'),
      );
    await scheduleKeeper(t.db, { clock: () => NOW + 25 * M }).runOnce();
    expect(await warnings()).toEqual([]);
    await scheduleKeeper(t.db, { clock: () => NOW + 31 * M }).runOnce();
    await scheduleKeeper(t.db, { clock: () => NOW + 32 * M }).runOnce();
    expect((await warnings()).map((n) => n.text.fr)).toEqual([
      'Découpe laser CO₂ : le créneau suivant commence à 10:40. Terminez et libérez la machine.',
    ]);
    // The keeper judges Nadia's slot once it has begun.
    await scheduleKeeper(t.db, { clock: () => NOW + 50 * M }).runOnce();
    const [session] = await t.db
      .selectFrom('usage_sessions')
      .select(['member_id', 'reservation_id'])
      .where('id', '=', 'job-1')
      .execute();
    expect(session).toEqual({ member_id: 'camille-roux', reservation_id: null });
    // She was told when the next slot begins.
    const notices = await t.deps.services.notices.of('camille-roux');
    expect(notices.map((n) => n.text.fr)).toContain(
      'Découpe laser CO₂ est réservée par quelqu’un d’autre à 10:40 : terminez et libérez-la avant.',
    );
  });
});

describe('access at the machine (refused, in words)', () => {
  it('refuses an unknown code, and someone else’s slot with until when', async () => {
    const t = await workshop();
    expect(await t.byCode('prusa-mk4-1', '999999')).toMatchObject({
      status: 422,
      body: { reasons: [{ code: 'access_code_unknown', message: { fr: 'Code inconnu.' } }] },
    });
    await t.setCode('camille-roux', 'CAM1LL3');
    const other = await t.byCode('prusa-mk4-1', 'cam1ll3');
    expect(other.status).toBe(409);
    expect(other.body.reasons[0]).toMatchObject({
      code: 'not_your_slot',
      message: { fr: 'Quelqu’un d’autre a réservé la machine jusqu’à 11:00.' },
    });
    expect(await t.deps.services.access.grantsSince(0)).toEqual([]);
  });

  it('refuses a member without the training, naming it', async () => {
    const t = await workshop();
    const res = await t.call(
      'POST',
      '/api/machines/laser-co2/access',
      { member: 'lucas-petit' },
      AS.manager,
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { reasons: Array<{ code: string }> };
    expect(body.reasons.map((r) => r.code)).toEqual(['no_qualification']);
  });

  it('refuses a walk-in on a machine whose rules say booking only', async () => {
    const t = await workshop();
    const { machine } = (await t.admin('GET', '/machines/laser-co2/sharing')) as {
      machine: Record<string, unknown> & { rules: object };
    };
    const { id: _id, ...settings } = machine;
    await t.admin('PUT', '/machines/laser-co2/sharing', {
      ...settings,
      rules: { ...machine.rules, walkIns: 'refused' },
    });
    const res = await t.call(
      'POST',
      '/api/machines/laser-co2/access',
      {},
      AS.artisan('camille-roux'),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      reasons: Array<{ code: string; message: { fr: string } }>;
    };
    expect(body.reasons).toMatchObject([
      {
        code: 'walk_ins_refused',
        message: { fr: 'Cette machine s’utilise sur réservation seulement.' },
      },
    ]);
  });

  it('refuses a code taken by another member, and a malformed one in French', async () => {
    const t = await workshop();
    expect((await t.setCode('camille-roux', '135791')).status).toBe(200);
    expect((await t.setCode('nadia-benali', '135791')).status).toBe(409);
    const bad = await t.setCode('nadia-benali', '12');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('6 à 32 lettres ou chiffres');
  });
});

describe('access at the machine (security)', () => {
  it('refuses a gateway of another site, one not serving the machine, and a wrong secret', async () => {
    const t = await workshop();
    await t.setCode('nadia-benali', '246810');
    const nord = await t.byCode('prusa-mk4-1', '246810', t.basic('gw-nord', t.nordSecret));
    expect(nord.status).toBe(403);
    const wrong = await t.byCode('prusa-mk4-1', '246810', t.basic('gw-demo', 'guess'));
    expect(wrong.status).toBe(401);
    const bearer = await t.byCode('prusa-mk4-1', '246810', AS.admin);
    expect(bearer.status).toBe(401);
    expect(await t.deps.services.access.grantsSince(0)).toEqual([]);
  });

  it('refuses a member of another site at this site’s machine, even with a right code', async () => {
    const t = await workshop();
    // Camille is a member of atelier-demo only; fablab-nord's gateway hears her code.
    const { code } = (await t.setCode('camille-roux')).body;
    const nord = await t.byCode('laser-nord', code, t.basic('gw-nord', t.nordSecret));
    expect(nord.status).toBe(422);
    expect(nord.body.reasons).toMatchObject([
      { code: 'not_member_of_site', message: { fr: expect.stringContaining('pas membre') } },
    ]);
    expect(JSON.stringify(nord.body)).not.toContain('Camille');
    expect(await t.deps.services.access.grantsSince(0)).toEqual([]);
  });

  it('backs off a gateway after wrong codes, before a right one is even looked at', async () => {
    const t = await workshop();
    await t.setCode('nadia-benali', '246810');
    for (let i = 0; i < 5; i++)
      expect((await t.byCode('prusa-mk4-1', `00000${i}`)).status).toBe(422);
    expect((await t.byCode('prusa-mk4-1', '246810')).status).toBe(429);
  });

  it('does not forget wrong codes when a member types their own right one', async () => {
    const t = await workshop();
    await t.setCode('nadia-benali', '246810');
    for (let i = 0; i < 4; i++)
      expect((await t.byCode('prusa-mk4-1', `00000${i}`)).status).toBe(422);
    expect((await t.byCode('prusa-mk4-1', '246810')).status).toBe(200);
    expect((await t.byCode('prusa-mk4-1', '000009')).status).toBe(422);
    // The fifth wrong code counts even with a right one between: the next code waits.
    expect((await t.byCode('prusa-mk4-1', '246810')).status).toBe(429);
  });

  it('refuses an artisan’s walk-in from the dashboard: a free machine is started at it', async () => {
    const t = await workshop();
    const res = await t.call(
      'POST',
      '/api/machines/laser-co2/access',
      {},
      AS.artisan('camille-roux'),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { reasons: Array<{ code: string }> }).reasons).toMatchObject([
      { code: 'walk_in_at_machine_only' },
    ]);
    expect(await t.deps.services.access.grantsSince(0)).toEqual([]);
    // Her own slot she starts from the dashboard.
    const own = await t.call(
      'POST',
      '/api/machines/prusa-mk4-1/access',
      {},
      AS.artisan('nadia-benali'),
    );
    expect([own.status, ((await own.json()) as { as: string }).as]).toEqual([200, 'holder']);
  });

  it('lets an account hear “taken” a few times only: choosing codes finds no one else’s', async () => {
    const t = await workshop();
    expect((await t.setCode('camille-roux', '135791')).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await t.setCode('nadia-benali', '135791')).status).toBe(409);
    // Even a free code waits now; an issued one is still given.
    const guess = await t.setCode('nadia-benali', '864200');
    expect(guess.status).toBe(429);
    expect(JSON.stringify(guess.body)).toContain('Trop de codes déjà pris');
    expect((await t.setCode('nadia-benali')).body.code).toMatch(/^\d{8}$/);
    // Another account is not held back by Nadia's.
    expect((await t.setCode('lucas-petit', '864200')).status).toBe(200);
  });

  it('keeps codes keyed under the server’s secret; an unkeyed hash of before opens nothing', async () => {
    const t = await workshop();
    await t.setCode('nadia-benali', '246810');
    const [row] = await t.db.selectFrom('access_codes').select('code_hash').execute();
    expect(row!.code_hash.startsWith('h1:')).toBe(true);
    expect(row!.code_hash).not.toContain(sha256('access-code:246810'));
    // A code stored before the key (plain SHA-256) is neither looked up nor reported as set.
    await t.db
      .updateTable('access_codes')
      .set({ code_hash: sha256('access-code:246810') })
      .execute();
    expect((await t.byCode('prusa-mk4-1', '246810')).body.reasons[0]?.code).toBe(
      'access_code_unknown',
    );
    const has = await t.call(
      'GET',
      '/api/members/nadia-benali/access-code',
      undefined,
      AS.artisan('nadia-benali'),
    );
    expect(await has.json()).toEqual({ set: false, setAt: null });
  });

  it('keeps members to themselves: an artisan neither starts for nor reads another’s code', async () => {
    const t = await workshop();
    const res = await t.call(
      'POST',
      '/api/machines/laser-co2/access',
      { member: 'nadia-benali' },
      AS.artisan('camille-roux'),
    );
    expect(res.status).toBe(403);
    const read = await t.call(
      'GET',
      '/api/members/nadia-benali/access-code',
      undefined,
      AS.artisan('camille-roux'),
    );
    expect(read.status).toBe(404);
    const other = await t.call(
      'POST',
      '/api/machines/laser-nord/access',
      {},
      AS.artisan('camille-roux'),
    );
    expect(other.status).toBe(404);
  });
});
