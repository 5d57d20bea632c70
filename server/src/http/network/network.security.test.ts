import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AS, TEST_NOW } from '../../testing/test-app.js';
import { message, MEMBER, NETWORK, networkApp } from '../../testing/network-fixture.js';

describe('networks of sites: who may do what', async () => {
  const t = await networkApp();

  it('lets only the network site’s manager register its members', async () => {
    expect((await t.register(undefined, AS.artisan('camille-roux'))).status).toBe(403);
    expect((await t.register(undefined, AS.funder)).status).toBe(403);
    expect((await t.register(undefined, AS.managerNord)).status).toBe(403);
    expect((await t.register()).status).toBe(200);
  });

  it('refuses an aggregate signed with another key, and one altered after signing', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const forged = await t.deliver(await t.aggregate({ key: stranger }));
    expect(forged.status).toBe(401);
    expect(await message(forged)).toBe(
      `the signature does not match the aggregate and the key registered for site "${MEMBER}": altered or not signed by it`,
    );
    const signed = await t.aggregate();
    const altered = { ...signed, aggregate: { ...signed.aggregate, period: '2026-10' } };
    expect((await t.deliver(altered)).status).toBe(401);
    expect((await t.deliver({ aggregate: signed.aggregate })).status).toBe(400);
  });

  it('refuses an older aggregate once a newer one is held (a replay)', async () => {
    const older = await t.aggregate({ issuedAt: TEST_NOW - 60_000 });
    expect((await t.deliver(await t.aggregate())).status).toBe(201);
    const replay = await t.deliver(older);
    expect(replay.status).toBe(409);
    expect(await message(replay)).toMatch(
      /^replay refused: an aggregate of site "fablab-nord" for 2026-11 issued at /,
    );
  });

  it('serves the network report to the network site’s funders and managers, not to others', async () => {
    const path = `/api/network/report?network=${NETWORK}&period=2026-11`;
    expect((await t.call('GET', path, undefined, AS.funder)).status).toBe(200);
    expect((await t.call('GET', path, undefined, AS.manager)).status).toBe(200);
    expect((await t.call('GET', path, undefined, AS.managerNord)).status).toBe(403);
    expect((await t.call('GET', path, undefined, AS.artisan('camille-roux'))).status).toBe(403);
    expect((await t.call('GET', path, undefined, AS.nobody)).status).toBe(401);
  });

  it('answers another network’s member as one that does not exist (no membership oracle)', async () => {
    const remove = (site: string) =>
      t.call('DELETE', `/api/network/members/${site}`, undefined, AS.managerNord);
    const theirs = await remove(MEMBER);
    const none = await remove('nowhere');
    expect(theirs.status).toBe(404);
    expect(none.status).toBe(404);
    expect(await message(theirs)).toBe(`aucun site membre « ${MEMBER} »`);
    expect(await message(none)).toBe('aucun site membre « nowhere »');
    const members = await t.call(
      'GET',
      `/api/network/members?network=${NETWORK}`,
      undefined,
      AS.manager,
    );
    expect(((await members.json()) as { members: { site: string }[] }).members).toEqual([
      expect.objectContaining({ site: MEMBER }),
    ]);
  });
});
