/**
 * The fab manager's report in Debian's Chromium against the real server: jobs reported over MQTT
 * as a gateway does, last month's report with its figures and tables as the server words them,
 * the usage sessions behind the laser's row (whose, how long), the downloads, and the archive of
 * monthly reports. English on switching.
 */
import { topics } from '@manufacto/firmware-profiles/contract';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { useDashboard } from '../support/dashboard-e2e.js';
import { DEMO_MANAGER_EMAIL, saveScreenshot } from '../support/dashboard-server.js';

const dashboard = useDashboard();
const HOUR = 3_600_000;

/** Two laser jobs on the 10th of last month at 10:00 and 14:00 (Paris), reported as a gateway does. */
async function lastMonthJobs(): Promise<void> {
  const now = new Date();
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 9, 0);
  const client = await mqtt.connectAsync(dashboard.server.mqttUrl, {
    clientId: `report-e2e-${process.pid}`,
  });
  let seq = 0;
  const publish = (channel: 'state' | 'event', body: object, ts: number) =>
    client.publishAsync(
      topics.machine('atelier-demo', 'laser-co2', channel),
      JSON.stringify({ v: 1, gateway: 'gw-demo', seq: seq++, ts, ...body }),
      { qos: 1 },
    );
  for (const [i, start] of [day, day + 4 * HOUR].entries()) {
    const job = { id: `job-report-${i}`, startedAt: start };
    await publish('event', { type: 'job_started', job }, start);
    await publish(
      'event',
      {
        type: 'job_finished',
        job: {
          ...job,
          endedAt: start + 1.5 * HOUR,
          outcome: 'completed',
          wallSeconds: 5400,
          activeSeconds: 4800,
        },
      },
      start + 1.5 * HOUR,
    );
  }
  const deadline = Date.now() + 10_000;
  while (dashboard.server.ingest.counters.accepted < seq) {
    if (Date.now() > deadline) throw new Error('the ingest did not take the jobs');
    await new Promise((r) => setTimeout(r, 20));
  }
  await dashboard.server.ingest.persistNow();
  await client.endAsync();
}

describe('the manager’s report', () => {
  it('shows last month’s figures, the sessions behind the laser’s hours, and the archive', async () => {
    await lastMonthJobs();
    const page = await dashboard.open('desktop');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/bilan' });
    await page.getByRole('heading', { name: 'Bilan des équipements partagés' }).waitFor();
    await page.locator('[data-figure]').first().waitFor();
    const laserRow = page.locator('[data-row="laser-co2"]').first();
    await laserRow.waitFor();
    await laserRow
      .getByRole('button', { name: /^Sessions derrière « Découpe laser CO₂ »$/ })
      .click();
    const drill = page.locator('[data-drill]');
    await drill.getByRole('heading', { name: 'Découpe laser CO₂ : 2 sessions d’usage' }).waitFor();
    expect(await drill.locator('[data-session]').count()).toBe(2);
    expect(
      (await drill.locator('[data-session]').first().innerText()).replace(/\s+/g, ' '),
    ).toMatch(
      /10 .* 10:00 Découpe laser CO₂ Sans réservation \(non attribuée\) 1,5 h 1,33 h 100 %/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'report');
    const pdf = page.getByRole('link', { name: 'PDF', exact: true });
    const res = await page.request.get(new URL((await pdf.getAttribute('href'))!, page.url()).href);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page
      .getByText(/Aucun rapport archivé pour l’instant|Rapports mensuels archivés/)
      .first()
      .waitFor();
    await page.locator('[data-locale="en"]').click();
    await page.getByRole('heading', { name: 'Shared-equipment report' }).waitFor();
    await drill.getByRole('heading', { name: 'Découpe laser CO₂: 2 usage sessions' }).waitFor();
  });
});
