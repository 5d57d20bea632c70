/**
 * A site as the integration tests meet it: a real server in this process (embedded aedes broker
 * requiring a login, SQLite in a temp dir, an administrator's API token) and real gateways logged
 * in with the secrets that server issued. Each stops when the test that started it finishes
 * (vitest's `onTestFinished`, last started, first stopped), its temp folder removed.
 *
 * @example
 * const site = await startSite();
 * const password = await site.issueGateway('gw-jobs', ['laser-1']);
 * const gateway = startSiteGateway(site, { gateway: 'gw-jobs', password, machines: [laser] });
 * await site.untilIdle(gateway, ['laser-1']);
 * @module
 */
import { join } from 'node:path';
import { type Gateway, parseGatewayConfig, startGateway } from '@manufacto/gateway';
import { createLogger, loadEnv, type RunningServer, startServer } from '@manufacto/server';
import { expect, vi } from 'vitest';
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

export async function startSite(options: { readonly prefix?: string } = {}): Promise<Site> {
  if (!insideTest()) throw new Error('startSite() stops with its test: call it inside a test');
  const dir = tempDir(options.prefix ?? 'mf-site-');
  const env = await testServerEnv(dir, { mqttAuth: true });
  const server = await startServer(
    loadEnv({ ...env, PUBLIC_URL: `http://127.0.0.1:${env.PORT}` }),
    createLogger('warn', () => undefined),
  );
  // Registered after the temp dir's removal, so it runs first.
  whenTestEnds('the server', () => server.stop());
  const admin = { ...(await adminHeaders(server.httpUrl)), 'content-type': 'application/json' };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.httpUrl}/api${path}`, { ...init, headers: { ...admin, ...init.headers } });
  return {
    server,
    dir,
    admin,
    api,
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
