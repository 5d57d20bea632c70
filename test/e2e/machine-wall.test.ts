/**
 * The machine wall in a real Chromium against a running stack.
 *
 * Not wired yet: the server is being written in parallel. Until `test/support/` can start the
 * server with a few simulated machines, point the test at any running instance:
 *   MANUFACTO_E2E_URL=http://localhost:8080 npx vitest run --config test/vitest.config.ts e2e/machine-wall
 * Without it the suite reports itself as a todo (not a silent pass).
 * TODO(lead): replace `baseUrl` with the stack harness (server + gateway + simulators) and assert
 * on the machines the simulators declare.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { launchChromium } from '../support/browser.js';

const baseUrl = process.env['MANUFACTO_E2E_URL'];

/** Wall rank of each state, as `dashboard/src/models/machines.ts` sorts them. */
const RANK: Record<string, number> = { error: 0, preparing: 1, running: 1, paused: 1, idle: 2, offline: 3, maintenance: 4 };

async function openWall(width = 1920, height = 1080) {
  const chromium = await launchChromium({ viewport: { width, height }, locale: 'fr-FR' });
  onTestFinished(chromium.stop);
  const page = await chromium.page();
  await page.goto(baseUrl!);
  await page.waitForSelector('[data-machine-id]');
  return page;
}

describe.runIf(baseUrl)('machine wall', () => {
  it('shows one card per machine of GET /api/machines, problems first', async () => {
    const response = await fetch(new URL('/api/machines', baseUrl));
    const { machines } = (await response.json()) as { machines: { id: string }[] };
    const page = await openWall();
    const cards = page.locator('[data-machine-id]');
    await expect.poll(() => cards.count()).toBe(machines.length);
    const states = await cards.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state') ?? ''));
    const ranks = states.map((state) => RANK[state] ?? 99);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('speaks French by default and counts the machines in the header', async () => {
    const page = await openWall();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect.poll(() => page.locator('[data-role="counters"]').innerText()).toMatch(/en marche|libre|en erreur|hors ligne/);
  });

  it('filters by kind and keeps the filter in the address', async () => {
    const page = await openWall();
    await page.click('button[data-kind="laser"]');
    expect(new URL(page.url()).searchParams.get('kind')).toBe('laser');
    const kinds = await page.locator('[data-machine-id]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-kind')));
    expect(new Set(kinds)).toEqual(new Set(kinds.length ? ['laser'] : []));
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

describe.skipIf(baseUrl)('machine wall (no stack)', () => {
  it.todo('runs against the real stack once test/support starts one (set MANUFACTO_E2E_URL meanwhile)');
});
