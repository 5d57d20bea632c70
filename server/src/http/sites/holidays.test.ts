import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

const site = (holidays: string) => ({
  name: 'Atelier de Liège',
  timezone: 'Europe/Brussels',
  openingHours: { '1': [{ open: '09:00', close: '18:00' }] },
  holidays,
});

describe('a site’s holiday calendar', () => {
  it('takes another country’s calendar, and refuses an unknown one in French', async () => {
    const { call } = await testApp();
    const ok = await call('PUT', '/api/sites/liege', site('country:BE'), AS.admin);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ site: { holidays: 'country:BE' } });
    const bad = await call('PUT', '/api/sites/liege', site('country:XX'), AS.admin);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('calendrier connu');
  });
});
