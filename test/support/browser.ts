/**
 * Debian's Chromium driven by playwright-core, for the dashboard's browser tests. Never downloads a
 * browser: a missing `/usr/bin/chromium` fails with the package to install.
 *
 * @example
 * const chromium = await launchChromium({ viewport: { width: 1920, height: 1080 } });
 * onTestFinished(chromium.stop);
 * const page = await chromium.page();
 * await page.goto(baseUrl);
 * @module
 */
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep a headless Chromium quiet and offline apart from the pages it is sent to. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

export interface ChromiumOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly colorScheme?: 'light' | 'dark';
  /** Browser language, e.g. 'fr-FR' (the dashboard picks its locale from it). */
  readonly locale?: string;
  readonly timezoneId?: string;
}

export interface ChromiumSession {
  readonly context: BrowserContext;
  /** The context's first page (opened with it), or a new one when it was closed. */
  page(): Promise<Page>;
  /** Closes the browser and deletes its profile directory. Safe to call twice. */
  stop(): Promise<void>;
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumSession> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error('chromium is not installed: apt-get install -y chromium');
  }
  // A fresh profile per session: no cache, cookies or localStorage leak from one test to the next.
  const userDataDir = await mkdtemp(join(tmpdir(), 'manufacto-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? 'dark',
      locale: options.locale ?? 'fr-FR',
      timezoneId: options.timezoneId ?? 'Europe/Paris',
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    context,
    async page() {
      return context.pages()[0] ?? (await context.newPage());
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
