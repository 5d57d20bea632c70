/**
 * A network's members in Debian's Chromium against the real server: the manager of the site
 * standing for the network registers a member site with its public key (a field left empty is
 * named first), the site's funder then finds the network section on the funder page naming it,
 * and the manager removes it again.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useDashboard } from '../support/dashboard-e2e.js';
import { apiAs, DEMO_MANAGER_EMAIL, sessionOf, TEST_ADMIN } from '../support/dashboard-server.js';

const dashboard = useDashboard();

describe('the network’s member sites', () => {
  it('are registered by the network site’s manager and shown on its funder’s page', async () => {
    const publicKey = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const page = await dashboard.open('desktop');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/bilan' });
    const section = page.locator('[data-network-members="atelier-demo"]');
    await section.getByRole('heading', { name: 'Sites membres du réseau' }).waitFor();
    await section.getByText(/Aucun site membre inscrit/).waitFor();
    await section.getByLabel('Identifiant du site membre').fill('fablab-vallee');
    await section.getByLabel('Nom du site membre').fill('Fablab de la vallée');
    await section.getByRole('button', { name: 'Inscrire le site membre' }).click();
    await section
      .getByRole('alert')
      .getByText(/À corriger : Clé publique du site/)
      .waitFor();
    await section.getByLabel('Clé publique du site (fichier network-key.pem.pub)').fill(publicKey);
    await section.getByRole('button', { name: 'Inscrire le site membre' }).click();
    await section.getByRole('status').getByText('Fablab de la vallée est inscrit.').waitFor();
    await section.locator('[data-member="fablab-vallee"]').waitFor();

    // The site's funder: the network section names the member.
    const admin = await sessionOf(dashboard.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const { link } = await apiAs<{ link: string }>(
      dashboard.url,
      admin,
      'POST',
      '/api/auth/invitations',
      {
        email: 'reseau@financeur.fr',
        name: 'Réseau (financeur)',
        role: 'funder',
        site: 'atelier-demo',
      },
    );
    const funder = await dashboard.open('desktop');
    await funder.goto(link);
    const strong = 'les machines partagées tournent bien';
    await funder.getByLabel('Nouveau mot de passe').fill(strong);
    await funder.getByLabel('Le même, une seconde fois').fill(strong);
    await funder.getByRole('button', { name: 'Créer mon compte' }).click();
    await funder.waitForURL((url) => url.pathname === '/rapport');
    await funder.getByRole('heading', { name: 'Bilan du réseau' }).waitFor();
    await funder.getByText(/signés : Fablab de la vallée\./).waitFor();

    // Irreversible, so the page asks first (FR): accept the confirm.
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await section.getByRole('button', { name: 'Retirer Fablab de la vallée' }).click();
    await section
      .getByRole('status')
      .getByText('Fablab de la vallée est retiré du réseau.')
      .waitFor();
    await section.getByText(/Aucun site membre inscrit/).waitFor();
    expect(asked).toMatch(/^Retirer Fablab de la vallée du réseau \?/);
  });
});
