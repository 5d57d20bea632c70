import { DEMO_MANAGER_EMAIL } from '@manufacto/server/demo';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionOf } from '../../support/dashboard-server.js';
import { ScriptedGateway } from '../../support/fake-gateway.js';
import { startInfluxd, type Influxd } from '../../support/influxd.js';
import { siteForAll } from '../../support/site.js';

let influx: Influxd;
let demo: ScriptedGateway;
let nord: ScriptedGateway;
let manager: Record<string, string>;

const T0 = Date.parse('2026-11-30T09:00:00Z');
const PERIOD = `from=2026-11-30T09:00:00Z&to=2026-11-30T10:00:00Z`;
const url = (machine: string, query = `${PERIOD}&fields=hotend_temp_c,power_w`) =>
  `${site.server.httpUrl}/api/machines/${machine}/history?${query}`;

beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(() => influx?.stop());
// Declared after the influxd's hooks: it starts once influxd has, and stops before it.
const site = siteForAll(() => ({
  prefix: 'mf-history-',
  mqttAuth: false,
  influxUrl: influx.url,
  env: { SEED_DEMO: 'true' },
  logLevel: 'error',
}));

beforeAll(async () => {
  manager = await sessionOf(site.server.httpUrl, DEMO_MANAGER_EMAIL);
  demo = await ScriptedGateway.connect(site.server.mqttUrl, 'atelier-demo', 'gw-demo-history');
  nord = await ScriptedGateway.connect(site.server.mqttUrl, 'fablab-nord', 'gw-nord-history');
  // A heating printer: idle, then running from 09:10; the hotend climbs 1 °C every 2 s for 20 min.
  demo.ts = T0 - 1;
  await demo.state('demo-printer', 'idle');
  demo.ts = T0 + 10 * 60_000 - 1;
  await demo.state('demo-printer', 'running');
  for (let s = 0; s < 20 * 60; s += 2)
    await demo.metrics('demo-printer', { hotend_temp_c: 20 + s / 2, power_w: 100 }, T0 + s * 1000);
  nord.ts = T0 - 1;
  await nord.state('nord-printer', 'idle');
  await nord.metrics('nord-printer', { hotend_temp_c: 200 }, T0 + 1000);
  await vi.waitFor(
    async () => {
      const res = await fetch(url('demo-printer'), { headers: manager });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        series: { times: number[]; values: Record<string, Array<number | null>> };
      };
      expect(body.series.times).toHaveLength(120);
      // And the last bucket holds all its points: read before they were all written, its mean
      // was short (616.5 for 617 once, under load).
      expect(body.series.values.hotend_temp_c?.[119]).toBe(20 + 1190 / 2 + 2);
    },
    { timeout: 20_000, interval: 300 },
  );
});

afterAll(async () => {
  await demo?.close();
  await nord?.close();
});

interface History {
  stepSeconds: number;
  states: { before: string | null; changes: Array<{ at: string; state: string }> };
  series: { times: number[]; values: Record<string, Array<number | null>> };
}

describe('the history of a machine of my site', () => {
  it('gives the means per 10 s step over an hour, and the state changes', async () => {
    const res = await fetch(url('demo-printer'), { headers: manager });
    const body = (await res.json()) as History;
    expect(body.stepSeconds).toBe(10);
    // 20 minutes of readings in 10 s steps; steps without any are left out (fill none).
    expect(body.series.times).toHaveLength(120);
    expect(body.series.times[0]).toBe(T0);
    expect(body.series.times[1]).toBe(T0 + 10_000);
    // Readings at 0, 2, 4, 6, 8 s: 20, 21, 22, 23, 24 °C → mean 22.
    expect(body.series.values['hotend_temp_c']?.[0]).toBeCloseTo(22);
    expect(body.series.values['hotend_temp_c']?.[119]).toBeCloseTo(20 + 1190 / 2 + 2);
    expect(body.series.values['power_w']?.every((w) => w === 100)).toBe(true);
    expect(body.states.changes.map((c) => c.state)).toEqual(['idle', 'running']);
    expect(body.states.changes[1]?.at).toBe('2026-11-30T09:10:00.000Z');
  });

  it('reads a longer range in coarser steps, and the state in force before it', async () => {
    const res = await fetch(
      url('demo-printer', 'from=2026-11-30T09:05:00Z&to=2026-12-01T09:05:00Z&fields=hotend_temp_c'),
      { headers: manager },
    );
    const body = (await res.json()) as History;
    expect(body.stepSeconds).toBe(300);
    expect(body.states.before).toBe('idle');
    expect(body.series.times.length).toBeLessThanOrEqual(4);
    expect(Object.keys(body.series.values)).toEqual(['hotend_temp_c']);
  });
});

describe('who reads a history', () => {
  it('knows no machine of another site (404), as if it did not exist', async () => {
    const res = await fetch(url('nord-printer'), { headers: manager });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toMatch(/200|hotend/);
  });

  it('asks an anonymous caller to log in (401)', async () => {
    const res = await fetch(url('demo-printer'));
    expect(res.status).toBe(401);
  });
});
