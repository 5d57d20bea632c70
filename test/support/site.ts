/**
 * A site as the integration tests meet it: a real server in this process (embedded aedes broker
 * requiring a login, SQLite in a temp dir, an administrator's API token) and real gateways logged
 * in with the secrets that server issued. Each stops when the test that started it finishes
 * (vitest's `onTestFinished`, last started, first stopped), its temp folder removed; or, for a
 * server shared by a file's tests, `siteForAll()` starts it before them and stops it after them.
 *
 * @example
 * const site = await startSite();
 * const password = await site.issueGateway('gw-jobs', ['laser-1']);
 * const gateway = startSiteGateway(site, { gateway: 'gw-jobs', password, machines: [laser] });
 * await site.untilIdle(gateway, ['laser-1']);
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Gateway, parseGatewayConfig, startGateway } from '@manufacto/gateway';
import { createLogger, loadEnv, type RunningServer, startServer } from '@manufacto/server';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { adminHeaders, testServerEnv } from './server-env.js';
import { insideTest, tempDir, whenTestEnds } from './temp-dir.js';

/** The demo seed's site, which the server creates with its machines. */
export const DEMO_SITE = 'atelier-demo';

export interface Site {
  readonly server: RunningServer;
  /** The server's data and the gateways' outboxes live below it. */
  readonly dir: string;
  /** Headers of the administrator's read-write API token, JSON body. */
  readonly admin: Record<string, string>;
  /** `fetch` of `/api${path}` as the administrator. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Registers a gateway for `machines` of `site` (PUT /api/gateways/{id}); its MQTT password. */
  issueGateway(gateway: string, machines: readonly string[], site?: string): Promise<string>;
  /** Waits until `gateway` is on the broker, polls every machine, and the server shows each idle. */
  untilIdle(gateway: Gateway, machines: readonly string[], timeoutMs?: number): Promise<void>;
}

export interface SiteOptions {
  /** The temp folder's prefix. */
  readonly prefix?: string;
  /** MQTT clients must log in (the default); false lets scripted, anonymous gateways in. */
  readonly mqttAuth?: boolean;
  /** An InfluxDB for the server's telemetry (`startInfluxd()`); none by default. */
  readonly influxUrl?: string;
  /** More of the server's environment (limits, TLS, SEED_DEMO…), over the test defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** The server's log lines at `logLevel` and above (`warn` by default); dropped by default. */
  readonly log?: (line: string) => void;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** The server's clock, to replay a day (`StartOptions.clock`). */
  readonly clock?: () => number;
}

/** The site's server, started in `dir`; `stop()` stops it (the folder is the caller's). */
async function openSite(
  dir: string,
  options: SiteOptions,
): Promise<Site & { stop(): Promise<void> }> {
  const env = await testServerEnv(dir, {
    mqttAuth: options.mqttAuth ?? true,
    influxUrl: options.influxUrl,
  });
  const server = await startServer(
    loadEnv({ ...env, PUBLIC_URL: `http://127.0.0.1:${env.PORT}`, ...options.env }),
    createLogger(options.logLevel ?? 'warn', options.log ?? (() => undefined)),
    options.clock ? { clock: options.clock } : {},
  );
  let admin: Record<string, string>;
  try {
    admin = { ...(await adminHeaders(server.httpUrl)), 'content-type': 'application/json' };
  } catch (error) {
    await server.stop();
    throw error;
  }
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.httpUrl}/api${path}`, { ...init, headers: { ...admin, ...init.headers } });
  return {
    server,
    dir,
    admin,
    api,
    stop: () => server.stop(),
    async issueGateway(gateway, machines, site = DEMO_SITE) {
      const res = await api(`/gateways/${gateway}`, {
        method: 'PUT',
        body: JSON.stringify({ site, machines }),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return ((await res.json()) as { password: string }).password;
    },
    async untilIdle(gateway, machines, timeoutMs = 30_000) {
      await vi.waitFor(
        async () => {
          expect(gateway.status()).toMatchObject({
            broker: { connected: true },
            machines: machines.map(() => ({ phase: 'polling' })),
          });
          for (const id of machines)
            expect(await (await api(`/machines/${id}`)).json()).toMatchObject({
              id,
              state: 'idle',
            });
        },
        { timeout: timeoutMs, interval: 200 },
      );
    },
  };
}

/** A site whose server stops, and whose folder goes, when the current test finishes. */
export async function startSite(options: SiteOptions = {}): Promise<Site> {
  if (!insideTest())
    throw new Error(
      "startSite() stops with its test: call it inside a test, or siteForAll() for a file's tests",
    );
  const dir = tempDir(options.prefix ?? 'mf-site-');
  const site = await openSite(dir, options);
  // Registered after the temp dir's removal, so it runs first.
  whenTestEnds('the server', () => site.stop());
  return site;
}

/**
 * A site for the tests of this file or `describe` block: started in a `beforeAll` declared here
 * (after the hooks declared before this call, before those declared after it, which can use it),
 * stopped and its folder removed in an `afterAll` (run after theirs: an `afterAll` declared inside
 * a `beforeAll` never runs). Its fields are there once it has started.
 */
export function siteForAll(options: SiteOptions | (() => SiteOptions) = {}): Site {
  let site: (Site & { stop(): Promise<void> }) | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    // A function: options known only once earlier hooks have run (an influxd's url).
    const o = typeof options === 'function' ? options() : options;
    dir = mkdtempSync(join(tmpdir(), o.prefix ?? 'mf-site-'));
    site = await openSite(dir, o);
  });
  afterAll(async () => {
    await site?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const started = (): Site => {
    if (!site) throw new Error('siteForAll(): the site starts in beforeAll, before the tests');
    return site;
  };
  return {
    get server() {
      return started().server;
    },
    get dir() {
      return started().dir;
    },
    get admin() {
      return started().admin;
    },
    api: (path, init) => started().api(path, init),
    issueGateway: (gateway, machines, site) => started().issueGateway(gateway, machines, site),
    untilIdle: (gateway, machines, timeoutMs) => started().untilIdle(gateway, machines, timeoutMs),
  };
}

/**
 * A gateway of `site`, logged in to its broker as `gateway` with `password`; `machines` are
 * gateway.yaml entries. Stopped when the test finishes.
 */
export function startSiteGateway(
  site: Site,
  options: {
    readonly gateway: string;
    readonly password: string;
    readonly machines: readonly Record<string, unknown>[];
    readonly site?: string;
    readonly log?: (line: string) => void;
  },
): Gateway {
  if (!insideTest())
    throw new Error('startSiteGateway() stops with its test: call it inside a test');
  const gateway = startGateway({
    config: parseGatewayConfig({
      site: options.site ?? DEMO_SITE,
      gateway: options.gateway,
      broker: {
        url: site.server.mqttUrl,
        username: options.gateway,
        password: options.password,
        reconnectSeconds: 0.5,
      },
      dataDir: join(site.dir, options.gateway),
      machines: options.machines,
    }),
    log: options.log ?? (() => undefined),
  });
  whenTestEnds('the gateway', () => gateway.stop());
  return gateway;
}
