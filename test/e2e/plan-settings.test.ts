/**
 * What keeping the schedule added, on screens, in Debian's Chromium against the real server with the
 * demo workshop: the manager puts two printers in one group (and a material rate) from the
 * equipment page; an artisan on a phone books "any of the group" (an hour the first printer is
 * held lands on the second), then both at once and, asking for three, reads before
 * anything is booked that the group has only two; the manager lets unattended prints start in
 * staffed hours only, chooses the Alsace-Moselle holidays and sees the closed days that follow;
 * the booking page says a holiday is closed and why. 360 px, axe clean.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import {
  DEMO_ARTISANS,
  DEMO_MANAGER_EMAIL,
  freeDayAhead,
  saveScreenshot,
  TEST_ADMIN,
} from '../support/dashboard-server.js';

const dashboard = useDashboard();
const narrow = async (page: Page) =>
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    360,
  );

/** Chooses the machine, then walks the weeks to `date` and picks that day. */
async function showDay(page: Page, machine: string, date: string): Promise<void> {
  await page.getByLabel('Machine', { exact: true }).selectOption(machine);
  const day = page.locator(`[data-day="${date}"]`);
  for (let week = 0; week < 60 && (await day.count()) === 0; week += 1)
    await page.getByRole('button', { name: 'Semaine suivante' }).click();
  await day.click();
}

type Sharing = { machine: { group: string | null; materialRateCentsPerKg: number } };

describe('plan settings on screens', () => {
  it('groups two printers; on a phone, books any of the group, then both at once, and hears the group is too small for three', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { machine } = await manager<{ machine: Record<string, unknown> }>(
      'GET',
      '/api/machines/prusa-mk4-1/sharing',
    );
    const { id: _id, ...settings } = machine;
    await manager('PUT', '/api/machines/prusa-mk4-2/sharing', {
      ...settings,
      name: 'Prusa MK4 n°2',
      group: 'prusa-mk4',
    });

    // The manager puts the first printer in the group, with filament at 25 € per kilogram.
    const desk = await dashboard.open('phone');
    await dashboard.logIn(desk, DEMO_MANAGER_EMAIL, { from: '/equipements' });
    await desk.getByRole('button', { name: 'Régler Prusa MK4 n°1' }).click();
    const form = desk.locator('[data-sharing="prusa-mk4-1"]');
    await form.getByLabel('Groupe de machines identiques').fill('prusa mk4');
    await form.getByRole('button', { name: 'Enregistrer les règles' }).click();
    expect(await form.getByRole('alert').innerText()).toMatch(/le groupe \(lettres/);
    await form.getByLabel('Groupe de machines identiques').fill('prusa-mk4');
    await form.getByLabel('Matière (€ par kg)').fill('25');
    await form.getByRole('button', { name: 'Enregistrer les règles' }).click();
    await form.getByText('Prusa MK4 n°1 : règles enregistrées.').waitFor();
    const saved = await manager<Sharing>('GET', '/api/machines/prusa-mk4-1/sharing');
    expect(saved.machine).toMatchObject({ group: 'prusa-mk4', materialRateCentsPerKg: 2500 });
    await desk.locator('[data-machine="prusa-mk4-1"]').getByText('groupe « prusa-mk4 »').waitFor();
    expect(await seriousViolations(desk)).toEqual([]);
    await narrow(desk);

    // Camille holds the first printer at 3 h past opening; any printer of the group will do for
    // Lucas: that hour is offered (the second is free), and the server books the second.
    const { date, start } = await freeDayAhead(dashboard.url, 'prusa-mk4-1');
    const later = start + 3 * 3_600_000;
    const camille = await dashboard.as(DEMO_ARTISANS.camille);
    await camille('POST', '/api/reservations', {
      member: 'camille-roux',
      machine: 'prusa-mk4-1',
      start: new Date(later).toISOString(),
      end: new Date(later + 3_600_000).toISOString(),
    });
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_ARTISANS.lucas, { from: '/reserver' });
    await showDay(page, 'prusa-mk4-1', date);
    expect(await page.locator('#book-units-hint').innerText()).toMatch(
      /Le groupe « prusa-mk4 » compte 2 machines/,
    );
    const laterSlot = page.locator(`[data-slot="${new Date(later).toISOString()}"]`);
    expect(await laterSlot.count()).toBe(0);
    await page.getByLabel(/N’importe quelle machine du groupe « prusa-mk4 »/).check();
    await laterSlot.click();
    await expect
      .poll(() => page.locator('[data-trial]').getAttribute('data-trial'))
      .toBe('bookable');
    expect(await page.locator('[data-trial]').innerText()).toMatch(/^Prusa MK4 n°2, /);
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    await page.locator('[data-booked]').waitFor();
    expect(await page.locator('[data-booked]').innerText()).toMatch(/^Réservé : Prusa MK4 n°2/);

    // Then both printers for one slot, then three.
    await page.getByLabel('Combien de machines de ce modèle').fill('2');
    await page.locator(`[data-slot="${new Date(start).toISOString()}"]`).click();
    await expect
      .poll(() => page.locator('[data-trial]').getAttribute('data-trial'))
      .toBe('bookable');
    await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
    const booked = page.locator('[data-booked]');
    await booked.waitFor();
    expect(await booked.getAttribute('data-units')).toBe('2');
    expect(await booked.innerText()).toMatch(/2 machines du même modèle.*Prusa MK4 n°1.*n°2/);

    await page.getByLabel('Combien de machines de ce modèle').fill('3');
    await page.locator('[data-slot]').last().click();
    await expect
      .poll(() => page.locator('[data-trial]').getAttribute('data-trial'))
      .toBe('refused');
    expect(await page.locator('[data-reason="group_too_small"]').innerText()).toBe(
      'Vous demandez 3 machines « prusa-mk4 » ; le groupe n’en compte que 2.',
    );
    expect(await page.getByRole('button', { name: 'Confirmer la réservation' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);
    await saveScreenshot(page, 'booking-group');

    // On "my reservations", the two units stand together as one booking.
    await page.getByRole('link', { name: 'Mes réservations', exact: true }).click();
    const batch = page.locator('[data-batch]');
    await batch.waitFor();
    expect(await batch.locator('[data-reservation]').count()).toBe(2);
    expect(await batch.innerText()).toMatch(/^2 machines réservées ensemble/);
    expect(await page.locator('[data-reservation]').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);

    // On that day's board (the browser's clock set to its morning), the manager sees one line.
    const board = await dashboard.open('phone');
    await board.clock.setFixedTime(new Date(start - 2 * 3_600_000));
    await dashboard.logIn(board, DEMO_MANAGER_EMAIL, { from: '/atelier' });
    const due = board.locator('[data-batch]');
    await due.waitFor();
    expect(await due.innerText()).toMatch(
      /^Lucas Petit : 2 machines ensemble \(Prusa MK4 n°1, Prusa MK4 n°2\), \d\d:\d\d–\d\d:\d\d/,
    );
    expect(await seriousViolations(board)).toEqual([]);
    await narrow(board);
  });

  it('sets staffed starts and the Alsace-Moselle holidays, lists the closed days, and the booking page says why a day is closed', async () => {
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/equipements' });
    const panel = page.locator('[data-site-calendar="atelier-demo"]');
    const holidays = panel.locator('[data-kind="holiday"]');
    await holidays.first().waitFor();
    const french = await holidays.evaluateAll((li) =>
      li.map((l) => l.getAttribute('data-closed-day')),
    );

    // Staffed hours: Saturday mornings only from now on; a Tuesday typed backwards is named.
    expect(await panel.getByLabel('Mardi').inputValue()).toBe('09:00-19:00');
    await panel.getByLabel('Mardi').fill('19h-9h');
    await panel.getByLabel('Samedi').fill('10h-13h');
    await panel.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    expect(await panel.getByRole('alert').innerText()).toMatch(/^À corriger : les heures de Mardi/);
    await panel.getByLabel('Mardi').fill('9h-19h');
    await panel.getByLabel(/Seulement le début/).check();
    await panel.getByLabel('Calendrier des jours fériés').selectOption('country');
    await panel.getByLabel('Code du pays (et de la région)').fill('Belgique');
    await panel.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    expect(await panel.getByRole('alert').innerText()).toMatch(/code du pays/);
    await panel.getByLabel('Code du pays (et de la région)').fill('XX');
    await panel.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    // The server's refusal, in French.
    await panel.getByText(/calendrier connu/).waitFor();

    await panel.getByLabel('Calendrier des jours fériés').selectOption('fr-alsace-moselle');
    await panel.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await panel.getByText('Calendrier du site enregistré.').waitFor();
    expect(await panel.getByLabel('Mardi').inputValue()).toBe('09:00-19:00');
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { site } = await manager<{
      site: {
        holidays: string;
        rules: { staffedHours: string };
        openingHours: Record<string, unknown>;
      };
    }>('GET', '/api/sites/atelier-demo');
    expect(site).toMatchObject({ holidays: 'fr-alsace-moselle', rules: { staffedHours: 'start' } });
    expect(site.openingHours).toMatchObject({
      '2': [{ open: '09:00', close: '19:00' }],
      '6': [{ open: '10:00', close: '13:00' }],
    });
    expect(site.openingHours['7']).toBeUndefined();
    // Alsace-Moselle keeps every French holiday and adds Good Friday and St Stephen's Day.
    await expect.poll(() => holidays.count()).toBeGreaterThan(french.length);
    const alsace = await holidays.evaluateAll((li) =>
      li.map((l) => [l.getAttribute('data-closed-day'), l.textContent ?? '']),
    );
    expect(french.every((d) => alsace.some(([a]) => a === d))).toBe(true);
    const added = alsace.filter(([d]) => !french.includes(d));
    expect(added.length).toBeGreaterThan(0);
    for (const [, text] of added)
      expect(text).toMatch(/Vendredi saint|Saint-Étienne|Saint Étienne/i);
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);
    await saveScreenshot(page, 'site-calendar');

    // On the booking page, the first coming holiday says it is closed, and why.
    const [date, text] = alsace[0] as [string, string];
    const artisan = await dashboard.open('phone');
    await dashboard.logIn(artisan, DEMO_ARTISANS.camille, { from: '/reserver' });
    await showDay(artisan, 'prusa-mk4-1', date);
    const closed = artisan.locator(`[data-closed="${date}"]`);
    await closed.waitFor();
    const reason = text.split(' — ')[1]?.replace(/ \(jour férié\)$/, '') ?? '';
    expect(await closed.innerText()).toBe(`Le site est fermé ce jour-là : ${reason}.`);
    expect(await artisan.locator('[data-slot]').count()).toBe(0);
    expect(await seriousViolations(artisan)).toEqual([]);
    await narrow(artisan);
  });

  it('limits a plan to two hours a day on the printer group; a manager reads a shared plan', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { machine } = await manager<{ machine: Record<string, unknown> }>(
      'GET',
      '/api/machines/prusa-mk4-1/sharing',
    );
    const { id: _id, ...settings } = machine;
    await manager('PUT', '/api/machines/prusa-mk4-1/sharing', { ...settings, group: 'prusa-mk4' });

    // The demo’s plans are common to every site: an administrator sets their quotas.
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, TEST_ADMIN.email, {
      from: '/membres',
      password: TEST_ADMIN.password,
    });
    const plan = page.locator('[data-plan="occasionnel"]');
    await plan.getByRole('button', { name: 'Régler les quotas de Usager occasionnel' }).click();
    const form = plan.locator('[data-plan-form="occasionnel"]');
    await form.getByRole('button', { name: 'Ajouter un quota' }).click();
    const added = form.locator('[data-quota="3"]');
    await added.getByLabel('Période').selectOption('day');
    await added.getByLabel('Heures').fill('deux');
    await added.getByLabel('Machines').selectOption('prusa-mk4');
    await form.getByRole('button', { name: 'Enregistrer Usager occasionnel' }).click();
    expect(await form.getByRole('alert').innerText()).toMatch(/^À corriger : quota\(s\) 3 /);
    await added.getByLabel('Heures').fill('2');
    await form.getByRole('button', { name: 'Enregistrer Usager occasionnel' }).click();
    await form.getByText('Usager occasionnel : quotas enregistrés.').waitFor();
    const { plans } = await manager<{ plans: { id: string; quotas: unknown[] }[] }>(
      'GET',
      '/api/plans',
    );
    expect(plans.find((p) => p.id === 'occasionnel')?.quotas).toEqual([
      { period: 'week', hours: 6 },
      { period: 'day', bookings: 2 },
      { period: 'day', hours: 2, group: 'prusa-mk4' },
    ]);
    expect(await plan.locator('[data-quotas]').innerText()).toMatch(
      /2 h par jour sur le groupe « prusa-mk4 »$/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);

    // A manager reads it, and is not offered to change it.
    const desk = await dashboard.open('phone');
    await dashboard.logIn(desk, DEMO_MANAGER_EMAIL, { from: '/membres' });
    const shared = desk.locator('[data-plan="occasionnel"]');
    await shared.getByText(/commune à tous les sites/).waitFor();
    expect(await shared.getByRole('button').count()).toBe(0);
    expect(await seriousViolations(desk)).toEqual([]);
  });

  it('speaks English on the site calendar and the sharing form when asked', async () => {
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/equipements' });
    // Exact: "EN" is inside "Enregistrer le calendrier" too.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const panel = page.locator('[data-site-calendar="atelier-demo"]');
    await panel
      .getByRole('heading', { name: 'Staffed hours and public holidays of the site' })
      .waitFor();
    await panel.getByLabel('Saturday').waitFor();
    expect(await panel.locator('[data-kind="holiday"]').first().innerText()).toMatch(
      /^[A-Z][a-z]+,? \d{1,2} [A-Z][a-z]+ \d{4} — .+ \(public holiday\)$/,
    );
    await panel.getByLabel('Public holiday calendar').selectOption('country');
    await panel.getByLabel('Country (and region) code').fill('XX');
    await panel.getByRole('button', { name: 'Save the calendar' }).click();
    await panel.getByText(/known calendar/).waitFor();
    await page.getByRole('button', { name: 'Set up Prusa MK4 n°1' }).click();
    await page.getByLabel('Group of identical machines').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);
  });
});
