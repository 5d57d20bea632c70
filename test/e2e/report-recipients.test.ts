/**
 * The fab manager chooses who receives the monthly report by mail, in Debian's Chromium against
 * the real server (no SMTP configured here): the screen says mailing is off and how to turn it
 * on, a wrong address is named before sending, the list saved is there after a reload. English
 * on switching.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import { DEMO_MANAGER_EMAIL } from '../support/dashboard-server.js';

const dashboard = useDashboard();

describe('the report recipients form', () => {
  it('says mailing is off, names a wrong address, and keeps the list saved', async () => {
    const page = await dashboard.open('desktop');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/bilan' });
    const section = page.locator('[data-recipients="atelier-demo"]');
    await section.getByRole('heading', { name: 'Envoi du rapport mensuel par courriel' }).waitFor();
    await section
      .locator('[data-mailing="off"]')
      .getByText(/SMTP_URL/)
      .waitFor();
    const field = section.getByLabel('Destinataires (une adresse par ligne)');
    await field.fill('direction@atelier.test\npas-une-adresse');
    await section.getByRole('button', { name: 'Enregistrer les destinataires' }).click();
    await section.getByRole('alert').getByText('Adresses non valables : pas-une-adresse').waitFor();
    await field.fill('direction@atelier.test\nSuivi@Region.test');
    await section.getByRole('button', { name: 'Enregistrer les destinataires' }).click();
    await section.getByRole('status').getByText('Destinataires enregistrés.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await section.locator('[data-mailing="off"]').waitFor();
    await expect
      .poll(() => section.getByLabel('Destinataires (une adresse par ligne)').inputValue())
      .toBe('direction@atelier.test\nsuivi@region.test');
    await page.locator('[data-locale="en"]').click();
    await section.getByRole('heading', { name: 'Monthly report by mail' }).waitFor();
    await section.getByText(/^Mailing is off/).waitFor();
  });
});
