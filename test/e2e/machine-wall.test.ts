/**
 * The machine wall in Debian's Chromium against the real stack: simulated machines on socat ptys →
 * gateway → aedes → server (serving the built dashboard) → browser. No InfluxDB needed here.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startGrblSimulator, type GrblSimulator } from '../simulators/grbl/simulator.js';
import { startMarlinSimulator, type MarlinSimulator } from '../simulators/marlin/simulator.js';
import { seriousViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { saveScreenshot } from '../support/dashboard-server.js';
import { openPtyPair, type PtyPair } from '../support/pty.js';
import { startStack, type Stack } from '../support/stack.js';

/** Wall rank of each state, as `dashboard/src/models/machines.ts` sorts them. */
const RANK: Record<string, number> = {
  error: 0,
  preparing: 1,
  running: 1,
  paused: 1,
  idle: 2,
  offline: 3,
  maintenance: 4,
};

let stack: Stack;
let laser: GrblSimulator;
let printer: MarlinSimulator;
const pairs: PtyPair[] = [];

beforeAll(async () => {
  const dashboard = fileURLToPath(new URL('../../dashboard/dist/index.html', import.meta.url));
  if (!existsSync(dashboard))
    throw new Error(
      'the dashboard is not built: run "npm run build:dashboard" (npm test does it first)',
    );
  const laserPty = await openPtyPair({ name: 'laser' });
  const printerPty = await openPtyPair({ name: 'printer' });
  pairs.push(laserPty, printerPty);
  laser = await startGrblSimulator({ path: laserPty.devicePath, machine: 'laser' });
  printer = await startMarlinSimulator({ path: printerPty.devicePath });
  stack = await startStack({
    influx: false,
    dashboard: true,
    machines: [
      {
        id: 'laser-co2',
        name: 'Découpe laser',
        kind: 'laser',
        profile: 'grbl',
        port: laserPty.hostPath,
      },
      {
        id: 'prusa-1',
        name: 'Prusa MK4',
        kind: 'printer',
        profile: 'marlin',
        port: printerPty.hostPath,
      },
    ],
  });
  await vi.waitFor(
    async () => {
      const { machines } = (await (await fetch(`${stack.server.httpUrl}/api/machines`)).json()) as {
        machines: unknown[];
      };
      if (machines.length !== 2)
        throw new Error(`${machines.length} of 2 machines reported so far`);
    },
    { timeout: 20_000, interval: 200 },
  );
});

afterAll(async () => {
  await stack?.stop();
  await laser?.stop();
  await printer?.stop();
  for (const pair of pairs) await pair.stop();
});

async function openWall(width = 1920, height = 1080) {
  const chromium = await launchChromium({ viewport: { width, height }, locale: 'fr-FR' });
  onTestFinished(chromium.stop);
  const page = await chromium.page();
  await page.goto(stack.server.httpUrl);
  await page.waitForSelector('[data-machine-id]');
  return page;
}

describe('machine wall', () => {
  it('shows one card per machine, problems first', async () => {
    const page = await openWall();
    const cards = page.locator('[data-machine-id]');
    await expect.poll(() => cards.count()).toBe(2);
    const states = await cards.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-state') ?? ''),
    );
    const ranks = states.map((state) => RANK[state] ?? 99);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'wall');
  });

  it('shows a state change in a simulator live, without a reload', async () => {
    const page = await openWall();
    const card = page.locator('[data-machine-id="laser-co2"]');
    await expect.poll(() => card.getAttribute('data-state')).toBe('idle');
    const started = Date.now();
    laser.startJob({ name: 'enseigne.nc', durationS: 600 });
    await expect
      .poll(() => card.getAttribute('data-state'), { timeout: 10_000, interval: 50 })
      .toBe('running');
    const runningAfter = Date.now() - started;
    laser.alarm(1);
    const alarmed = Date.now();
    await expect
      .poll(() => card.getAttribute('data-state'), { timeout: 10_000, interval: 50 })
      .toBe('error');
    const errorAfter = Date.now() - alarmed;
    await expect.poll(() => card.innerText()).toMatch(/Alarme 1 : fin de course/);
    // The brief asks for under 2 s; timing is reported, not asserted (shared, noisy machines).
    console.log(
      `wall showed "running" ${runningAfter} ms and "error" ${errorAfter} ms after the simulator changed state`,
    );
    laser.clearAlarm();
  });

  it('speaks French by default and counts the machines in the header', async () => {
    const page = await openWall();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect
      .poll(() => page.locator('[data-role="counters"]').innerText())
      .toMatch(/en marche|libre|en erreur|hors ligne/);
  });

  it('filters by kind and keeps the filter in the address', async () => {
    const page = await openWall();
    await page.click('button[data-kind="laser"]');
    expect(new URL(page.url()).searchParams.get('kind')).toBe('laser');
    await expect.poll(() => page.locator('[data-machine-id]').count()).toBe(1);
    expect(await page.locator('[data-machine-id]').first().getAttribute('data-kind')).toBe('laser');
  });

  it('switches to English and remembers it after a reload', async () => {
    const page = await openWall(390, 844);
    await page.click('button[data-locale="en"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.waitForSelector('[data-machine-id]');
    expect(await page.getAttribute('button[data-locale="en"]', 'aria-pressed')).toBe('true');
  });
});
