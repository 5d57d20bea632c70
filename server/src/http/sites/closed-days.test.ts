import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const site = (holidays: string) => ({
  name: 'Atelier de Liège',
  timezone: 'Europe/Brussels',
  openingHours: { '1': [{ open: '09:00', close: '18:00' }] },
  closures: [{ from: '2026-07-20', to: '2026-07-24', reason: 'inventaire' }],
  holidays,
});
type Days = { holidays: string; days: { date: string; kind: string; reason: { fr: string } }[] };

describe('GET /api/sites/{id}/closed-days', () => {
  it('lists the calendar’s holidays and the closures of the coming days, to anyone', async () => {
    const { call } = await testApp();
    expect((await call('PUT', '/api/sites/liege', site('country:BE'), AS.admin)).status).toBe(200);
    const res = await call('GET', '/api/sites/liege/closed-days?from=2026-07-19&days=14');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Days;
    expect(body.holidays).toBe('country:BE');
    expect(body.days.map((d) => [d.date, d.kind])).toEqual([
      ['2026-07-20', 'closure'],
      ['2026-07-21', 'holiday'],
      ['2026-07-22', 'closure'],
      ['2026-07-23', 'closure'],
      ['2026-07-24', 'closure'],
    ]);
    expect(body.days[1]?.reason.fr).toMatch(/nationale/i);
  });

  it('follows the calendar chosen: none keeps only the closures', async () => {
    const { call } = await testApp();
    await call('PUT', '/api/sites/liege', site('none'), AS.admin);
    const body = (await (
      await call('GET', '/api/sites/liege/closed-days?from=2026-07-19&days=14')
    ).json()) as Days;
    expect(body.days.map((d) => d.kind)).toEqual([
      'closure',
      'closure',
      'closure',
      'closure',
      'closure',
    ]);
  });

  it('refuses a malformed day and too long a period in words, and an unknown site with a 404', async () => {
    const { call } = await testApp();
    await call('PUT', '/api/sites/liege', site('fr'), AS.admin);
    const bad = await call('GET', '/api/sites/liege/closed-days?from=19-07-2026');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/from/);
    expect((await call('GET', '/api/sites/liege/closed-days?days=1000')).status).toBe(400);
    expect((await call('GET', '/api/sites/nowhere/closed-days')).status).toBe(404);
  });
});
