import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import type { HistoryReader } from '../../influx/reader.js';
import { AS, testApp } from '../../testing/test-app.js';

describe('GET /api/machines/{id}/utilisation', () => {
  it('reads the heat map in the time zone of the machine’s site unless asked another', async () => {
    // Defect 9: Europe/Paris was the default whatever the site.
    const { deps } = await testApp();
    const site = (await deps.services.sites.get('atelier-demo'))!;
    await deps.services.sites.save({ ...site, timezone: 'America/Montreal' });
    // Running all of Monday 30 Nov, 14:00–15:00 UTC: 09:00 in Montréal, 15:00 in Paris.
    const history: HistoryReader = {
      stateChanges: async () => ({ before: 'running', changes: [] }),
      metricSeries: async () => ({ times: [], values: {} }),
    };
    const app = createApp({
      ...deps,
      history,
      // A view of the site's machine: a manager reads the machines of their sites only.
      ingest: { ...deps.ingest, view: () => ({ site: 'atelier-demo' }) as never },
    });
    const get = async (tz = '') =>
      (await (
        await app.request(
          `/api/machines/laser-co2/utilisation?from=2026-11-30T14:00:00Z&to=2026-11-30T15:00:00Z${tz}`,
          { headers: AS.manager },
        )
      ).json()) as { timeZone: string; heatmap: number[][] };
    const own = await get();
    expect(own.timeZone).toBe('America/Montreal');
    expect(own.heatmap[0]?.[9]).toBe(3600);
    const paris = await get('&tz=Europe/Paris');
    expect(paris.heatmap[0]?.[15]).toBe(3600);
  });

  it('answers for a machine of the site that never reported: offline all along, not unknown', async () => {
    const { deps } = await testApp();
    const history: HistoryReader = {
      stateChanges: async () => ({ before: undefined, changes: [] }),
      metricSeries: async () => ({ times: [], values: {} }),
    };
    // No view at all: laser-co2 is registered on the demo site but no gateway spoke for it.
    const app = createApp({ ...deps, history, ingest: { ...deps.ingest, view: () => undefined } });
    const period = 'from=2026-11-30T08:00:00Z&to=2026-11-30T10:00:00Z';
    const res = await app.request(`/api/machines/laser-co2/utilisation?${period}`, {
      headers: AS.manager,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ seconds: { offline: 7200 }, runningShare: 0 });
    const unknown = await app.request(`/api/machines/no-such-machine/utilisation?${period}`, {
      headers: AS.manager,
    });
    expect(unknown.status).toBe(404);
  });
});
