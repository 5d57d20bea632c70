/**
 * The history route's checks that need no InfluxDB (the answers from a real one:
 * test/integration/machine-history).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import type { HistoryReader } from '../../influx/reader.js';
import { AS, testApp } from '../../testing/test-app.js';

const PERIOD = 'from=2026-11-30T08:00:00Z&to=2026-11-30T09:00:00Z';

describe('GET /api/machines/{id}/history', () => {
  it('says in words that the history needs InfluxDB when it is not configured (503)', async () => {
    const { call } = await testApp();
    const res = await call('GET', `/api/machines/laser-co2/history?${PERIOD}`, undefined, {
      ...AS.manager,
      'accept-language': 'fr',
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      code: 'unavailable',
      message: 'l’historique demande InfluxDB, et INFLUX_URL n’est pas défini sur ce serveur',
    });
  });

  it('asks the reader for the kind’s key readings, one step per 10 s over an hour', async () => {
    const { deps } = await testApp();
    const asked: unknown[] = [];
    const history: HistoryReader = {
      stateChanges: async () => ({ before: 'idle', changes: [] }),
      metricSeries: async (...args) => {
        asked.push(args);
        return { times: [Date.parse('2026-11-30T08:00:00Z')], values: { laser_power_pct: [80] } };
      },
    };
    const app = createApp({ ...deps, history });
    const res = await app.request(`/api/machines/laser-co2/history?${PERIOD}`, {
      headers: AS.artisan('camille-roux'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ stepSeconds: 10, states: { before: 'idle' } });
    expect(asked).toEqual([
      [
        'laser-co2',
        ['laser_power_pct', 'power_w'],
        Date.parse('2026-11-30T08:00:00Z'),
        Date.parse('2026-11-30T09:00:00Z'),
        10_000,
      ],
    ]);
  });

  it('refuses a field that is not a metric name, naming it', async () => {
    const { call } = await testApp();
    const res = await call(
      'GET',
      `/api/machines/laser-co2/history?${PERIOD}&fields=power_w,${encodeURIComponent('x") OR 1=1')}`,
      undefined,
      { ...AS.manager, 'accept-language': 'en' },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      message: 'fields: "x") OR 1=1" is not a metric name',
    });
  });

  it('knows no machine of another site, and asks an anonymous caller to log in', async () => {
    const { call } = await testApp();
    const other = await call(
      'GET',
      `/api/machines/laser-nord/history?${PERIOD}`,
      undefined,
      AS.manager,
    );
    expect(other.status).toBe(404);
    const nobody = await call(
      'GET',
      `/api/machines/laser-co2/history?${PERIOD}`,
      undefined,
      AS.nobody,
    );
    expect(nobody.status).toBe(401);
  });
});
