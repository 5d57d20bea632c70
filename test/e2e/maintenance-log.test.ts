/**
 * The machine's "Carnet d'entretien" in Debian's Chromium against the real server, on a phone
 * (360 px): the fab manager writes "Buse changée" with the machine's hours, it is listed at once
 * with their name and a French date, and kept (the server lists it); an artisan of the site reads
 * it on the same page but has no form. axe: no serious violation on either screen.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import { DEMO_ARTISANS, DEMO_MANAGER_EMAIL, saveScreenshot } from '../support/dashboard-server.js';

const dashboard = useDashboard();

describe('the maintenance log of a machine', () => {
  it('a manager writes a note on a phone, it shows with their name; an artisan reads it without a form', async () => {
    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL);
    await page.goto(`${dashboard.url}/machines/prusa-mk4-1`);
    const log = page.getByRole('region', { name: 'Carnet d’entretien' });
    await log.getByText('Aucune note d’entretien pour l’instant.').waitFor();
    // An empty note is refused by the form itself, nothing is sent.
    await log.getByRole('button', { name: 'Ajouter au carnet' }).click();
    expect(await log.locator('[data-role="notes"] li').count()).toBe(0);
    await log.getByLabel('Nouvelle note (ce qui a été fait)').fill('Buse 0,4 mm changée');
    await log.getByLabel('Heures d’utilisation de la machine (facultatif)').fill('1240,5');
    await log.getByRole('button', { name: 'Ajouter au carnet' }).click();
    const first = log.locator('[data-role="notes"] li').first();
    await first.getByText('Buse 0,4 mm changée').waitFor();
    const line = await first.innerText();
    expect(line).toContain('Fab manager (démo)');
    expect(line).toContain('à 1\u202f240,5 h d’utilisation');
    expect(line).toMatch(
      /\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}/,
    );
    // The form is emptied for the next note, and the server kept this one.
    expect(await log.getByLabel('Nouvelle note (ce qui a été fait)').inputValue()).toBe('');
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const kept = await manager<{ notes: { text: string; usageHours: number | null }[] }>(
      'GET',
      '/api/machines/prusa-mk4-1/maintenance-notes',
    );
    expect(kept.notes[0]).toMatchObject({ text: 'Buse 0,4 mm changée', usageHours: 1240.5 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      360,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'maintenance-log-manager');

    const phone = await dashboard.open('phone');
    await dashboard.logIn(phone, DEMO_ARTISANS.camille);
    await phone.goto(`${dashboard.url}/machines/prusa-mk4-1`);
    const read = phone.getByRole('region', { name: 'Carnet d’entretien' });
    await read.getByText('Buse 0,4 mm changée').waitFor();
    expect(await read.innerText()).toContain('Fab manager (démo)');
    expect(await read.locator('[data-role="note-form"]').count()).toBe(0);
    expect(await seriousViolations(phone)).toEqual([]);
  });
});
