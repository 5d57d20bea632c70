/**
 * A server for the dashboard's browser tests: the demo workshop seeded (site, machines, members,
 * trainings, their accounts), the built dashboard served, free ports, a temp data directory; and
 * helpers to act over the API as one of its people, to set a scene the browser then meets.
 * @module
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { DEMO_MANAGER_EMAIL, DEMO_PASSWORD } from '@manufacto/server/demo';
import type { Page } from 'playwright-core';
import { TEST_ADMIN, testServerEnv } from './server-env.js';
import { tempDir } from './temp-dir.js';

export { DEMO_MANAGER_EMAIL, DEMO_PASSWORD, TEST_ADMIN };

export const DEMO_ARTISANS = {
  camille: 'camille@atelier-bois-roux.fr',
  nadia: 'nadia.benali@example.fr',
  lucas: 'l.petit@lycee-jean-moulin.fr',
} as const;

/** `influxUrl`: the history (utilisation, readings) from that InfluxDB; none without it. */
export async function startDashboardServer(
  options: { readonly influxUrl?: string } = {},
): Promise<RunningServer> {
  const index = fileURLToPath(new URL('../../dashboard/dist/index.html', import.meta.url));
  if (!existsSync(index))
    throw new Error('the dashboard is not built: run "npm run build:dashboard" (npm test does it)');
  const dir = tempDir('mf-dashboard-');
  const env = {
    ...(await testServerEnv(dir, { dashboard: true, influxUrl: options.influxUrl })),
    SEED_DEMO: 'true',
  };
  return startServer(
    loadEnv(env),
    createLogger('warn', () => undefined),
  );
}

/** Logs in over the API; returns the headers of that session (cookie, and our Origin for writes). */
export async function sessionOf(
  httpUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<Record<string, string>> {
  const res = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
  return {
    cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '',
    origin: httpUrl,
    'content-type': 'application/json',
  };
}

/** A JSON request as `headers`; throws with the body when the answer is not the status expected. */
export async function apiAs<T>(
  httpUrl: string,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
  expected = [200, 201, 204],
): Promise<T> {
  const res = await fetch(`${httpUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * A day at least a week ahead when `machine` is free from opening for `hours` hours (holidays and
 * closures skipped, as the server's calendar says): its local date and the start of that time.
 */
export async function freeDayAhead(
  httpUrl: string,
  machine: string,
  hours = 4,
): Promise<{ date: string; start: number }> {
  // From a midnight, so free time begins at an opening, on the booking grid: a window opening at
  // "now + 7 days" during opening hours made the first free interval start off the 15-min steps.
  const today = new Date();
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const from = new Date(midnight + 7 * 86_400_000).toISOString();
  const to = new Date(midnight + 40 * 86_400_000).toISOString();
  const { free } = await apiAs<{ free: { start: string; end: string }[] }>(
    httpUrl,
    {},
    'GET',
    `/api/machines/${machine}/availability?from=${from}&to=${to}`,
  );
  for (const f of free) {
    const start = Date.parse(f.start);
    const startsDay = new Date(start).getUTCHours() < 12; // a morning opening, not a leftover
    if (startsDay && Date.parse(f.end) - start >= hours * 3_600_000) {
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(start);
      return { date, start };
    }
  }
  throw new Error(`no free ${hours} h on ${machine} in the coming weeks`);
}

/**
 * Saves the page as `<name>.png` in `test/e2e/.screenshots/` (not versioned); with
 * `UPDATE_SCREENSHOTS=1`, in `dashboard/docs/screenshots/`, the pictures the READMEs show.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const where =
    process.env.UPDATE_SCREENSHOTS === '1'
      ? '../../dashboard/docs/screenshots/'
      : '../e2e/.screenshots/';
  const dir = fileURLToPath(new URL(where, import.meta.url));
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
