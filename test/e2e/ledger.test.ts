/**
 * The manager's accounting and audit log in Debian's Chromium against the real server: a month's
 * totals by member and by machine, the CSV of its lines downloaded as the bookkeeper gets it; the
 * audit log filtered by member and by kind of change, paged back fifty at a time.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import {
  DEMO_ARTISANS,
  DEMO_MANAGER_EMAIL,
  freeDayAhead,
  saveScreenshot,
} from '../support/dashboard-server.js';

const dashboard = useDashboard();
const HOUR = 3_600_000;
const parisMonth = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(ms).slice(0, 7);

describe('accounting and audit log', () => {
  it('shows a month’s totals by member and machine, and downloads its lines as CSV', async () => {
    const { start } = await freeDayAhead(dashboard.url, 'laser-co2', 2);
    const camille = await dashboard.as(DEMO_ARTISANS.camille);
    await camille('POST', '/api/reservations', {
      member: 'camille-roux',
      machine: 'laser-co2',
      start: new Date(start).toISOString(),
      end: new Date(start + 2 * HOUR).toISOString(),
    });
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/comptabilite' });
    await page.getByLabel('Mois').fill(parisMonth(start));
    const row = page.locator('[data-total="camille-roux"]');
    await row.waitFor();
    expect(await row.locator('th').innerText()).toBe('Camille Roux');
    expect((await row.locator('td').first().innerText()).replace(/\s/g, ' ')).toBe('2 h');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      360,
    );
    await saveScreenshot(page, 'accounting');
    await page.getByLabel('Regrouper par').selectOption('machine');
    await page.locator('[data-total="laser-co2"] th').getByText('Découpe laser CO₂').waitFor();
    const href = await page.locator('[data-csv]').getAttribute('href');
    const csv = await page.request.get(new URL(href!, page.url()).href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toMatch(/;/);
    expect(text).toMatch(/camille-roux|Camille Roux/);
  });

  it('filters the audit log by member and kind of change, and pages back', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    for (let i = 0; i < 51; i++)
      await manager('POST', '/api/credits', { member: 'nadia-benali', hours: 0.5 });
    await manager('PUT', '/api/members/nadia-benali/qualifications/cnc');
    const page = await dashboard.open('desktop');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/journal' });
    await page.getByLabel('Membre concerné').selectOption('nadia-benali');
    const entries = page.locator('[data-entry]');
    await page.locator('[data-entry="qualification.grant"]').waitFor();
    await expect.poll(() => entries.count()).toBe(50);
    expect(await entries.first().innerText()).toMatch(
      /^Formation attribuée — Nadia Benali\n.*, par Fab manager \(démo\) \(responsable\)$/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Entrées plus anciennes' }).click();
    await expect.poll(() => entries.count()).toBe(52);
    await page.getByLabel('Type de modification').selectOption('qualification.');
    await expect.poll(() => entries.count()).toBe(1);
    await saveScreenshot(page, 'audit');
    await page.getByLabel('Type de modification').selectOption('credit.');
    await expect.poll(() => page.locator('[data-entry="credit.add"]').count()).toBe(50);
    expect(await page.locator('[data-entry]:not([data-entry="credit.add"])').count()).toBe(0);
  });
});
