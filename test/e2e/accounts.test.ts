/**
 * Each role in Debian's Chromium against the real server with the demo workshop: the navigation
 * follows the role; a manager grants a training on the trainings screen and sees the day's board;
 * a funder accepts an invitation (the password policy's reasons shown) and lands on the report;
 * an administrator logs in; axe-core finds no serious violation on any of these pages.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import {
  apiAs,
  DEMO_ARTISANS,
  DEMO_MANAGER_EMAIL,
  saveScreenshot,
  sessionOf,
  TEST_ADMIN,
} from '../support/dashboard-server.js';
import { useDashboard } from '../support/dashboard-e2e.js';

const dashboard = useDashboard();
const desktop = () => dashboard.open('desktop');
const logIn = (page: Page, email: string, password?: string) =>
  dashboard.logIn(page, email, password === undefined ? {} : { password });

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Navigation principale' });
/** The links a person sees in the navigation (those inside a closed menu are hidden). */
const navLinks = (page: Page) => mainNav(page).getByRole('link').allInnerTexts();
/** The navigation's menus, by the name of their button. */
const navMenus = (page: Page) => mainNav(page).locator('button[aria-expanded]').allInnerTexts();
const pageWidth = 'document.documentElement.scrollWidth';
const focused = 'document.activeElement?.textContent';

/** Opens a menu of the navigation with a click and lists its links. */
async function menuLinks(page: Page, menu: string): Promise<string[]> {
  const button = mainNav(page).getByRole('button', { name: menu });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const list = page.locator(`[id="${await button.getAttribute('aria-controls')}"]`);
  return list.getByRole('link').allInnerTexts();
}

describe('accounts and roles', () => {
  it('refuses a wrong password in French, and the login page has no serious violation', async () => {
    const page = await desktop();
    await page.goto(`${dashboard.url}/connexion`);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'login');
    await page.getByLabel('Adresse e-mail').fill(DEMO_ARTISANS.nadia);
    await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/Adresse ou mot de passe incorrect/);
  });

  it('an artisan logs in, lands on booking, sees the artisan pages only, logs out', async () => {
    const page = await desktop();
    await logIn(page, DEMO_ARTISANS.nadia);
    expect(new URL(page.url()).pathname).toBe('/reserver');
    expect(await navLinks(page)).toEqual([
      'Machines',
      'Réserver',
      'Mes réservations',
      'Mon profil',
      'Mon compte',
    ]);
    await page.goto(`${dashboard.url}/atelier`);
    await page.getByText('Cette page n’est pas pour votre rôle (artisan).').waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion/);
    expect(await navLinks(page)).toEqual(['Machines', 'Se connecter']);
  });

  it('a manager sees the day’s board and grants a training', async () => {
    // A reservation awaiting approval (the CNC needs one) and one for today on the board.
    const camille = await sessionOf(dashboard.url, DEMO_ARTISANS.camille);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000);
    inAWeek.setUTCHours(9, 0, 0, 0);
    await apiAs(dashboard.url, camille, 'POST', '/api/reservations', {
      member: 'camille-roux',
      machine: 'cnc-fraiseuse',
      start: inAWeek.toISOString(),
      end: new Date(inAWeek.getTime() + 2 * 3_600_000).toISOString(),
    });

    const page = await desktop();
    await logIn(page, DEMO_MANAGER_EMAIL);
    expect(new URL(page.url()).pathname).toBe('/atelier');
    // Grouped by what a manager does: three menus and the one page of its group.
    expect(await navMenus(page)).toEqual(['Atelier', 'Communauté', 'Gestion']);
    expect(await navLinks(page)).toEqual(['Tours', 'Mon compte']);
    expect(await menuLinks(page, 'Atelier')).toEqual(['Machines', 'Aujourd’hui', 'Équipements']);
    expect(await menuLinks(page, 'Communauté')).toEqual(['Formations', 'Membres']);
    expect(await menuLinks(page, 'Gestion')).toEqual([
      'Comptabilité',
      'Journal',
      'Bilan',
      'Utilisation',
      'Rapport',
    ]);
    // Opening one menu folded the others: one list open at a time.
    expect(await navLinks(page)).toEqual([
      'Tours',
      'Comptabilité',
      'Journal',
      'Bilan',
      'Utilisation',
      'Rapport',
      'Mon compte',
    ]);
    await page.keyboard.press('Escape');
    await page.locator('[data-pending]').first().waitFor();
    expect(await page.getByRole('region', { name: 'À approuver' }).innerText()).toMatch(
      /Fraiseuse CNC — Camille Roux/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'board');

    await menuLinks(page, 'Communauté');
    await page.getByRole('link', { name: 'Formations' }).click();
    await page.getByLabel('Membre', { exact: true }).selectOption('lucas-petit');
    await page.getByText('Aucune formation.').waitFor();
    await page.getByLabel('Formation', { exact: true }).selectOption('laser');
    await page.getByRole('button', { name: 'Attribuer' }).click();
    await page.getByText('« Découpe laser » attribuée à Lucas Petit.').waitFor();
    await page.locator('[data-held="laser"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'trainings');
    const manager = await sessionOf(dashboard.url, DEMO_MANAGER_EMAIL);
    const held = await apiAs<{ qualifications: { qualification: string; valid: boolean }[] }>(
      dashboard.url,
      manager,
      'GET',
      '/api/members/lucas-petit/qualifications',
    );
    expect(held.qualifications).toMatchObject([{ qualification: 'laser', valid: true }]);
  });

  it('a funder accepts an invitation, the password policy’s reasons shown, and reads the report', async () => {
    const admin = await sessionOf(dashboard.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const { link } = await apiAs<{ link: string }>(
      dashboard.url,
      admin,
      'POST',
      '/api/auth/invitations',
      {
        email: 'region@financeur.fr',
        name: 'Région (financeur)',
        role: 'funder',
        site: 'atelier-demo',
      },
    );
    const page = await desktop();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Créer mon compte' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Nouveau mot de passe').fill('fablab123456');
    await page.getByLabel('Le même, une seconde fois').fill('fablab123456');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    expect(await page.getByRole('alert').innerText()).toMatch(/un mot de passe trop courant/);
    await saveScreenshot(page, 'invitation');
    const strong = 'les machines partagées tournent bien';
    await page.getByLabel('Nouveau mot de passe').fill(strong);
    await page.getByLabel('Le même, une seconde fois').fill(strong);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL((url) => url.pathname === '/rapport');
    expect(await navLinks(page)).toEqual(['Machines', 'Rapport', 'Mon compte']);
    await page.getByRole('row', { name: /Découpe laser CO₂/ }).waitFor();
    // No telemetry in this test: the server says so, in French.
    expect(await page.getByRole('row', { name: /Découpe laser CO₂/ }).innerText()).toMatch(
      /n’a encore rien envoyé|historique InfluxDB/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'funder');
    // The quarter's report downloads as a real PDF, built by the server for the funded site.
    const quarter = page.getByRole('link', { name: /^Trimestre \d de \d{4} — PDF$/ }).first();
    const [download] = await Promise.all([page.waitForEvent('download'), quarter.click()]);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const csvLink = page.getByRole('link', { name: /^Trimestre \d de \d{4} — CSV$/ }).first();
    const csv = await page.request.get(
      new URL((await csvLink.getAttribute('href'))!, page.url()).href,
    );
    expect(csv.status()).toBe(200);
    expect((await csv.text()).replace(/^\uFEFF/, '')).toMatch(/;/);
  });

  it('an administrator logs in and reaches the manager’s pages', async () => {
    const page = await desktop();
    await logIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    expect(new URL(page.url()).pathname).toBe('/atelier');
    expect(await menuLinks(page, 'Communauté')).toContain('Formations');
  });

  it('a manager opens the navigation’s menus with the keyboard, on a 360 px phone', async () => {
    const page = await dashboard.open('phone');
    await logIn(page, DEMO_MANAGER_EMAIL);
    const workshop = mainNav(page).getByRole('button', { name: 'Atelier' });
    const management = mainNav(page).getByRole('button', { name: 'Gestion' });
    await workshop.focus();
    await page.keyboard.press('Enter');
    expect(await workshop.getAttribute('aria-expanded')).toBe('true');
    // Down goes into the list, Escape folds it and gives the focus back to its button.
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate<string>(focused)).toBe('Machines');
    await page.keyboard.press('End');
    expect(await page.evaluate<string>(focused)).toBe('Équipements');
    await page.keyboard.press('Escape');
    expect(await workshop.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate<string>(focused)).toBe('Atelier');
    // Down on a closed button opens it at its first link; following one folds the menu.
    await management.focus();
    await page.keyboard.press('ArrowDown');
    expect(await management.getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate<string>(focused)).toBe('Comptabilité');
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'nav-phone-menu');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/comptabilite');
    // Folded, and its button shows that the page open is one of its own.
    await mainNav(page)
      .locator('button[aria-expanded="false"][data-here]', { hasText: 'Gestion' })
      .waitFor();
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(360);
  });
});
