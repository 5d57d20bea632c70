import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AS, TEST_NOW } from '../../testing/test-app.js';
import { message, MEMBER, NETWORK, networkApp } from '../../testing/network-fixture.js';

describe('networks of sites: wrong input says what is wrong', async () => {
  const t = await networkApp();
  await t.register();

  it('refuses a key that is not an Ed25519 public key in PEM, naming the field', async () => {
    const res = await t.register(
      '-----BEGIN PUBLIC KEY-----\nnot a key at all, really not\n-----END PUBLIC KEY-----',
    );
    expect(res.status).toBe(400);
    expect(await message(res)).toBe(
      'publicKey: ce n’est pas une clé publique PEM (-----BEGIN PUBLIC KEY-----)',
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(await message(await t.register(rsa))).toBe(
      'publicKey: il faut une clé Ed25519, celle-ci est rsa',
    );
  });

  it('refuses a network that is no site of this instance', async () => {
    const res = await t.call(
      'PUT',
      `/api/network/members/${MEMBER}`,
      { network: 'nulle-part', name: 'x', publicKey: t.publicKey },
      AS.admin,
    );
    expect(res.status).toBe(400);
    expect(await message(res)).toBe('network: aucun site « nulle-part » sur cette instance');
  });

  it('refuses a manager’s view, even signed: the network takes funder views only', async () => {
    const res = await t.deliver(await t.aggregate({ audience: 'manager' }));
    expect(res.status).toBe(400);
    expect(await message(res)).toMatch(/^aggregate\.report: /);
  });

  it('refuses an aggregate issued in the future', async () => {
    const res = await t.deliver(await t.aggregate({ issuedAt: TEST_NOW + 3_600_000 }));
    expect(res.status).toBe(400);
    expect(await message(res)).toBe('aggregate.issuedAt: in the future, check the site’s clock');
  });

  it('names a wrong period and says when no member has sent one', async () => {
    const bad = await t.call(
      'GET',
      `/api/network/report?network=${NETWORK}&period=novembre`,
      undefined,
      AS.funder,
    );
    expect(bad.status).toBe(400);
    const none = await t.call(
      'GET',
      `/api/network/report?network=${NETWORK}&period=2026-10`,
      undefined,
      AS.funder,
    );
    expect(none.status).toBe(404);
    expect(await message(none)).toBe(
      'aucun membre du réseau « atelier-demo » n’a encore envoyé son agrégat pour 2026-10',
    );
  });
});
