/**
 * The set-up every dashboard browser test shares: one server with the demo workshop for the file
 * (started before its tests, stopped after), a fresh Chromium per test at a phone's or a desk's
 * size (closed when the test ends), logging in through the login page, and calling the API as
 * one of the workshop's people to set a scene.
 *
 * @example
 * const dashboard = useDashboard();
 * it('…', async () => {
 *   const page = await dashboard.open('phone');
 *   await dashboard.logIn(page, DEMO_MANAGER_EMAIL);
 * });
 * @module
 */
import { rmSync } from 'node:fs';
import type { RunningServer } from '@manufacto/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { launchChromium } from './browser.js';
import { startInfluxd, type Influxd } from './influxd.js';
import { apiAs, DEMO_PASSWORD, sessionOf, startDashboardServer } from './dashboard-server.js';

/** A 360 px phone (the narrowest the dashboard is built for) or a laptop's screen. */
export const SCREENS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;

export interface LogInOptions {
  readonly password?: string;
  /**
   * A page that needs an account: opened first, it sends to the login page, which sends back
   * there once logged in. Without it, the login page itself, then the role's home.
   */
  readonly from?: string;
}

/** Calls the API as one person: `(method, path, body?)` → the JSON answer (throws on an error). */
export type Caller = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

export interface DashboardHarness {
  /** The server's http://127.0.0.1:PORT (valid inside tests). */
  readonly url: string;
  readonly server: RunningServer;
  /** A new Chromium (French, light unless asked, Europe/Paris) at that size, closed when the test ends. */
  open(
    screen: keyof typeof SCREENS,
    options?: { readonly locale?: string; readonly colorScheme?: 'light' | 'dark' },
  ): Promise<Page>;
  logIn(page: Page, email: string, options?: LogInOptions): Promise<void>;
  /** Logs `email` in over the API and returns a caller with that session. */
  as(email: string, password?: string): Promise<Caller>;
}

/**
 * Registers the file's server (beforeAll/afterAll) and returns the harness over it; with
 * `influx: true`, a real influxd holds the history (the utilisation screen reads it).
 */
export function useDashboard(options: { readonly influx?: boolean } = {}): DashboardHarness {
  let server: RunningServer | undefined;
  let influx: Influxd | undefined;
  beforeAll(async () => {
    if (options.influx) influx = await startInfluxd();
    server = await startDashboardServer(influx ? { influxUrl: influx.url } : {});
  });
  afterAll(async () => {
    await server?.stop();
    await influx?.stop();
    if (influx) rmSync(influx.dir, { recursive: true, force: true });
  });
  const running = (): RunningServer => {
    if (!server)
      throw new Error('the dashboard server is not started: use the harness inside tests');
    return server;
  };
  return {
    get url() {
      return running().httpUrl;
    },
    get server() {
      return running();
    },
    async open(screen, options = {}) {
      const chromium = await launchChromium({
        viewport: SCREENS[screen],
        locale: options.locale ?? 'fr-FR',
        colorScheme: options.colorScheme ?? 'light',
      });
      onTestFinished(chromium.stop);
      return chromium.page();
    },
    async logIn(page, email, options = {}) {
      const url = running().httpUrl;
      if (options.from) {
        await page.goto(`${url}${options.from}`);
        await page.waitForURL(/\/connexion/);
      } else {
        await page.goto(`${url}/connexion`);
      }
      await page.getByLabel('Adresse e-mail').fill(email);
      await page.getByLabel('Mot de passe').fill(options.password ?? DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      const from = options.from;
      await page.waitForURL((where) =>
        from ? where.pathname === from : where.pathname !== '/connexion',
      );
    },
    async as(email, password = DEMO_PASSWORD) {
      const url = running().httpUrl;
      const headers = await sessionOf(url, email, password);
      return <T>(method: string, path: string, body?: unknown) =>
        apiAs<T>(url, headers, method, path, body);
    },
  };
}
