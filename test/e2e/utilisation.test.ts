/**
 * The fab manager's utilisation screen, in Debian's Chromium against the real server and a real
 * influxd: two Prusa MK4 of one group report over MQTT (as a gateway does) that they ran last
 * Tuesday 13:30–15:00, and the first an overnight print Wednesday 23:15 → Thursday 00:45. From
 * the day board, on a phone, last week's figures read what the API answers for that week, the
 * idle laser and CNC stand out, and the heat map's busiest hour is Tuesday 14 h. axe clean, 360 px.
 */
import { topics } from '@manufacto/firmware-profiles/contract';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { type Caller, useDashboard } from '../support/dashboard-e2e.js';
import { DEMO_MANAGER_EMAIL, saveScreenshot } from '../support/dashboard-server.js';

const dashboard = useDashboard({ influx: true });
const SITE = 'atelier-demo';
const ZONE = 'Europe/Paris';
const DAY = 86_400_000;
const NAMES: Record<string, string> = {
  'prusa-mk4-1': 'Prusa MK4 n°1',
  'prusa-mk4-2': 'Prusa MK4 n°2',
};

/** The Paris date of an instant, "YYYY-MM-DD". */
const parisDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(ms);

/** The instant of a Paris wall-clock time (two passes settle a change of offset). */
function paris(date: string, time: string): number {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const offset = (ms: number) => {
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  };
  return asUtc - offset(asUtc - offset(asUtc));
}

/** Last week's Monday, as the manager's "La semaine dernière" means it (Paris calendar). */
function lastMonday(): string {
  const today = parisDate(Date.now());
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
  return parisDate(Date.parse(`${today}T12:00:00Z`) - (weekday + 7) * DAY);
}

const hours = (seconds: number) =>
  `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(seconds / 3600)}\u00a0h`;
const bookHours = (h: number) =>
  `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(h)}\u00a0h`;
const share = (s: number) =>
  `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(s * 100)}\u202f%`;

/** Two printers in the prusa-mk4 group (the demo has the first; the second joins the site). */
async function twoPrinters(manager: Caller): Promise<void> {
  const { machine } = await manager<{ machine: Record<string, unknown> }>(
    'GET',
    '/api/machines/prusa-mk4-1/sharing',
  );
  const { id: _id, ...settings } = machine;
  await manager('PUT', '/api/machines/prusa-mk4-1/sharing', { ...settings, group: 'prusa-mk4' });
  await manager('PUT', '/api/machines/prusa-mk4-2/sharing', {
    ...settings,
    name: 'Prusa MK4 n°2',
    group: 'prusa-mk4',
  });
}

/** The printers' state changes, published as the gateway would, at the times they happened. */
async function lastWeeksPrints(monday: string): Promise<void> {
  const client = await mqtt.connectAsync(dashboard.server.mqttUrl, {
    clientId: `utilisation-e2e-${process.pid}`,
  });
  let seq = 0;
  const tuesday = parisDate(Date.parse(`${monday}T12:00:00Z`) + DAY);
  const wednesday = parisDate(Date.parse(`${monday}T12:00:00Z`) + 2 * DAY);
  const thursday = parisDate(Date.parse(`${monday}T12:00:00Z`) + 3 * DAY);
  const changes: [string, string, number][] = [
    ['prusa-mk4-1', 'idle', paris(monday, '08:00')],
    ['prusa-mk4-2', 'idle', paris(monday, '08:00') + 1],
    ['prusa-mk4-1', 'running', paris(tuesday, '13:30')],
    ['prusa-mk4-2', 'running', paris(tuesday, '13:30') + 1],
    ['prusa-mk4-1', 'idle', paris(tuesday, '15:00')],
    ['prusa-mk4-2', 'idle', paris(tuesday, '15:00') + 1],
    // An overnight print: nobody in the workshop.
    ['prusa-mk4-1', 'running', paris(wednesday, '23:15')],
    ['prusa-mk4-1', 'idle', paris(thursday, '00:45')],
  ];
  for (const [machine, state, ts] of changes)
    await client.publishAsync(
      topics.machine(SITE, machine, 'state'),
      JSON.stringify({
        v: 1,
        gateway: 'gw-demo',
        seq: seq++,
        ts,
        state,
        since: ts,
        // The gateway names the machine as the workshop does (the server keeps that name).
        machine: { name: NAMES[machine], kind: 'printer', profile: 'marlin' },
      }),
      { qos: 1 },
    );
  await client.endAsync();
}

type Utilisation = {
  seconds: Record<string, number>;
  heatmap: number[][];
  staffed?: { openRunningShare: number; runningOpenSeconds: number; runningClosedSeconds: number };
};

const figure = (page: Page, row: string, name: string) =>
  page.locator(`${row} [data-figure="${name}"]`).innerText();

describe('the utilisation screen', () => {
  it('shows last week’s figures as the API gives them, idle machines apart, the busiest hour', async () => {
    const manager = await dashboard.as(DEMO_MANAGER_EMAIL);
    await twoPrinters(manager);
    const monday = lastMonday();
    const from = new Date(paris(monday, '00:00')).toISOString();
    const to = new Date(
      paris(parisDate(Date.parse(`${monday}T12:00:00Z`) + 7 * DAY), '00:00'),
    ).toISOString();
    await lastWeeksPrints(monday);
    const period = `from=${from}&to=${to}`;
    // The ingest writes to InfluxDB in batches: wait until both prints are there.
    await vi.waitFor(
      async () => {
        const u = await manager<Utilisation>(
          'GET',
          `/api/machines/prusa-mk4-1/utilisation?${period}`,
        );
        expect(u.seconds['running']).toBe(3 * 3600);
      },
      { timeout: 20_000, interval: 250 },
    );

    const page = await dashboard.open('phone');
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/atelier' });
    await page.getByRole('link', { name: 'Utilisation des machines' }).click();
    await page.waitForURL((url) => url.pathname === '/utilisation');
    await page.getByLabel('Période').selectOption({ label: 'La semaine dernière' });
    await page.locator('[data-machine="laser-co2"]').waitFor();
    await expect
      .poll(() => figure(page, '[data-machine="prusa-mk4-1"]', 'running'))
      .toBe(hours(3 * 3600));

    // Every machine's figures read what the API says of the same week.
    const { totals } = await manager<{
      totals: { key: string; bookedHours: number; usedWallHours: number; noShows: number }[];
    }>('GET', `/api/accounting/totals?${period}&site=${SITE}&by=machine`);
    for (const id of ['prusa-mk4-1', 'prusa-mk4-2', 'laser-co2', 'cnc-fraiseuse']) {
      const u = await manager<Utilisation>('GET', `/api/machines/${id}/utilisation?${period}`);
      const books = totals.find((t) => t.key === id);
      const row = `[data-machine="${id}"]`;
      expect(await figure(page, row, 'running')).toBe(hours(u.seconds['running'] ?? 0));
      expect(await figure(page, row, 'openShare')).toBe(share(u.staffed!.openRunningShare));
      expect(await figure(page, row, 'staffed')).toBe(hours(u.staffed!.runningOpenSeconds));
      expect(await figure(page, row, 'unattended')).toBe(hours(u.staffed!.runningClosedSeconds));
      expect(await figure(page, row, 'booked')).toBe(bookHours(books?.bookedHours ?? 0));
      expect(await figure(page, row, 'used')).toBe(bookHours(books?.usedWallHours ?? 0));
      expect(await figure(page, row, 'noShows')).toBe(String(books?.noShows ?? 0));
    }
    // The overnight print ran unattended: 1.5 h outside opening hours, 1.5 h inside.
    expect(await figure(page, '[data-machine="prusa-mk4-1"]', 'unattended')).toBe('1,5\u00a0h');
    expect(await figure(page, '[data-machine="prusa-mk4-1"]', 'staffed')).toBe('1,5\u00a0h');

    // The group: its machines added up, as its route says.
    const group = await manager<Utilisation>(
      'GET',
      `/api/machine-groups/${SITE}/prusa-mk4/utilisation?${period}`,
    );
    expect(await figure(page, '[data-group="prusa-mk4"]', 'running')).toBe(
      hours(group.seconds['running'] ?? 0),
    );
    expect(await figure(page, '[data-group="prusa-mk4"]', 'openShare')).toBe(
      share(group.staffed!.openRunningShare),
    );

    // The laser and the CNC did nothing: marked idle, in words, and listed above the tables.
    for (const id of ['laser-co2', 'cnc-fraiseuse'])
      expect(await page.locator(`[data-machine="${id}"]`).getAttribute('data-idle')).toBe('');
    expect(await page.locator('[data-machine="prusa-mk4-1"]').getAttribute('data-idle')).toBe(null);
    expect(await page.locator('[data-group="prusa-mk4"]').getAttribute('data-idle')).toBe(null);
    expect(await page.locator('[data-idle-summary]').innerText()).toMatch(
      /2 machines inactives sur la période : Fraiseuse CNC, Découpe laser CO₂/,
    );

    // The group's heat map first: both printers on Tuesday 14 h–15 h, 2 h of machine-time.
    await page.locator('[data-heatmap]').waitFor();
    const busiest = page.locator('[data-heatmap] td[data-level="4"]');
    expect(await busiest.count()).toBe(1);
    expect(await busiest.getAttribute('data-day')).toBe('1');
    expect(await busiest.getAttribute('data-hour')).toBe('14');
    expect(await busiest.innerText()).toBe('2');
    expect(group.heatmap[1]?.[14]).toBe(7200);
    expect(await page.locator('[data-busiest]').innerText()).toBe(
      'Heure la plus chargée : mardi 14\u00a0h–15\u00a0h (2\u00a0h de marche).',
    );
    // The first printer's own map: Tuesday 14 h still, the night's hours lighter and written.
    await page.getByLabel('Carte de').selectOption({ label: 'Prusa MK4 n°1' });
    await expect
      .poll(() => page.locator('[data-heatmap] td[data-day="2"][data-hour="23"]').innerText())
      .toBe('0,8');
    expect(
      await page
        .locator('[data-heatmap] td[data-level="4"]')
        .evaluateAll((cells) =>
          cells.map((c) => `${c.getAttribute('data-day')}:${c.getAttribute('data-hour')}`),
        ),
    ).toEqual(['1:14']);
    expect(await page.locator('[data-busiest]').innerText()).toMatch(/mardi 14\u00a0h–15\u00a0h/);
    // The map scrolls sideways in its own region, reached with the keyboard; the page does not.
    const region = page.getByRole('region', { name: /Heures de marche de Prusa MK4 n°1/ });
    await region.focus();
    await page.keyboard.press('End');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      360,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'utilisation');

    // In English, the same week in English words.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect
      .poll(() => page.locator('[data-busiest]').innerText())
      .toBe('Busiest hour: Tuesday 14:00–15:00 (1\u00a0h running).');
    expect(await page.locator('[data-idle-summary]').innerText()).toMatch(
      /2 machines idle over the period: Fraiseuse CNC, Découpe laser CO₂/,
    );
    await page.getByRole('button', { name: 'FR', exact: true }).click();

    // From a machine's page, its own map comes first.
    await page.goto(`${dashboard.url}/machines/prusa-mk4-2`);
    await page.getByRole('link', { name: 'Utilisation de cette machine' }).click();
    await page.waitForURL((url) => url.pathname === '/utilisation');
    await page.getByLabel('Période').selectOption({ label: 'La semaine dernière' });
    await expect.poll(() => page.getByLabel('Carte de').inputValue()).toBe('machine:prusa-mk4-2');
    await expect
      .poll(() => page.locator('[data-busiest]').innerText())
      .toMatch(/mardi 14\u00a0h–15\u00a0h \(1\u00a0h de marche\)/);
  });

  it('keeps every heat-map cell’s figure readable in the dark theme (axe measures all 168)', async () => {
    const page = await dashboard.open('phone', { colorScheme: 'dark' });
    await dashboard.logIn(page, DEMO_MANAGER_EMAIL, { from: '/utilisation' });
    await page.getByLabel('Période').selectOption({ label: 'La semaine dernière' });
    await page.getByLabel('Carte de').selectOption({ label: 'Prusa MK4 n°1' });
    // The first test's prints: a cell of each running shade is on the map.
    await expect
      .poll(() =>
        page
          .locator('[data-heatmap] td')
          .evaluateAll((cells) =>
            [...new Set(cells.map((c) => c.getAttribute('data-level')))].sort(),
          ),
      )
      .toEqual(['0', '2', '3', '4']);
    expect(await seriousViolations(page)).toEqual([]);
    // axe measured every cell's contrast (none left undecided, none failing).
    const contrast = JSON.parse(
      await page.evaluate<string>(
        `axe.run({ runOnly: ['color-contrast'], elementRef: true }).then((r) => {
          const cells = (list) => list.flatMap((rule) => rule.nodes).filter((n) => n.element.closest('[data-heatmap] td')).length;
          return JSON.stringify({ passed: cells(r.passes), undecided: cells(r.incomplete), failed: cells(r.violations) });
        })`,
      ),
    );
    expect(contrast).toEqual({ passed: 7 * 24, undecided: 0, failed: 0 });
  });
});
