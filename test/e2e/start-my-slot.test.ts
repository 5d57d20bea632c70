/**
 * "Démarrer mon créneau" on screens, in Debian's Chromium against the real server: Camille's
 * slot on the laser under way, her training withdrawn meanwhile — the start is refused with the
 * rule's words and nothing is granted; trained again, the start says until when the machine is
 * hers and the server holds her grant. Her code for the machines' page is checked before sending
 * and issued once. 360 px, axe clean.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import { DEMO_ARTISANS, DEMO_MANAGER_EMAIL, saveScreenshot } from '../support/dashboard-server.js';

const dashboard = useDashboard();
const QUARTER = 15 * 60_000;
const allDay = [{ open: '00:00', close: '24:00' }];
const narrow = async (page: Page) =>
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    360,
  );

describe('starting my slot from the dashboard', () => {
  it('shows the refusal in words, then starts the slot and says until when', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    // Open round the clock and never closed: the test runs at any hour of any day.
    const { site } = await manager<{ site: Record<string, unknown> }>(
      'GET',
      '/api/sites/atelier-demo',
    );
    const { id: _id, ...rest } = site;
    await manager('PUT', '/api/sites/atelier-demo', {
      ...rest,
      openingHours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, allDay])),
      closures: [],
      holidays: 'none',
    });
    const start = Math.floor(Date.now() / QUARTER) * QUARTER;
    const { reservation } = await manager<{ reservation: { id: string } }>(
      'POST',
      '/api/reservations',
      {
        member: 'camille-roux',
        machine: 'laser-co2',
        start: new Date(start).toISOString(),
        end: new Date(start + 4 * QUARTER).toISOString(),
      },
    );
    await manager('DELETE', '/api/members/camille-roux/qualifications/laser');

    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_ARTISANS.camille, { from: '/mes-reservations' });
    const item = page.locator(`[data-reservation="${reservation.id}"]`);
    await item.getByRole('button', { name: 'Démarrer mon créneau' }).click();
    await item
      .getByText('Il vous faut la formation « Découpe laser » pour réserver cette machine.')
      .waitFor();
    expect(await item.getByRole('status').count()).toBe(0);

    await manager('PUT', '/api/members/camille-roux/qualifications/laser');
    await item.getByRole('button', { name: 'Démarrer mon créneau' }).click();
    const until = new Date(start + 4 * QUARTER).toLocaleTimeString('fr-FR', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
    });
    await item.getByText(`La machine est à vous jusqu’à ${until}`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);
    await saveScreenshot(page, 'start-my-slot');

    // Her code for the machines' page: a wrong one named before sending, then one issued once.
    const code = page.getByLabel('Choisir mon code (6 à 32 chiffres ou lettres)');
    await code.fill('12-34');
    await page.getByRole('button', { name: 'Enregistrer mon code' }).click();
    await page.getByText('Un code ne contient que des chiffres et des lettres').waitFor();
    await page.getByRole('button', { name: 'Recevoir un nouveau code' }).click();
    const issued = await page.locator('[data-issued-code]').innerText();
    expect(issued).toMatch(/^\d{8}$/);
    expect(await page.locator('[data-access-code]').getAttribute('data-access-code')).toBe('set');
    const mine = await dashboard.as(DEMO_ARTISANS.camille);
    expect(await mine('GET', '/api/members/camille-roux/access-code')).toMatchObject({ set: true });
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);
  });
});
