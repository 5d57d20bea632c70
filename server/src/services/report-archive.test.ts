import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished, describe, expect, it } from 'vitest';
import { seedReportWorkshop } from '../testing/report-workshop.js';
import { AS, TEST_NOW, testApp } from '../testing/test-app.js';
import { lastMonth, reportArchive } from './report-archive.js';

async function withArchive() {
  const t = await testApp();
  await seedReportWorkshop(t);
  const dir = mkdtempSync(join(tmpdir(), 'mf-archive-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const archive = reportArchive(t.db, t.deps.services.reports, dir, { clock: () => TEST_NOW });
  Object.assign(t.deps, { services: { ...t.deps.services, reportArchive: archive } });
  return { t, dir, archive };
}

describe('reportArchive', () => {
  it('names last month on the site’s clock', () => {
    expect(lastMonth(Date.parse('2026-11-30T23:30:00Z'), 'Europe/Paris')).toBe('2026-11'); // 1 Dec, 00:30 in Paris
    expect(lastMonth(Date.parse('2026-11-30T22:30:00Z'), 'Europe/Paris')).toBe('2026-10');
    expect(lastMonth(Date.parse('2027-01-01T00:00:00Z'), 'Europe/Paris')).toBe('2026-12');
  });

  it('keeps last month’s report once, in every format, and never rewrites it', {
    timeout: 30_000,
  }, async () => {
    const { archive, dir } = await withArchive();
    expect(await archive.tick()).toContainEqual({ site: 'atelier-demo', month: '2026-11' });
    expect(archive.list('atelier-demo')).toEqual([
      { month: '2026-11', formats: ['pdf', 'csv', 'xlsx', 'json'] },
    ]);
    const json = JSON.parse(
      readFileSync(join(dir, 'atelier-demo', '2026-11', 'rapport.json'), 'utf8'),
    ) as {
      figures: { key: string; value: number }[];
    };
    expect(json.figures.find((f) => f.key === 'wallHours')?.value).toBe(7);
    // The funder's version beside it, the one mailed.
    expect(
      readFileSync(archive.file('atelier-demo', '2026-11', 'csv', 'funder')!, 'utf8'),
    ).toContain('financeur (agrégats, secret statistique)');
    expect(archive.file('atelier-demo', '2026-11', 'pdf', 'funder')).toBeDefined();
    expect(await archive.tick()).toEqual([]);
  });

  it('builds only the funder’s report for a month kept before the funder files existed', {
    timeout: 30_000,
  }, async () => {
    const t = await testApp();
    await seedReportWorkshop(t);
    const dir = mkdtempSync(join(tmpdir(), 'mf-archive-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const asked: string[] = [];
    const reports = {
      ...t.deps.services.reports,
      report: (req: Parameters<typeof t.deps.services.reports.report>[0]) => {
        asked.push(req.audience);
        return t.deps.services.reports.report(req);
      },
    };
    const archive = reportArchive(t.db, reports, dir, { clock: () => TEST_NOW });
    expect(await archive.keep('atelier-demo', '2026-11')).toBe(true);
    expect(asked).toEqual(['manager', 'funder']);
    // As kept before the upgrade: the manager's files only.
    for (const f of ['pdf', 'csv'])
      rmSync(archive.file('atelier-demo', '2026-11', f as 'pdf', 'funder')!);
    const manager = readFileSync(archive.file('atelier-demo', '2026-11', 'json')!, 'utf8');
    asked.length = 0;
    expect(await archive.keep('atelier-demo', '2026-11')).toBe(true);
    expect(asked).toEqual(['funder']);
    expect(archive.file('atelier-demo', '2026-11', 'csv', 'funder')).toBeDefined();
    expect(readFileSync(archive.file('atelier-demo', '2026-11', 'json')!, 'utf8')).toBe(manager);
    expect(archive.file('atelier-demo', '2026-11', 'xlsx', 'funder')).toBeUndefined();
  });

  it('tells onKept of last month at every check, even when kept before', {
    timeout: 30_000,
  }, async () => {
    const t = await testApp();
    await seedReportWorkshop(t);
    const dir = mkdtempSync(join(tmpdir(), 'mf-archive-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const heard: string[] = [];
    const archive = reportArchive(t.db, t.deps.services.reports, dir, {
      clock: () => TEST_NOW,
      onKept: async (site, month) => void heard.push(`${site} ${month}`),
    });
    // Written, then a crash before the queueing: the next check still queues it.
    await archive.keep('atelier-demo', '2026-11');
    expect(await archive.tick()).not.toContainEqual({ site: 'atelier-demo', month: '2026-11' });
    expect(heard).toContain('atelier-demo 2026-11');
  });

  it('serves the kept files to the site’s manager only', { timeout: 30_000 }, async () => {
    const { t, archive } = await withArchive();
    await archive.tick();
    const list = await t.call('GET', '/api/reports/archive');
    expect(await list.json()).toEqual({
      reports: [
        {
          site: 'atelier-demo',
          month: '2026-11',
          files: {
            pdf: '/api/reports/archive/atelier-demo/2026-11/pdf',
            csv: '/api/reports/archive/atelier-demo/2026-11/csv',
            xlsx: '/api/reports/archive/atelier-demo/2026-11/xlsx',
            json: '/api/reports/archive/atelier-demo/2026-11/json',
          },
        },
      ],
    });
    const csv = await t.call('GET', '/api/reports/archive/atelier-demo/2026-11/csv');
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('Heures machine utilisées;7;');
    const other = await t.call(
      'GET',
      '/api/reports/archive/atelier-demo/2026-11/pdf',
      undefined,
      AS.managerNord,
    );
    expect(other.status).toBe(403);
    const none = await t.call('GET', '/api/reports/archive/atelier-demo/2026-10/pdf');
    expect(none.status).toBe(404);
  });
});
