import type { MachineView } from '@manufacto/firmware-profiles/contract';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp, type AppDeps } from './app.js';
import { newCounters } from './ingest/counters.js';
import { LiveHub } from './live/hub.js';
import { createServices } from './services/index.js';
import { openSqlite } from './store/db.js';
import { accountsService } from './auth/accounts.js';
import { SECURITY_HEADERS } from './http/request-context.js';
import { auditLog } from './store/audit-log.js';
import { personalData } from './store/personal-data.js';
import { gatewayCredentialsRepository } from './store/gateway-credentials.js';

const db = await openSqlite(':memory:');
const services = createServices(db);
const accounts = accountsService(db, { cost: { logN: 10 } });
const manager = await accounts.create(
  { email: 'm@test.fr', name: 'M', role: 'manager', member: null, sites: ['atelier'] },
  null,
);
const asManager = {
  headers: {
    authorization: `Bearer ${(await accounts.createToken(manager.id, 'test', ['read'])).token}`,
  },
};

const view: MachineView = {
  id: 'laser-1',
  site: 'atelier',
  name: 'Laser CO2',
  kind: 'laser',
  profile: 'grbl',
  firmware: 'Grbl 1.1h',
  state: 'running',
  detail: null,
  reason: null,
  reasonCode: null,
  since: '2026-11-23T09:00:00.000Z',
  metrics: { laser_power_pct: 80 },
  job: null,
  awaitingCheck: null,
  gateway: 'gw-1',
  gatewayOnline: true,
  updatedAt: '2026-11-23T09:00:01.000Z',
};

function deps(views: MachineView[] = [view]): AppDeps {
  const counters = newCounters();
  counters.received = 3;
  counters.rejected.set('json', 2);
  return {
    ingest: {
      views: () => views,
      view: (id) => views.find((v) => v.id === id),
      connected: true,
      counters,
      gatewayStats: () => [
        {
          id: 'gw-1',
          site: 'atelier',
          online: true,
          lastSeq: 9,
          losses: 1,
          duplicates: 0,
          epoch: 'e1',
          epochLosses: 1,
        },
      ],
    },
    writer: {
      stats: () => ({
        influx: 'down',
        spoolDepth: 12,
        pointsWritten: 0,
        writeErrors: 1,
        lastWriteMs: undefined,
        unsaved: 0,
        spoolError: undefined,
        latency: { p50: 0.05, p99: 0.4, samples: 10 },
      }),
    },
    hub: new LiveHub(),
    usageSessions: { list: async () => [] },
    services,
    accounts,
    gatewayCredentials: gatewayCredentialsRepository(db),
    privacy: personalData(db),
    audit: auditLog(db),
    mailer: { send: async () => undefined },
    publicWall: true,
    publicUrl: 'http://localhost',
    brokerMode: 'embedded',
    startedAt: Date.now(),
    dashboardDir: '/nonexistent',
    log: () => undefined,
  };
}

describe('HTTP API', () => {
  it('GET /health says what is up and what waits', async () => {
    const res = await createApp(deps()).request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      broker: 'embedded',
      influx: 'down',
      spoolDepth: 12,
      machines: 1,
    });
  });

  it('GET /api/machines lists the machines with their live state', async () => {
    const res = await createApp(deps()).request('/api/machines');
    expect(await res.json()).toEqual({ machines: [view] });
  });

  it('GET /api/machines/:id answers one machine, or a 404 that names it', async () => {
    const app = createApp(deps());
    expect(await (await app.request('/api/machines/laser-1')).json()).toEqual(view);
    const missing = await app.request('/api/machines/cnc-9');
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as { code: string; message: string; requestId: string };
    expect(body).toMatchObject({
      code: 'machine_not_found',
      message: 'la machine « cnc-9 » n’a encore rien envoyé',
    });
    expect(body.requestId).toMatch(/.+/);
  });

  it("API answers carry the security headers and a request id, the caller's when well formed", async () => {
    // The same headers as Hono's secureHeaders() defaults, which they replace.
    const reference = await new Hono()
      .use(secureHeaders())
      .get('/', (c) => c.text('ok'))
      .request('/');
    const honoSecure = [...reference.headers].filter(([name]) => name !== 'content-type');
    expect(honoSecure.length).toBe(SECURITY_HEADERS.length);
    const app = createApp(deps());
    for (const res of [
      await app.request('/api/machines'),
      await app.request('/api/machines/cnc-9'),
      await app.request('/api/nothing-here', { method: 'POST' }),
    ]) {
      for (const [name, value] of honoSecure) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const echoed = await app.request('/api/machines', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await app.request('/api/machines', { headers: { 'x-request-id': 'a b' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await app.request('/health')).headers.get('x-frame-options')).toBeNull();
  });

  it('answers unknown API routes with a JSON error, not the dashboard', async () => {
    const res = await createApp(deps()).request('/api/nothing-here', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      code: 'not_found',
      message: 'aucune route d’API POST /api/nothing-here',
    });
  });

  it('refuses oversized request bodies', async () => {
    const res = await createApp(deps()).request('/api/machines', {
      method: 'POST',
      body: 'x'.repeat(70 * 1024),
      headers: { 'content-length': String(70 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('GET /metrics speaks the Prometheus text format', async () => {
    const text = await (await createApp(deps()).request('/metrics')).text();
    expect(text).toContain('# TYPE manufacto_ingest_messages_total counter');
    expect(text).toContain('manufacto_ingest_messages_total 3');
    expect(text).toContain('manufacto_ingest_rejected_total{reason="json"} 2');
    expect(text).toContain('manufacto_ingest_losses{gateway="gw-1"} 1');
    expect(text).toContain('manufacto_influx_spool_points 12');
    expect(text).toContain('manufacto_pipeline_latency_seconds{quantile="0.99"} 0.4');
  });

  it('GET /api/live sends every machine on connect as Server-Sent Events', async () => {
    const res = await createApp(deps()).request('/api/live');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    const text = new TextDecoder().decode(value);
    expect(text).toContain('event: machine');
    expect(text).toContain('"id":"laser-1"');
  });

  it('GET /api/usage-sessions refuses a malformed date with the field named', async () => {
    const res = await createApp(deps()).request('/api/usage-sessions?from=yesterday', asManager);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('from:'),
    });
  });

  it('GET /api/machines/:id/utilisation says when InfluxDB is not configured', async () => {
    const res = await createApp(deps()).request(
      '/api/machines/laser-1/utilisation?from=2026-11-23T06:00:00Z&to=2026-11-23T12:00:00Z',
      asManager,
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('INFLUX_URL'),
    });
  });

  it('GET /api/machines/:id/utilisation refuses an unknown time zone and a period over a year', async () => {
    const app = createApp({
      ...deps(),
      history: {
        stateChanges: async () => ({ before: undefined, changes: [] }),
        metricSeries: async () => ({ times: [], values: {} }),
      },
    });
    const tz = await app.request(
      '/api/machines/laser-1/utilisation?from=2026-11-23T06:00:00Z&to=2026-11-23T12:00:00Z&tz=Mars/Olympus',
      asManager,
    );
    expect(await tz.json()).toMatchObject({
      code: 'bad_request',
      message: 'tz: fuseau horaire inconnu « Mars/Olympus »',
    });
    const long = await app.request(
      '/api/machines/laser-1/utilisation?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      asManager,
    );
    expect(await long.json()).toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('to: une période de 366 jours au plus'),
    });
    const ok = await app.request(
      '/api/machines/laser-1/utilisation?from=2026-11-23T06:00:00Z&to=2026-11-23T12:00:00Z',
      asManager,
    );
    expect(await ok.json()).toMatchObject({ seconds: { offline: 21600 }, busyShare: 0 });
  });

  it('serves the hashed dashboard assets compressed and cached for a year, index.html asked again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-dashboard-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'assets'));
    const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `machine ${i % 40}`))};\n`;
    writeFileSync(join(dir, 'assets', 'index-3f2a9c1b.js'), script);
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><script src="/assets/index-3f2a9c1b.js"></script>',
    );
    const app = createApp({ ...deps(), dashboardDir: dir });
    const asset = (encoding?: string) =>
      app.request('/assets/index-3f2a9c1b.js', {
        headers: encoding ? { 'accept-encoding': encoding } : {},
      });

    const br = await asset('gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brBody.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(brBody).toString()).toBe(script);

    const gz = await asset('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script);

    const plain = await asset();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);
    expect((await asset('br;q=0, gzip')).headers.get('content-encoding')).toBe('gzip');

    for (const path of ['/', '/index.html', '/machines/laser-1']) {
      const page = await app.request(path);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('/assets/index-3f2a9c1b.js');
    }
    expect((await app.request('/assets/missing-0000.js')).headers.get('cache-control')).not.toBe(
      'public, max-age=31536000, immutable',
    );
    // Malformed or escaped names are not assets (a thrown URIError was a 500).
    for (const path of [
      '/assets/%ZZ.js',
      '/assets/%E0%A4%A.js',
      '/assets/..%2F..%2Fpackage.json',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('cache-control'), path).not.toBe(
        'public, max-age=31536000, immutable',
      );
    }
  });

  it('says how to build the dashboard when it is not built', async () => {
    const text = await (await createApp(deps()).request('/')).text();
    expect(text).toContain('npm run build:dashboard');
  });
});
