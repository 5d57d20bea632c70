/**
 * An artisan books on a phone (360 px wide) in Debian's Chromium against the real server with the
 * demo workshop: a slot in two taps, the reason a machine is refused shown in words before
 * anything is booked, a waitlist entry whose offer they accept when someone else cancels.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import {
  apiAs,
  DEMO_ARTISANS,
  DEMO_MANAGER_EMAIL,
  freeDayAhead,
  saveScreenshot,
  sessionOf,
} from '../support/dashboard-server.js';
import { useDashboard } from '../support/dashboard-e2e.js';

const dashboard = useDashboard();
const phone = () => dashboard.open('phone');
const logIn = (page: Page, path: string, email: string) =>
  dashboard.logIn(page, email, { from: path });

/** Chooses the machine, then walks the weeks to `date` and picks that day. */
async function showDay(page: Page, machine: string, date: string): Promise<void> {
  await page.getByLabel('Machine', { exact: true }).selectOption(machine);
  const day = page.locator(`[data-day="${date}"]`);
  for (let week = 0; week < 8 && (await day.count()) === 0; week += 1)
    await page.getByRole('button', { name: 'Semaine suivante' }).click();
  await day.click();
}

describe('booking on a phone', () => {
  it('books a slot in two taps, says why the laser is refused, and takes a waitlist offer', async () => {
    const { date, start } = await freeDayAhead(dashboard.url, 'prusa-mk4-1');
    const page = await phone();
    await logIn(page, '/reserver', DEMO_ARTISANS.lucas);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      360,
    );

    // Tap 1: a slot; the server tries it and says it can be booked. Tap 2: confirm.
    await showDay(page, 'prusa-mk4-1', date);
    const first = new Date(start).toISOString();
    await page.locator(`[data-slot="${first}"]`).click();
    await expect
      .poll(() => page.locator('[data-trial]').getAttribute('data-trial'))
      .toBe('bookable');
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await page.locator('[data-booked]').waitFor();
    expect(await page.locator('[data-booked]').innerText()).toMatch(/^Réservé : Prusa MK4 n°1/);
    const manager = await sessionOf(dashboard.url, DEMO_MANAGER_EMAIL);
    const { reservations } = await apiAs<{ reservations: { start: string; member: string }[] }>(
      dashboard.url,
      manager,
      'GET',
      '/api/reservations?member=lucas-petit',
    );
    expect(reservations.map((r) => r.start)).toEqual([first]);
    expect(await seriousViolations(page)).toEqual([]);

    // The laser needs a training Lucas does not hold: the reason shows before anything is booked.
    await showDay(page, 'laser-co2', date);
    await page.locator('[data-slot]').first().click();
    await expect
      .poll(() => page.locator('[data-trial]').getAttribute('data-trial'))
      .toBe('refused');
    expect(await page.locator('[data-reason="no_qualification"]').innerText()).toMatch(
      /formation « Découpe laser »/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'booking-refused');

    // Camille holds the Prusa at noon; Lucas waits for an hour that day; Camille cancels.
    const camille = await sessionOf(dashboard.url, DEMO_ARTISANS.camille);
    const noon = start + 3 * 3_600_000;
    const { reservation } = await apiAs<{ reservation: { id: string } }>(
      dashboard.url,
      camille,
      'POST',
      '/api/reservations',
      {
        member: 'camille-roux',
        machine: 'prusa-mk4-1',
        start: new Date(noon).toISOString(),
        end: new Date(noon + 2 * 3_600_000).toISOString(),
      },
    );
    await showDay(page, 'prusa-mk4-1', date);
    await page.getByRole('button', { name: 'M’inscrire en liste d’attente ce jour-là' }).click();
    await page.getByText('Inscrit en liste d’attente').waitFor();
    await saveScreenshot(page, 'booking');
    await apiAs(dashboard.url, camille, 'POST', `/api/reservations/${reservation.id}/cancel`);

    await page.getByRole('link', { name: 'Mes réservations', exact: true }).click();
    const offer = page.locator('[data-wait][data-status="offered"]');
    await offer.waitFor();
    expect(await offer.innerText()).toMatch(/Créneau proposé/);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'my-reservations');
    await offer.getByRole('button', { name: 'Accepter' }).click();
    await expect.poll(() => page.locator('[data-reservation]').count()).toBe(2);
    expect(await page.locator('[data-wait]').count()).toBe(0);
  });

  it('speaks English when asked, the server’s refusals too', async () => {
    const page = await phone();
    await logIn(page, '/reserver', DEMO_ARTISANS.lucas);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Book a machine' }).waitFor();
    const { date } = await freeDayAhead(dashboard.url, 'laser-co2');
    await page.getByLabel('Machine', { exact: true }).selectOption('laser-co2');
    const day = page.locator(`[data-day="${date}"]`);
    for (let week = 0; week < 8 && (await day.count()) === 0; week += 1)
      await page.getByRole('button', { name: 'Next week' }).click();
    await day.click();
    await page.locator('[data-slot]').first().click();
    await page.locator('[data-reason="no_qualification"]').waitFor();
    expect(await page.locator('[data-reason="no_qualification"]').innerText()).toMatch(/training/i);
  });
});
