import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

describe('GET /api/reports: bad requests say what is wrong', async () => {
  const t = await testApp();
  const message = async (res: Response) => ((await res.json()) as { message: string }).message;

  it('names the forms a period may take', async () => {
    const res = await t.call('GET', '/api/reports?site=atelier-demo&period=novembre');
    expect(res.status).toBe(400);
    expect(await message(res)).toBe(
      'période « novembre » : attendu une année (2026), un trimestre (2026-T4 ou 2026-Q4), un mois (2026-11) ou deux dates (2026-10-05..2026-10-18)',
    );
    const en = await t.call('GET', '/api/reports?site=atelier-demo&period=novembre', undefined, {
      ...AS.manager,
      'accept-language': 'en',
    });
    expect(await message(en)).toBe(
      'period "novembre": expected a year (2026), a quarter (2026-Q4), a month (2026-11) or two dates (2026-10-05..2026-10-18)',
    );
  });

  it('asks for the period', async () => {
    const res = await t.call('GET', '/api/reports?site=atelier-demo');
    expect(res.status).toBe(400);
    expect(await message(res)).toMatch(/^period: /);
  });

  it('answers 404 for a site that does not exist', async () => {
    const res = await t.call(
      'GET',
      '/api/reports?site=nulle-part&period=2026',
      undefined,
      AS.admin,
    );
    expect(res.status).toBe(404);
    expect(await message(res)).toBe('aucun site « nulle-part »');
  });

  it('asks an admin which site', async () => {
    const res = await t.call('GET', '/api/reports?period=2026', undefined, AS.admin);
    expect(res.status).toBe(400);
    expect(await message(res)).toContain('site: nommez le ou les sites');
  });

  it('refuses an unknown format', async () => {
    const res = await t.call('GET', '/api/reports?site=atelier-demo&period=2026&format=docx');
    expect(res.status).toBe(400);
    expect(await message(res)).toMatch(/^format: /);
  });
});
