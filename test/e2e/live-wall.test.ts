/**
 * The live wall on a workshop TV and a machine's page, in Debian's Chromium against the real
 * stack: a simulated Marlin printer on a socat pty → gateway → aedes → server → InfluxDB, and the
 * built dashboard. The wall in full screen (no navigation, larger type, live); the machine page
 * draws its temperatures from what InfluxDB holds; a server without InfluxDB says the history
 * needs it. axe-core on every page.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@manufacto/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startMarlinSimulator, type MarlinSimulator } from '../simulators/marlin/simulator.js';
import { seriousViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import {
  apiAs,
  DEMO_MANAGER_EMAIL,
  DEMO_PASSWORD,
  saveScreenshot,
  sessionOf,
  startDashboardServer,
  TEST_ADMIN,
} from '../support/dashboard-server.js';
import { openPtyPair, type PtyPair } from '../support/pty.js';
import { influxQuery, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let printer: MarlinSimulator;
let pty: PtyPair;

beforeAll(async () => {
  const dashboard = fileURLToPath(new URL('../../dashboard/dist/index.html', import.meta.url));
  if (!existsSync(dashboard))
    throw new Error('the dashboard is not built: run "npm run build:dashboard" (npm test does it)');
  pty = await openPtyPair({ name: 'printer' });
  printer = await startMarlinSimulator({ path: pty.devicePath });
  stack = await startStack({
    dashboard: true,
    machines: [
      { id: 'prusa-1', name: 'Prusa MK4', kind: 'printer', profile: 'marlin', port: pty.hostPath },
    ],
  });
  // A print heats the hotend: readings that move, written to InfluxDB by the server.
  await vi.waitFor(
    async () => {
      const res = await fetch(`${stack.server.httpUrl}/api/machines/prusa-1`);
      expect(res.status).toBe(200);
    },
    { timeout: 20_000, interval: 200 },
  );
  printer.startJob({ name: 'support-outil.gcode', durationS: 600 });
  await vi.waitFor(
    async () => {
      const rows = await influxQuery(
        stack.influx!,
        `SELECT count("hotend_temp_c") FROM "manufacto_raw"."machine_metrics" WHERE "machine" = 'prusa-1'`,
      );
      expect(Number(rows[0]?.['count'] ?? 0)).toBeGreaterThanOrEqual(5);
    },
    { timeout: 30_000, interval: 500 },
  );
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await printer?.stop();
  await pty?.stop();
});

async function browser(width: number, height: number): Promise<Page> {
  const chromium = await launchChromium({ viewport: { width, height }, locale: 'fr-FR' });
  onTestFinished(chromium.stop);
  return chromium.page();
}

async function logIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname !== '/connexion');
}

const rootFontPx = (page: Page) =>
  page.evaluate<number>('Number.parseFloat(getComputedStyle(document.documentElement).fontSize)');

describe('the wall on a workshop TV', () => {
  it('opens full screen from its address: no navigation, larger type, live state', async () => {
    const page = await browser(1920, 1080);
    await page.goto(stack.server.httpUrl);
    await page.waitForSelector('[data-machine-id="prusa-1"]');
    const normal = await rootFontPx(page);
    expect(await page.getByRole('navigation').count()).toBe(1);

    await page.goto(`${stack.server.httpUrl}/?plein-ecran`);
    const card = page.locator('[data-machine-id="prusa-1"]');
    await card.waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getAttribute('html', 'data-tv')).not.toBeNull();
    expect((await rootFontPx(page)) / normal).toBeGreaterThan(1.2);
    // Live: the print under way, its progress, and who holds the slot (nobody booked it here).
    await expect
      .poll(() => card.getAttribute('data-state'), { timeout: 15_000 })
      .toMatch(/preparing|running/);
    await expect
      .poll(() => card.locator('[data-role="holder-current"]').innerText())
      .toBe('Pas de réservation en cours');
    await expect
      .poll(() => card.locator('[role="progressbar"]').count(), { timeout: 20_000 })
      .toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'wall-tv');
  });

  it('enters full screen with its button and leaves it the same way', async () => {
    const page = await browser(1280, 800);
    await page.goto(stack.server.httpUrl);
    await page.getByRole('button', { name: 'Plein écran' }).click();
    await page.waitForURL((url) => url.searchParams.has('plein-ecran'));
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.getByRole('button', { name: 'Quitter le plein écran' }).click();
    await page.waitForURL((url) => !url.searchParams.has('plein-ecran'));
    expect(await page.getByRole('navigation').count()).toBe(1);
  });
});

describe('a machine’s page', () => {
  it('draws the temperatures InfluxDB holds and the state timeline, for an account', async () => {
    // Enough heating for a line of several 10 s means (three at least), not a dot.
    await vi.waitFor(
      async () => {
        const [row] = await influxQuery(
          stack.influx!,
          `SELECT spread("hotend_temp_c") FROM "manufacto_raw"."machine_metrics" WHERE "machine" = 'prusa-1' AND time > now() - 1h`,
        );
        const [first] = await influxQuery(
          stack.influx!,
          `SELECT first("hotend_temp_c") FROM "manufacto_raw"."machine_metrics" WHERE "machine" = 'prusa-1'`,
        );
        expect(Number(row?.['spread'] ?? 0)).toBeGreaterThan(0);
        expect(Date.now() - Number(first?.['time'] ?? Date.now())).toBeGreaterThan(30_000);
      },
      { timeout: 60_000, interval: 1000 },
    );
    const page = await browser(1440, 900);
    await logIn(page, stack.server.httpUrl, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.goto(`${stack.server.httpUrl}/machines/prusa-1`);
    const chart = page.locator('[data-role="readings-chart"]');
    await chart.locator('canvas').waitFor({ timeout: 15_000 });
    // The canvas holds drawn pixels, not a blank box.
    // (Evaluated in the page, written as a string: the test package has no DOM types.)
    const inked = await page.evaluate<number>(`(() => {
      const canvas = document.querySelector('[data-role="readings-chart"] canvas');
      const ctx = canvas && canvas.getContext('2d');
      if (!ctx) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n += 1;
      return n;
    })()`);
    expect(inked).toBeGreaterThan(500);
    expect(await page.locator('[data-field="hotend_temp_c"]').innerText()).toMatch(
      /^Buse \(°C\) : de [\d,]+ à [\d,]+, dernière [\d,]+$/,
    );
    await expect
      .poll(() => page.locator('[data-role="state-timeline"]').getAttribute('aria-label'))
      .toMatch(/Préparation|En marche/);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'machine');
  }, 120_000);

  it('fits a 360 px phone, and asks an anonymous visitor to log in for the history', async () => {
    const page = await browser(360, 780);
    await page.goto(`${stack.server.httpUrl}/machines/prusa-1`);
    await page.locator('[data-role="history-login"]').waitFor();
    expect(await page.locator('[data-machine-id="prusa-1"]').count()).toBe(1);
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('a cable pulled', () => {
  it('says why the printer is offline in French, then in English on switching', async () => {
    const page = await browser(1280, 800);
    await page.goto(stack.server.httpUrl);
    const card = page.locator('[data-machine-id="prusa-1"]');
    await card.waitFor();
    await pty.stop();
    const reason = card.locator('[data-role="reason"]');
    await expect
      .poll(() => reason.innerText(), { timeout: 20_000 })
      .toMatch(/\/printer-host( :|) (.* )?(disparu|connexion perdue|introuvable)/);
    await page.getByRole('button', { name: 'EN' }).click();
    await expect
      .poll(() => reason.innerText())
      .toMatch(
        /^Disconnected — .*\/printer-host(:|) (.* )?(disappeared|connection lost|not found)/,
      );
    // The gateway's reason in English words from its code, not the French sentence it sent.
    expect(await reason.innerText()).not.toMatch(
      /disparu|connexion perdue|introuvable|Déconnectée/,
    );
  });
});

describe('a server without InfluxDB (the demo)', () => {
  let demo: RunningServer;
  beforeAll(async () => {
    demo = await startDashboardServer();
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('says on the machine page that the history needs InfluxDB, and shows its sharing', async () => {
    const page = await browser(1280, 800);
    await logIn(page, demo.httpUrl, DEMO_MANAGER_EMAIL, DEMO_PASSWORD);
    await page.goto(`${demo.httpUrl}/machines/laser-co2`);
    await expect
      .poll(() => page.locator('[data-role="history-needs-influx"]').innerText())
      .toMatch(/L’historique demande InfluxDB/);
    expect(await page.locator('[data-role="sharing-status"]').innerText()).toBe('En service');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('names the next slot’s holder to the site’s manager only, not to the wall', async () => {
    const manager = await sessionOf(demo.httpUrl, DEMO_MANAGER_EMAIL);
    // The first free hour of the printer in the coming days, on the hour.
    const { free } = await apiAs<{ free: { start: string; end: string }[] }>(
      demo.httpUrl,
      {},
      'GET',
      `/api/machines/prusa-mk4-1/availability?from=${new Date(Date.now() + 3_600_000).toISOString()}&to=${new Date(Date.now() + 5 * 86_400_000).toISOString()}`,
    );
    const HOUR = 3_600_000;
    const slot = free
      .map((f) => ({ start: Math.ceil(Date.parse(f.start) / HOUR) * HOUR, end: Date.parse(f.end) }))
      .find((f) => f.end - f.start >= HOUR);
    if (!slot) throw new Error('no free hour on prusa-mk4-1 in the coming days');
    await apiAs(demo.httpUrl, manager, 'POST', '/api/reservations', {
      member: 'camille-roux',
      machine: 'prusa-mk4-1',
      start: new Date(slot.start).toISOString(),
      end: new Date(slot.start + HOUR).toISOString(),
    });

    const wall = await browser(1280, 800);
    await wall.goto(`${demo.httpUrl}/machines/prusa-mk4-1`);
    const next = wall.locator('[data-role="holder-next"]');
    await expect.poll(() => next.innerText()).toMatch(/^Prochain créneau : /);
    expect(await wall.locator('main').innerText()).not.toMatch(/Camille/);
    expect(await wall.locator('[data-role="upcoming"] li').count()).toBeGreaterThanOrEqual(1);

    const page = await browser(1280, 800);
    await logIn(page, demo.httpUrl, DEMO_MANAGER_EMAIL, DEMO_PASSWORD);
    await page.goto(`${demo.httpUrl}/machines/prusa-mk4-1`);
    await expect
      .poll(() => page.locator('[data-role="holder-next"]').innerText())
      .toMatch(/^Ensuite : Camille Roux à /);
  });
});
