/**
 * The fab manager's members and organisations, and the artisan's own profile, in Debian's
 * Chromium against the real server with the demo workshop: search, a new member and their
 * invitation link, prepaid hours credited, the facts funders ask about (saved where the reports
 * read them), a SIRET refused in French; a manager of two sites picks the site the screens show;
 * an artisan fills their own facts on "mon profil". Axe finds no serious violation; 360 px wide.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import {
  DEMO_ARTISANS,
  DEMO_MANAGER_EMAIL,
  saveScreenshot,
  TEST_ADMIN,
} from '../support/dashboard-server.js';

const dashboard = useDashboard();

const pageWidth = 'document.documentElement.scrollWidth';

describe('members and organisations', () => {
  it('a manager on a phone finds a member, credits hours, fills their facts, adds and invites a new one', async () => {
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/membres' });
    await page.locator('[data-member="nadia-benali"]').waitFor();
    await page.getByLabel('Chercher un membre (nom, e-mail)').fill('benali');
    await expect.poll(() => page.locator('[data-member]').count()).toBe(1);
    expect(await page.locator('#members-count').innerText()).toBe('1 membre');

    await page.getByRole('button', { name: 'Ouvrir la fiche de Nadia Benali' }).click();
    const panel = page.locator('[data-member-panel="nadia-benali"]');
    await panel.getByRole('button', { name: 'Donner un code pour les machines' }).click();
    expect(await panel.locator('[data-access-code]').innerText()).toMatch(
      /^Code de Nadia Benali pour les machines : \d{8}\. Il ne sera plus affiché/,
    );
    await panel.getByLabel('Heures à créditer').fill('10,5');
    await panel.getByLabel('Note (facture, chèque…)').fill('Facture 2026-118');
    await panel.getByRole('button', { name: 'Créditer' }).click();
    await panel.getByText('10,5 h créditées à Nadia Benali.').waitFor();

    await panel.getByLabel('Statut').selectOption('professional');
    await panel.getByLabel('Commune', { exact: true }).fill('Vénissieux');
    await panel.getByLabel('Code INSEE de la commune').fill('69259');
    await panel.getByLabel('Situation').selectOption('qpv');
    await panel.getByRole('button', { name: 'Enregistrer ces informations' }).click();
    await panel.getByText('Informations enregistrées.').waitFor();
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'members');

    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const balance = await manager<{ creditedHours: number }>(
      'GET',
      '/api/credits/balance?member=nadia-benali',
    );
    expect(balance.creditedHours).toBe(10.5);
    const { facts } = await manager<{ facts: unknown }>('GET', '/api/members/nadia-benali/facts');
    expect(facts).toEqual({
      status: 'professional',
      territory: { commune: 'Vénissieux', insee: '69259', qpv: true, rural: false },
    });

    // A new member: the id comes from the name; then an account for her, by a one-time link.
    await page.getByLabel('Chercher un membre (nom, e-mail)').fill('');
    await page.getByRole('button', { name: 'Nouveau membre' }).click();
    const form = page.locator('[data-member-form="new"]');
    await form.getByLabel('Nom').fill('Hélène Dupont');
    expect(await form.getByLabel('Identifiant').inputValue()).toBe('helene-dupont');
    await form.getByLabel('Adresse e-mail').fill('helene.dupont@example.fr');
    await form.getByLabel('Structure').selectOption('atelier-bois-roux');
    await form.getByRole('button', { name: 'Créer le membre' }).click();
    const helene = page.locator('[data-member-panel="helene-dupont"]');
    await helene.waitFor();
    await helene.getByRole('button', { name: 'Créer son compte (lien d’invitation)' }).click();
    const link = await helene.locator('[data-invitation]').innerText();
    expect(link).toMatch(/\/invitation#/);
    const saved = await manager<{ member: { sites: string[]; organisation: string } }>(
      'GET',
      '/api/members/helene-dupont',
    );
    expect(saved.member).toMatchObject({
      sites: ['atelier-demo'],
      organisation: 'atelier-bois-roux',
    });
    await helene.getByRole('link', { name: 'Ses formations' }).click();
    await page.waitForURL(/\/formations\?membre=helene-dupont/);
    await page.getByText('Aucune formation.').waitFor();
  });

  it('an organisation’s SIRET with a wrong check digit is refused in French, then saved with its facts', async () => {
    const page = await dashboard.open('desktop');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/membres' });
    await page.getByRole('button', { name: 'Modifier Lycée Jean Moulin' }).click();
    const panel = page.locator('[data-organisation-panel="lycee-jean-moulin"]');
    await panel.getByLabel('SIRET').fill('1234 5678 9012 34');
    await panel.getByRole('button', { name: 'Enregistrer la structure' }).click();
    expect(await panel.getByRole('alert').innerText()).toMatch(/SIRET/);
    expect(await panel.getByRole('alert').innerText()).not.toMatch(/check digit/);
    await panel.getByLabel('SIRET').fill('');
    await panel.getByLabel('Forme juridique').selectOption('public');
    await panel.getByLabel('Filière').selectOption('wood');
    await panel
      .getByRole('button', { name: 'Enregistrer les informations de la structure' })
      .click();
    await panel.getByText('Informations enregistrées.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { facts } = await manager<{ facts: unknown }>(
      'GET',
      '/api/organisations/lycee-jean-moulin/facts',
    );
    expect(facts).toEqual({ legalForm: 'public', sector: 'wood', territory: null });
  });

  it('a manager of two sites picks the site, and the members shown follow it', async () => {
    const admin = await dashboard.as(TEST_ADMIN.email, TEST_ADMIN.password);
    await admin('PUT', '/api/sites/annexe-venissieux', {
      name: 'Annexe de Vénissieux',
      openingHours: { '1': [{ open: '09:00', close: '18:00' }] },
    });
    await admin('PUT', '/api/plans/annexe-libre', {
      name: 'Annexe libre accès',
      site: 'annexe-venissieux',
      priorityClass: 2,
      bookAheadDays: 14,
    });
    await admin('PUT', '/api/members/yanis-haddad', {
      name: 'Yanis Haddad',
      email: 'yanis@example.fr',
      plan: 'annexe-libre',
      sites: ['annexe-venissieux'],
    });
    const { link } = await admin<{ link: string }>('POST', '/api/auth/invitations', {
      email: 'deux-sites@atelier-demo.fr',
      name: 'Responsable des deux sites',
      role: 'manager',
      sites: ['atelier-demo', 'annexe-venissieux'],
    });
    const password = 'deux ateliers valent mieux qu’un';
    const token = link.split('#')[1]!;
    await fetch(`${dashboard.url}/api/auth/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: dashboard.url },
      body: JSON.stringify({ token, password }),
    }).then((r) => expect(r.status).toBe(201));

    const page = await dashboard.open('phone');
    await dashboard.logIn(page, 'deux-sites@atelier-demo.fr', { password, from: '/membres' });
    const picker = page.getByLabel('Site', { exact: true });
    await picker.selectOption('atelier-demo');
    await page.locator('[data-member="nadia-benali"]').waitFor();
    expect(await page.locator('[data-member="yanis-haddad"]').count()).toBe(0);
    await picker.selectOption('annexe-venissieux');
    await page.locator('[data-member="yanis-haddad"]').waitFor();
    expect(await page.locator('[data-member="nadia-benali"]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The choice is remembered.
    await page.reload();
    await page.locator('[data-member="yanis-haddad"]').waitFor();
    expect(await picker.inputValue()).toBe('annexe-venissieux');
  });
});

describe('mon profil', () => {
  it('an artisan fills their own facts and their organisation’s', async () => {
    const page = await dashboard.open('phone');
    // The stored facts come in late, as on a slow phone: the fields wait for them, or a choice
    // made meanwhile would be overwritten (this lost the status in CI).
    let answerFacts = () => {};
    const factsHeld = new Promise<void>((resolve) => (answerFacts = resolve));
    await page.route('**/api/members/*/facts', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      await factsHeld;
      return route.fulfill({ response });
    });
    await dashboard.logIn(page, DEMO_ARTISANS.camille, { from: '/mon-profil' });
    await page.getByRole('heading', { name: 'Mon profil' }).waitFor();
    const mine = page.locator('[data-facts="member"]');
    await mine.getByLabel('Statut').waitFor();
    expect(await mine.getByLabel('Statut').isDisabled()).toBe(true);
    answerFacts();
    await mine.getByLabel('Statut').selectOption('professional');
    await mine.getByLabel('Commune', { exact: true }).fill('Die');
    await mine.getByLabel('Situation').selectOption('rural');
    await mine.getByRole('button', { name: 'Enregistrer ces informations' }).click();
    await mine.getByText('Informations enregistrées.').waitFor();
    const organisation = page.locator('[data-facts="organisation"]');
    await organisation.getByLabel('Forme juridique').selectOption('sarl');
    await organisation.getByLabel('Filière').selectOption('wood');
    await organisation
      .getByRole('button', { name: 'Enregistrer les informations de la structure' })
      .click();
    await organisation.getByText('Informations enregistrées.').waitFor();
    // A wrong INSEE code: the server's reason, in French.
    await mine.getByLabel('Code INSEE de la commune').fill('2C004');
    await mine.getByRole('button', { name: 'Enregistrer ces informations' }).click();
    expect(await mine.getByRole('alert').innerText()).toMatch(/INSEE/);
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'profile');

    const camille = await dashboard.as(DEMO_ARTISANS.camille);
    expect(
      (await camille<{ facts: unknown }>('GET', '/api/members/camille-roux/facts')).facts,
    ).toEqual({
      status: 'professional',
      territory: { commune: 'Die', insee: null, qpv: false, rural: true },
    });
    expect(
      (await camille<{ facts: unknown }>('GET', '/api/organisations/atelier-bois-roux/facts'))
        .facts,
    ).toMatchObject({ legalForm: 'sarl', sector: 'wood' });
  });
});
