import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScriptedGateway } from '../../support/fake-gateway.js';
import { startInfluxd, type Influxd } from '../../support/influxd.js';
import { siteForAll } from '../../support/site.js';

let influx: Influxd;
let gateway: ScriptedGateway;

beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(() => influx?.stop());
// Declared after the influxd's hooks: it starts once influxd has, and stops before it.
const site = siteForAll(() => ({ prefix: 'mf-util-', mqttAuth: false, influxUrl: influx.url }));

beforeAll(async () => {
  gateway = await ScriptedGateway.connect(site.server.mqttUrl);
  // A Monday in the workshop: idle at 8:00 (Paris), a job 10:00–11:30, paused 11:30–12:00, idle after.
  for (const [iso, state] of [
    ['2026-11-23T07:00:00Z', 'idle'],
    ['2026-11-23T09:00:00Z', 'running'],
    ['2026-11-23T10:30:00Z', 'paused'],
    ['2026-11-23T11:00:00Z', 'idle'],
  ] as const) {
    gateway.ts = Date.parse(iso) - 1;
    await gateway.state('laser-1', state);
  }
  await vi.waitFor(
    async () => {
      const res = await fetch(
        `${site.server.httpUrl}/api/machines/laser-1/utilisation?from=2026-11-23T06:00:00Z&to=2026-11-23T12:00:00Z`,
        { headers: site.admin },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { seconds: { idle: number } };
      expect(body.seconds.idle).toBeGreaterThan(0);
    },
    { timeout: 15_000, interval: 250 },
  );
});

afterAll(async () => {
  await gateway?.close();
});

describe('utilisation from InfluxDB', () => {
  it('sums the time in each state over the period', async () => {
    const res = await fetch(
      `${site.server.httpUrl}/api/machines/laser-1/utilisation?from=2026-11-23T06:00:00Z&to=2026-11-23T12:00:00Z`,
      { headers: site.admin },
    );
    const body = (await res.json()) as {
      seconds: Record<string, number>;
      busyShare: number;
      runningShare: number;
      heatmap: number[][];
    };
    expect(body.seconds).toMatchObject({
      offline: 3600,
      idle: 7200 + 3600,
      running: 5400,
      paused: 1800,
    });
    expect(body.runningShare).toBeCloseTo(5400 / 21600);
    // 10:00–11:30 Paris time on Monday.
    expect(body.heatmap[0]?.[10]).toBe(3600);
    expect(body.heatmap[0]?.[11]).toBe(1800);
  });

  it('starts a period from the state in force before it', async () => {
    const res = await fetch(
      `${site.server.httpUrl}/api/machines/laser-1/utilisation?from=2026-11-23T09:30:00Z&to=2026-11-23T10:00:00Z`,
      { headers: site.admin },
    );
    const body = (await res.json()) as { seconds: Record<string, number> };
    expect(body.seconds).toMatchObject({ running: 1800, offline: 0 });
  });

  it('refuses a period that ends before it starts, and an unknown machine', async () => {
    const bad = await fetch(
      `${site.server.httpUrl}/api/machines/laser-1/utilisation?from=2026-11-23T12:00:00Z&to=2026-11-23T06:00:00Z`,
      { headers: site.admin },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'bad_request',
      message: 'to: from doit précéder to',
    });
    const unknown = await fetch(
      `${site.server.httpUrl}/api/machines/nope/utilisation?from=2026-11-23T06:00:00Z&to=2026-11-23T12:00:00Z`,
      { headers: site.admin },
    );
    expect(unknown.status).toBe(404);
  });
});
