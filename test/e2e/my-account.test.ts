/**
 * "Mon compte" in Debian's Chromium against the real server with the demo workshop: an artisan
 * makes an API token, sees its secret once, a script's call with it succeeds, revoked it is
 * refused; their calendar address answers an iCal body with their reservation; axe finds no
 * serious violation and the page fits a 360 px phone.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import {
  DEMO_ARTISANS,
  DEMO_MANAGER_EMAIL,
  freeDayAhead,
  saveScreenshot,
} from '../support/dashboard-server.js';
import { useDashboard } from '../support/dashboard-e2e.js';

const dashboard = useDashboard();
const pageWidth = 'document.documentElement.scrollWidth';
const whoAmI = (token: string) =>
  fetch(`${dashboard.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });

describe('my account', () => {
  it('an artisan makes an API token, uses it once shown, revokes it, and subscribes to their calendar', async () => {
    const camille = await dashboard.as(DEMO_ARTISANS.camille);
    const { start } = await freeDayAhead(dashboard.url, 'cnc-fraiseuse', 2);
    const { reservation } = await camille<{ reservation: { id: string } }>(
      'POST',
      '/api/reservations',
      {
        member: 'camille-roux',
        machine: 'cnc-fraiseuse',
        start: new Date(start).toISOString(),
        end: new Date(start + 2 * 3_600_000).toISOString(),
      },
    );

    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_ARTISANS.camille);
    await page.getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { name: 'Mon compte', level: 2 }).waitFor();
    await page.getByText('Aucun jeton pour l’instant.').waitFor();

    await page.getByLabel('Nom du jeton').fill('export du tableur');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    const secretField = page.getByLabel('Votre jeton');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^mft_/);
    expect(await page.locator('[data-secret]').innerText()).toMatch(/Vous ne le reverrez pas/);
    expect(await page.locator('[data-token]').innerText()).toMatch(
      /export du tableur — lecture seule · créé le .* · jamais utilisé/,
    );
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(360);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'my-account');

    // A script's call with the token is the account's.
    const allowed = await whoAmI(secret);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({
      account: { email: DEMO_ARTISANS.camille },
      via: 'token',
    });

    // Once dismissed, or on coming back, the secret is nowhere on the page: only its name.
    await page.getByRole('button', { name: 'J’ai copié le jeton' }).click();
    await page.reload();
    await page.locator('[data-token]').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await page.locator('[data-token]').innerText()).toMatch(/dernier usage le/);

    // Revoke asks first; then the same call is refused.
    await page.getByRole('button', { name: 'Révoquer' }).click();
    await page.getByText('Révoquer « export du tableur » ?').waitFor();
    await page.getByRole('button', { name: 'Oui, révoquer' }).click();
    await page.locator('[data-token][data-revoked]').waitFor();
    expect(await page.locator('[data-token]').innerText()).toMatch(/révoqué/);
    expect((await whoAmI(secret)).status).toBe(401);

    // The calendar address answers the member's reservations as iCal.
    const url = await page.getByLabel('Adresse de mon agenda').inputValue();
    expect(await page.locator('[data-subscribe]').getAttribute('href')).toBe(
      url.replace(/^http:/, 'webcal:'),
    );
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ical = await feed.text();
    expect(ical).toMatch(/^BEGIN:VCALENDAR/);
    expect(ical).toContain(`UID:${reservation.id}@manufacto`);
    expect(ical).toMatch(/SUMMARY:Fraiseuse CNC — réservation/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate<number>(pageWidth)).toBeLessThanOrEqual(360);
  });

  it('a manager without a member has their tokens and no calendar', async () => {
    const page = await dashboard.open('desktop');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL);
    await page.goto(`${dashboard.url}/mon-compte`);
    await page.getByRole('heading', { name: 'Mes jetons d’API' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Mon agenda' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
