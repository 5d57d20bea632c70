/**
 * A booking round run by a fab manager in Debian's Chromium against the real server: opened from
 * the screen (local dates), requests sent by members, the fair proposal and first come first
 * served side by side (figures and each member's hours), the fair one published as reservations.
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
const parisDay = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(ms);

describe('booking rounds', () => {
  it('opens a round, compares fair and first come side by side, and publishes the fair one', async () => {
    const { date, start } = await freeDayAhead(dashboard.url, 'laser-co2', 9);
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/tours' });
    await page.getByText('Aucun tour pour ce site.').waitFor();
    await page.getByRole('button', { name: 'Ouvrir un tour' }).click();
    await page.getByLabel('Titre du tour').fill('Semaine chargée');
    await page.getByLabel('Premier jour').fill(date);
    await page.getByLabel('Dernier jour').fill(date);
    await page.getByLabel('Demandes jusqu’au').fill(parisDay(Date.now() + 86_400_000));
    await page.getByLabel('à (heure)').fill('18:00');
    await page.getByRole('button', { name: 'Ouvrir le tour' }).click();
    const shown = page.locator('[data-round-shown]');
    await shown.getByText('Aucune demande pour l’instant.').waitFor();
    const id = await shown.getAttribute('data-round-shown');
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { round } = await manager<{ round: { from: string; to: string; site: string } }>(
      'GET',
      `/api/rounds/${id}`,
    );
    expect(round.site).toBe('atelier-demo');
    expect(parisDay(Date.parse(round.from))).toBe(date);
    expect(Date.parse(round.to) - Date.parse(round.from)).toBeGreaterThanOrEqual(23 * HOUR);

    // Camille asks three times for the laser, Nadia once, after her: with the laser's 15 min
    // buffer after each slot, two 3 h slots fit in the 9 h window.
    const window = [
      { start: new Date(start).toISOString(), end: new Date(start + 9 * HOUR).toISOString() },
    ];
    const ask = async (email: string, member: string, priority: number) => {
      const artisan = await dashboard.as(email);
      await artisan('POST', `/api/rounds/${id}/requests`, {
        member,
        machine: 'laser-co2',
        durationMin: 180,
        windows: window,
        priority,
      });
    };
    for (const p of [1, 2, 3]) await ask(DEMO_ARTISANS.camille, 'camille-roux', p);
    await ask(DEMO_ARTISANS.nadia, 'nadia-benali', 1);

    await page.reload();
    await page.getByRole('button', { name: 'Voir Semaine chargée' }).click();
    await shown.getByRole('heading', { name: 'Semaine chargée : 4 demandes' }).waitFor();
    await shown.getByRole('button', { name: 'Comparer équitable et premier arrivé' }).click();
    const comparison = page.locator('[data-comparison]');
    await comparison.waitFor();
    // Units are glued with no-break spaces (U+00A0, U+202F): compared as plain spaces.
    const cells = async (selector: string) =>
      (await comparison.locator(selector).locator('td').allInnerTexts()).map((c) =>
        c.replace(/[\u00a0\u202f]/g, ' '),
      );
    // First come: Camille's first two requests take the day, Nadia gets nothing; fair: one each.
    expect(await cells('[data-share="nadia-benali"]')).toEqual(['3 h', '3 h', '0 h']);
    expect(await cells('[data-share="camille-roux"]')).toEqual(['9 h', '3 h', '6 h']);
    expect(await cells('[data-figure="requests"]')).toEqual(['4', '4']);
    const [fairJain, fcfsJain] = await cells('[data-figure="jain"]');
    expect(Number.parseInt(fairJain!, 10)).toBeGreaterThan(Number.parseInt(fcfsJain!, 10));
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      360,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'rounds');

    await comparison.getByRole('button', { name: 'Publier la proposition équitable' }).click();
    await comparison.getByText('Publié : 2 réservations créées.').waitFor();
    const nadia = await dashboard.as(DEMO_ARTISANS.nadia);
    const { reservations } = await nadia<{ reservations: { machine: string; start: string }[] }>(
      'GET',
      `/api/reservations?member=nadia-benali&from=${new Date(start).toISOString()}`,
    );
    expect(reservations.filter((r) => r.machine === 'laser-co2')).toHaveLength(1);
    await page.locator(`[data-round="${id}"][data-status="published"]`).waitFor();
  });
});
