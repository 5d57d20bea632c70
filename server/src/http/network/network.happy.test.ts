import { describe, expect, it } from 'vitest';
import { AS, TEST_NOW } from '../../testing/test-app.js';
import { MEMBER, NETWORK, networkApp } from '../../testing/network-fixture.js';

describe('networks of sites: the happy path', async () => {
  const t = await networkApp();

  it('registers a member site with its public key, listed to the network’s manager', async () => {
    const res = await t.register();
    expect(res.status).toBe(200);
    const list = await t.call(
      'GET',
      `/api/network/members?network=${NETWORK}`,
      undefined,
      AS.manager,
    );
    expect(
      ((await list.json()) as { members: { site: string }[] }).members.map((m) => m.site),
    ).toEqual([MEMBER]);
  });

  it('stores a signed funder aggregate once, and takes the same one again as already held', async () => {
    const signed = await t.aggregate();
    const first = await t.deliver(signed);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ status: 'stored', site: MEMBER, period: '2026-11' });
    const again = await t.deliver(signed);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('already_held');
  });

  it('gives the network’s funder the member’s figures, and a newer aggregate replaces the older', async () => {
    const res = await t.call(
      'GET',
      `/api/network/report?network=${NETWORK}&period=2026-11`,
      undefined,
      AS.funder,
    );
    expect(res.status).toBe(200);
    const net = (await res.json()) as {
      audience: string;
      figures: { key: string; value: number | null }[];
      notes: { en: string }[];
    };
    const sent = (await t.aggregate()).aggregate.report;
    expect(net.audience).toBe('funder');
    expect(net.figures.map((f) => [f.key, f.value])).toEqual(
      sent.figures.map((f) => [f.key, f.value]),
    );
    expect(net.notes.map((n) => n.en)).toContain('Member sites counted: Fablab Nord.');
    const newer = await t.aggregate({ issuedAt: TEST_NOW + 60_000 });
    expect((await t.deliver(newer)).status).toBe(201);
    const pdf = await t.call(
      'GET',
      `/api/network/report?network=${NETWORK}&period=2026-11&format=pdf`,
      undefined,
      AS.funder,
    );
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
  });

  it('records who removed a member site in the audit log (irreversible: its aggregates go too)', async () => {
    const res = await t.call('DELETE', `/api/network/members/${MEMBER}`, undefined, AS.manager);
    expect(res.status).toBe(200);
    const log = (await (
      await t.call('GET', `/api/audit?target=site:${MEMBER}`, undefined, AS.manager)
    ).json()) as { entries: Array<Record<string, unknown>> };
    expect(log.entries).toContainEqual(
      expect.objectContaining({ action: 'network.member.remove', target: `site:${MEMBER}` }),
    );
  });
});
