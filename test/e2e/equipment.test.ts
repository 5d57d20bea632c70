/**
 * The fab manager's machines and sharing rules in Debian's Chromium against the real server: a
 * rate and a rule changed (a wrong number named before anything is sent); the printer put into
 * maintenance, the server's preview shown before confirming (who is moved to the twin, who is
 * cancelled), nothing changed until "confirm", then exactly that done; back in service. 360 px.
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

type Reservation = { reservation: { id: string; machine: string; status: string } };

describe('machines and sharing rules', () => {
  it('changes a rate and a rule, shows what maintenance does to the bookings before confirming, then does it', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { machine } = await manager<{ machine: Record<string, unknown> }>(
      'GET',
      '/api/machines/prusa-mk4-1/sharing',
    );
    const { id: _id, ...settings } = machine;
    await manager('PUT', '/api/machines/prusa-mk4-2/sharing', {
      ...settings,
      name: 'Prusa MK4 n°2',
    });
    const { start } = await freeDayAhead(dashboard.url, 'prusa-mk4-1', 6);
    const at = (h: number) => new Date(start + h * HOUR).toISOString();
    const book = async (email: string, member: string, machineId: string, from: number) => {
      const artisan = await dashboard.as(email);
      const { reservation } = await artisan<Reservation>('POST', '/api/reservations', {
        member,
        machine: machineId,
        start: at(from),
        end: at(from + 1),
      });
      return reservation.id;
    };
    const moves = await book(DEMO_ARTISANS.camille, 'camille-roux', 'prusa-mk4-1', 0);
    await book(DEMO_ARTISANS.nadia, 'nadia-benali', 'prusa-mk4-2', 3);
    const cancels = await book(DEMO_ARTISANS.lucas, 'lucas-petit', 'prusa-mk4-1', 3);

    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/equipements' });
    await page.getByRole('button', { name: 'Régler Prusa MK4 n°1' }).click();
    const form = page.locator('[data-sharing="prusa-mk4-1"]');
    await form.getByLabel('Tarif horaire (€)').fill('4,50');
    await form.getByLabel('Durée minimale').fill('une heure');
    await form.getByRole('button', { name: 'Enregistrer les règles' }).click();
    expect(await form.getByRole('alert').innerText()).toMatch(/À corriger : Durée minimale/);
    await form.getByLabel('Durée minimale').fill('30');
    await form
      .getByLabel('Vérification après usage (vide : celle du site ou aucune)')
      .fill('Nettoyer le plateau');
    await form.getByLabel('Sans réservation, à la machine').selectOption('refused');
    await form.getByRole('button', { name: 'Enregistrer les règles' }).click();
    await form.getByText('Prusa MK4 n°1 : règles enregistrées.').waitFor();
    const saved = await manager<{ machine: { hourlyRateCents: number; rules: unknown } }>(
      'GET',
      '/api/machines/prusa-mk4-1/sharing',
    );
    expect(saved.machine).toMatchObject({
      hourlyRateCents: 450,
      rules: { maxMin: 720, minMin: 30, afterUseCheck: 'Nettoyer le plateau', walkIns: 'refused' },
    });

    const outage = page.locator('[data-outage="prusa-mk4-1"]');
    await outage.getByRole('button', { name: 'Mettre en maintenance…' }).click();
    const before = outage.getByRole('region', { name: 'Avant de confirmer' });
    await before.locator('[data-outage-effect]').waitFor();
    expect(await before.innerText()).toMatch(
      /1 réservation déplacée, 1 annulée — 2 personnes prévenues\./,
    );
    expect(await before.locator(`[data-moved="${moves}"]`).innerText()).toMatch(
      /^Camille Roux : déplacée sur Prusa MK4 n°2 — /,
    );
    expect(await before.locator(`[data-cancelled="${cancels}"]`).innerText()).toMatch(
      /^Lucas Petit : annulée/,
    );
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      360,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'equipment-outage');
    // Nothing has changed yet.
    const read = (id: string) =>
      manager<Reservation>('GET', `/api/reservations/${id}`).then((r) => r.reservation);
    expect(await read(cancels)).toMatchObject({ machine: 'prusa-mk4-1', status: 'confirmed' });

    await before.getByRole('button', { name: 'Confirmer' }).click();
    await outage
      .getByText('Prusa MK4 n°1 est en maintenance : 1 réservation déplacée, 1 annulée.')
      .waitFor();
    expect(await read(moves)).toMatchObject({ machine: 'prusa-mk4-2', status: 'confirmed' });
    expect(await read(cancels)).toMatchObject({ status: 'cancelled' });
    await page.locator('[data-machine="prusa-mk4-1"][data-status="maintenance"]').waitFor();

    await outage.getByRole('button', { name: 'Remettre en service' }).click();
    await outage.getByText('Prusa MK4 n°1 est de nouveau en service.').waitFor();
    const back = await manager<{ machine: { status: string; hourlyRateCents: number } }>(
      'GET',
      '/api/machines/prusa-mk4-1/sharing',
    );
    expect(back.machine).toMatchObject({ status: 'in_service', hourlyRateCents: 450 });
  });
});
