/**
 * The after-use check on screens, in Debian's Chromium against the real server: the site asks
 * "Aspirer la chambre" after each use; Camille starts her laser slot, says "J'ai fini", and the
 * machine's page says it awaits its check; she confirms it with a note, and the manager's list
 * holds her confirmation. Meanwhile the manager's day board lists the laser as awaiting its
 * check, with a link to its page, where the manager could confirm it in her place; and the public
 * wall's card says it awaits its check, live, from "J'ai fini" to her confirmation. 360 px, axe
 * clean.
 */
import { topics } from '@manufacto/firmware-profiles/contract';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import { DEMO_ARTISANS, DEMO_MANAGER_EMAIL, saveScreenshot } from '../support/dashboard-server.js';

const dashboard = useDashboard();
const QUARTER = 15 * 60_000;
const allDay = [{ open: '00:00', close: '24:00' }];

/** The laser's state, as a gateway publishes it: the public wall shows machines that reported. */
async function laserReports(): Promise<void> {
  const client = await mqtt.connectAsync(dashboard.server.mqttUrl, {
    clientId: `after-use-e2e-${process.pid}`,
  });
  const accepted = dashboard.server.ingest.counters.accepted;
  const now = Date.now();
  await client.publishAsync(
    topics.machine('atelier-demo', 'laser-co2', 'state'),
    JSON.stringify({
      v: 1,
      gateway: 'gw-demo',
      seq: 1,
      ts: now,
      state: 'idle',
      since: now,
      machine: { name: 'Découpe laser', kind: 'laser', profile: 'grbl' },
    }),
    { qos: 1 },
  );
  await client.endAsync();
  const deadline = Date.now() + 10_000;
  while (dashboard.server.ingest.counters.accepted === accepted) {
    if (Date.now() > deadline) throw new Error('the ingest did not take the laser’s state');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the after-use check', () => {
  it('after “J’ai fini” the machine awaits its check until its user confirms it', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { site } = await manager<{ site: Record<string, unknown> & { rules: object } }>(
      'GET',
      '/api/sites/atelier-demo',
    );
    const { id: _id, ...rest } = site;
    // Open round the clock and never closed: the test runs at any hour of any day.
    await manager('PUT', '/api/sites/atelier-demo', {
      ...rest,
      openingHours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, allDay])),
      closures: [],
      holidays: 'none',
      rules: { ...site.rules, afterUseCheck: 'Aspirer la chambre' },
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

    // The public wall, open before the use ends: nobody logged in.
    await laserReports();
    const wall = await dashboard.open('desktop');
    await wall.goto(dashboard.url);
    const card = wall.locator('[data-machine-id="laser-co2"]');
    await card.waitFor();
    const awaitsOnWall = card.locator('[data-role="awaiting-check"]');
    expect(await awaitsOnWall.count()).toBe(0);

    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_ARTISANS.camille, { from: '/mes-reservations' });
    const item = page.locator(`[data-reservation="${reservation.id}"]`);
    await item.getByRole('button', { name: 'Démarrer mon créneau' }).click();
    // The demo has no gateway speaking for the laser: the page says to switch it on by hand.
    await item
      .getByText('Aucune passerelle n’allume cette machine : mettez-la en marche vous-même.')
      .waitFor();
    await item.getByRole('button', { name: 'J’ai fini' }).click();
    await item
      .getByText('Machine rendue : elle ne vous est plus réservée.', { exact: false })
      .waitFor();

    // The wall's card says so without a reload, and names nobody.
    await awaitsOnWall
      .getByText('Attend sa vérification après usage depuis', { exact: false })
      .waitFor();
    expect(await awaitsOnWall.innerText()).toMatch(/ : Aspirer la chambre$/);
    expect(await awaitsOnWall.innerText()).not.toContain('Camille');
    expect(await seriousViolations(wall)).toEqual([]);
    await saveScreenshot(wall, 'wall-awaiting-check');

    // The manager's day board says the laser awaits its check, and links to where it is confirmed.
    const desk = await dashboard.open('desktop');
    await dashboard.logIn(desk, DEMO_MANAGER_EMAIL, { from: '/atelier' });
    const waiting = desk.getByRole('region', {
      name: 'En attente de vérification après usage',
    });
    const line = waiting.locator('[data-awaiting-check="laser-co2"]');
    await line.getByText('attend sa vérification depuis', { exact: false }).waitFor();
    await line.getByText('(usage de Camille Roux)', { exact: false }).waitFor();
    expect(await seriousViolations(desk)).toEqual([]);
    await line.getByRole('link', { name: 'Confirmer la vérification' }).click();
    await desk.waitForURL(/\/machines\/laser-co2$/);
    await desk
      .getByRole('region', { name: 'Vérification après usage' })
      .getByRole('button', { name: 'Confirmer la vérification à sa place' })
      .waitFor();

    await page.goto(`${dashboard.url}/machines/laser-co2`);
    const panel = page.getByRole('region', { name: 'Vérification après usage' });
    await panel.getByText('Après chaque usage : Aspirer la chambre.').waitFor();
    await panel.getByText('En attente de vérification depuis', { exact: false }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      360,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'after-use-check');
    await panel.getByLabel('Note (facultative)').fill('Chambre aspirée');
    await panel.getByRole('button', { name: 'J’ai fait la vérification' }).click();
    await panel.getByText('Vérification enregistrée : la machine est de nouveau libre.').waitFor();
    // …and the wall's card no longer says it awaits, again without a reload.
    await awaitsOnWall.waitFor({ state: 'detached' });

    await desk.goto(`${dashboard.url}/atelier`);
    await desk.getByText('Aucune machine n’attend sa vérification.').waitFor();

    const { uses } = await manager<{
      uses: Array<{ machine: string; member: { id: string }; check: unknown }>;
    }>('GET', '/api/sites/atelier-demo/after-use-checks');
    expect(uses).toEqual([
      expect.objectContaining({
        machine: 'laser-co2',
        member: expect.objectContaining({ id: 'camille-roux' }),
        check: expect.objectContaining({ byUser: true, note: 'Chambre aspirée' }),
      }),
    ]);
  });
});
