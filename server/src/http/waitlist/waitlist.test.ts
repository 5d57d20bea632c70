import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createServices } from '../../services/index.js';
import { AS, TEST_NOW, testApp } from '../../testing/test-app.js';

const as = AS.artisan;
const slot = {
  machine: 'laser-co2',
  start: '2026-12-02T10:00:00+01:00',
  end: '2026-12-02T12:00:00+01:00',
};
const wait = (member: string) => ({
  member,
  machine: 'laser-co2',
  from: '2026-12-02T09:00:00+01:00',
  to: '2026-12-02T13:00:00+01:00',
  durationMin: 90,
});

describe('waitlist API', () => {
  it('offers a cancelled slot to the waiting member, who books it by accepting', async () => {
    const { call } = await testApp();
    const booked = (await (
      await call(
        'POST',
        '/api/reservations',
        { member: 'camille-roux', ...slot },
        as('camille-roux'),
      )
    ).json()) as { reservation: { id: string } };
    const joined = (await (
      await call('POST', '/api/waitlist', wait('nadia-benali'), as('nadia-benali'))
    ).json()) as { entry: { id: string; status: string } };
    expect(joined.entry.status).toBe('waiting');
    await call(
      'POST',
      `/api/reservations/${booked.reservation.id}/cancel`,
      undefined,
      as('camille-roux'),
    );
    // An artisan who names someone else in the filter is refused, not quietly shown their own.
    expect(
      await (
        await call('GET', '/api/waitlist?member=camille-roux', undefined, as('nadia-benali'))
      ).json(),
    ).toMatchObject({
      code: 'forbidden',
      message: 'un artisan voit seulement ses propres attentes',
    });
    const mine = (await (
      await call('GET', '/api/waitlist', undefined, as('nadia-benali'))
    ).json()) as { entries: Array<{ status: string; offer: { start: string; end: string } }> };
    expect(mine.entries[0]).toMatchObject({
      status: 'offered',
      offer: { start: '2026-12-02T09:00:00.000Z', end: '2026-12-02T10:30:00.000Z' },
    });
    const notices = (await (
      await call('GET', '/api/members/nadia-benali/notices', undefined, as('nadia-benali'))
    ).json()) as { notices: Array<{ kind: string; text: { fr: string } }> };
    expect(notices.notices[0]).toMatchObject({ kind: 'waitlist_offer' });
    expect(notices.notices[0]?.text.fr).toContain('Un créneau s’est libéré : Découpe laser CO₂');
    const accepted = await call(
      'POST',
      `/api/waitlist/${joined.entry.id}/accept`,
      undefined,
      as('nadia-benali'),
    );
    expect(accepted.status).toBe(201);
    const laser = (await (
      await call('GET', '/api/reservations?machine=laser-co2&status=confirmed')
    ).json()) as { reservations: Array<{ member: string }> };
    expect(laser.reservations.map((r) => r.member)).toEqual(['nadia-benali']);
  });

  it('passes an unanswered offer to the next member when it expires', async () => {
    const t = await testApp();
    let now = TEST_NOW;
    const services = createServices(t.db, () => now);
    const app = createApp({ ...t.deps, services });
    const call = (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      app.request(path, {
        method,
        headers: { 'content-type': 'application/json', ...AS.manager, ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const booked = (await (
      await call('POST', '/api/reservations', {
        member: 'lucas-petit',
        machine: 'prusa-mk4-1',
        start: '2026-12-02T10:00:00+01:00',
        end: '2026-12-02T12:00:00+01:00',
      })
    ).json()) as { reservation: { id: string } };
    await call('POST', '/api/waitlist', { ...wait('camille-roux'), machine: 'prusa-mk4-1' });
    now += 60_000;
    await call('POST', '/api/waitlist', { ...wait('nadia-benali'), machine: 'prusa-mk4-1' });
    await call('POST', `/api/reservations/${booked.reservation.id}/cancel`);
    const statuses = async () =>
      (
        (await (await call('GET', '/api/waitlist')).json()) as {
          entries: Array<{ member: string; status: string }>;
        }
      ).entries.map((e) => [e.member, e.status]);
    expect(await statuses()).toEqual([
      ['camille-roux', 'offered'],
      ['nadia-benali', 'waiting'],
    ]);
    now += 31 * 60_000;
    expect(await services.waitlist.tick()).toBe(1);
    expect(await statuses()).toEqual([
      ['camille-roux', 'waiting'],
      ['nadia-benali', 'offered'],
    ]);
  });

  it('refuses a window shorter than the duration, naming the field', async () => {
    const { call } = await testApp();
    const res = await call('POST', '/api/waitlist', { ...wait('nadia-benali'), durationMin: 300 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(
      'to: la fenêtre doit contenir la durée',
    );
  });
});
