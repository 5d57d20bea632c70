/**
 * Material beside time, on screens, in Debian's Chromium against the real server: two jobs run on
 * the printer (reported over MQTT as a gateway does, no grams), the manager attaches them to
 * Camille; on her phone she declares the grams of one and sees its amount become time plus
 * material; the manager enters the other's grams on the accounting page; Camille's stale form
 * for it is refused in French, naming the grams recorded. 360 px, axe clean.
 */
import { topics } from '@manufacto/firmware-profiles/contract';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import { DEMO_ARTISANS, DEMO_MANAGER_EMAIL, saveScreenshot } from '../support/dashboard-server.js';

const dashboard = useDashboard();
const HOUR = 3_600_000;
const parisMonth = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(ms).slice(0, 7);
const narrow = async (page: Page) =>
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    360,
  );

/** Two one-hour jobs on the Prusa, ended an hour and three hours ago, with no grams said. */
async function twoPrints(): Promise<number> {
  const client = await mqtt.connectAsync(dashboard.server.mqttUrl, {
    clientId: `material-e2e-${process.pid}`,
  });
  let seq = 0;
  const publish = (body: object, ts: number) =>
    client.publishAsync(
      topics.machine('atelier-demo', 'prusa-mk4-1', 'event'),
      JSON.stringify({ v: 1, gateway: 'gw-demo', seq: seq++, ts, ...body }),
      { qos: 1 },
    );
  const first = Date.now() - 4 * HOUR;
  for (const [i, start] of [first, first + 2 * HOUR].entries()) {
    const job = { id: `job-material-${i}`, startedAt: start };
    await publish({ type: 'job_started', job }, start);
    await publish(
      {
        type: 'job_finished',
        job: {
          ...job,
          endedAt: start + HOUR,
          outcome: 'completed',
          wallSeconds: 3600,
          activeSeconds: 3600,
        },
      },
      start + HOUR,
    );
  }
  const deadline = Date.now() + 10_000;
  while (dashboard.server.ingest.counters.accepted < seq) {
    if (Date.now() > deadline) throw new Error('the ingest did not take the jobs');
    await new Promise((r) => setTimeout(r, 20));
  }
  await dashboard.server.ingest.persistNow();
  await client.endAsync();
  return first;
}

type Sessions = {
  usageSessions: { id: string; startedAt: string; materialGrams: number | null }[];
};

describe('material grams on screens', () => {
  it('an artisan declares grams and sees the amount change; a second figure is refused in French', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    const { machine } = await manager<{ machine: Record<string, unknown> }>(
      'GET',
      '/api/machines/prusa-mk4-1/sharing',
    );
    const { id: _id, ...settings } = machine;
    // 3 € an hour, measured time; filament at 25 € per kilogram.
    await manager('PUT', '/api/machines/prusa-mk4-1/sharing', {
      ...settings,
      materialRateCentsPerKg: 2500,
    });
    const first = await twoPrints();
    const { usageSessions } = await manager<Sessions>(
      'GET',
      '/api/usage-sessions?machine=prusa-mk4-1',
    );
    const [older, newer] = [...usageSessions].sort((a, b) =>
      a.startedAt.localeCompare(b.startedAt),
    );
    expect(older && newer).toBeTruthy();
    for (const s of [older!, newer!])
      await manager('PUT', `/api/usage-sessions/${s.id}/member`, { member: 'camille-roux' });

    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_ARTISANS.camille, { from: '/mes-reservations' });
    const line = page.locator(`[data-usage="${older!.id}"]`);
    await line.waitFor();
    expect(await line.locator('[data-amount]').innerText()).toMatch(/^Montant : 3,00\s€/);
    await line.getByLabel(/Matière utilisée \(g\)/).fill('trois cents');
    await line.getByRole('button', { name: 'Enregistrer les grammes' }).click();
    expect(await line.getByRole('alert').innerText()).toMatch(/un poids en grammes/);
    await line.getByLabel(/Matière utilisée \(g\)/).fill('320');
    await line.getByRole('button', { name: 'Enregistrer les grammes' }).click();
    // 1 h at 3 € and 320 g at 25 €/kg: 3 € + 8 €.
    await expect
      .poll(() => line.locator('[data-amount]').innerText())
      .toMatch(/^Montant : 11,00\s€ \(dont matière 8,00\s€\)/);
    expect(await line.innerText()).toMatch(/matière : 320\sg/);
    expect(await line.locator('[data-material]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await narrow(page);
    await saveScreenshot(page, 'my-usage');

    // Meanwhile the manager weighs the other spool: 50 g, on the accounting page.
    const desk = await dashboard.open('phone');
    await dashboard.logIn(desk, DEMO_MANAGER_EMAIL, { from: '/comptabilite' });
    await desk.getByLabel('Mois', { exact: true }).fill(parisMonth(first));
    const row = desk.locator(`[data-session="${newer!.id}"]`);
    await row.waitFor();
    expect(await desk.locator(`[data-session="${older!.id}"]`).getAttribute('data-grams')).toBe(
      '320',
    );
    await row.getByLabel(/Matière \(g\)/).fill('50');
    await row.getByRole('button', { name: 'Enregistrer les grammes' }).click();
    await expect.poll(() => row.getAttribute('data-grams')).toBe('50');
    await desk.locator('[data-total="camille-roux"]').waitFor();
    expect(await desk.locator('[data-total="camille-roux"] td').nth(3).innerText()).toMatch(
      /370\sg/,
    );
    expect(await seriousViolations(desk)).toEqual([]);
    await narrow(desk);
    await saveScreenshot(desk, 'accounting-material');

    // Camille's page still offers the form for it: the server refuses, in French.
    const stale = page.locator(`[data-usage="${newer!.id}"]`);
    await stale.getByLabel(/Matière utilisée \(g\)/).fill('80');
    await stale.getByRole('button', { name: 'Enregistrer les grammes' }).click();
    await stale
      .getByText(/a déjà 50 g de matière enregistrés : un responsable les corrige/)
      .waitFor();
    const after = await manager<Sessions>('GET', '/api/usage-sessions?machine=prusa-mk4-1');
    expect(after.usageSessions.find((s) => s.id === newer!.id)?.materialGrams).toBe(50);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
