/**
 * Who sees which report: a manager their site, a funder the sites they fund and only aggregates
 * with statistical secrecy (no names, no drill-down, small counts as "s"), an artisan nothing.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';
import {
  FUNDER_DEMO,
  FUNDER_NONE,
  FUNDER_NORD,
  seedReportWorkshop,
} from '../../testing/report-workshop.js';

const url = (format: string, site = 'atelier-demo') =>
  `/api/reports?site=${site}&period=2026-11&format=${format}`;

describe('GET /api/reports: who may read what', async () => {
  const t = await testApp();
  await seedReportWorkshop(t);

  describe.each([
    ['manager of the site', AS.manager, 200],
    ['admin', AS.admin, 200],
    ['funder of the site', FUNDER_DEMO, 200],
    ['manager of another site', AS.managerNord, 403],
    ['funder of another site', FUNDER_NORD, 403],
    ['funder of the site (test identity)', AS.funder, 200],
    ['funder of no site', FUNDER_NONE, 403],
    ['artisan', AS.artisan('camille-roux'), 403],
    ['nobody', AS.nobody, 401],
  ] as const)('%s', (_who, headers, status) => {
    it.each(['json', 'csv', 'xlsx', 'pdf'])(
      `gets ${status} for the demo site's %s`,
      { timeout: 30_000 },
      async (format) => {
        const res = await t.call('GET', url(format), undefined, headers);
        expect(res.status).toBe(status);
        await res.body?.cancel();
      },
    );
  });

  it('gives a funder no count of people under five, no drill-down and no name', async () => {
    const res = await t.call('GET', url('json'), undefined, FUNDER_DEMO);
    const text = await res.text();
    const r = JSON.parse(text) as {
      audience: string;
      figures: { key: string; value: number | null; suppressed: boolean }[];
      tables: { rows: { drill?: unknown }[] }[];
    };
    expect(r.audience).toBe('funder');
    expect(r.figures.find((f) => f.key === 'artisans')).toMatchObject({
      value: null,
      suppressed: true,
    });
    expect(r.figures.find((f) => f.key === 'wallHours')?.value).toBe(7);
    expect(r.tables.flatMap((x) => x.rows).some((row) => row.drill !== undefined)).toBe(false);
    for (const who of ['camille', 'Camille', 'nadia', 'Nadia', 'lucas', 'Lucas', 'Roux', 'Benali'])
      expect(text).not.toContain(who);
  });

  it('writes "s" in a funder’s CSV where a count is suppressed, and no name', async () => {
    const text = await (await t.call('GET', url('csv'), undefined, FUNDER_DEMO)).text();
    expect(text).toMatch(/^Artisans et usagers servis;s;/m);
    expect(text).toMatch(/^Professionnel·le;s$/m);
    expect(text).toContain('secret statistique');
    expect(text).not.toMatch(/camille|nadia|lucas/i);
  });

  it('refuses a funder the sessions behind a figure (the role gate)', async () => {
    const res = await t.call('GET', '/api/reports/sessions?period=2026-11', undefined, FUNDER_DEMO);
    expect(res.status).toBe(403);
  });

  it('refuses a manager the sessions of another site', async () => {
    const res = await t.call(
      'GET',
      '/api/reports/sessions?site=atelier-demo&period=2026-11',
      undefined,
      AS.managerNord,
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe(
      'vous pouvez faire le rapport de « fablab-nord », pas de « atelier-demo »',
    );
  });

  it('defaults a funder to the sites they fund', async () => {
    const res = await t.call('GET', '/api/reports?period=2026-11', undefined, FUNDER_DEMO);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { sites: { id: string }[] }).sites).toEqual([
      { id: 'atelier-demo', name: 'Manufacture de proximité — démo' },
    ]);
  });
});
