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
});
