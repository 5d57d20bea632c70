import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/log.js';
import type { Point } from '../../../server/src/influx/points.js';
import { influxV2Target } from '../../../server/src/influx/v2.js';
import { createPointWriter } from '../../../server/src/influx/writer.js';
import { startVictoriaMetrics, type VictoriaMetrics } from '../../support/victoria-metrics.js';
import { tempDir } from '../../support/temp-dir.js';

let vm: VictoriaMetrics;
beforeAll(async () => {
  vm = await startVictoriaMetrics();
});
afterAll(() => vm?.stop());

describe('InfluxDB 2.x write path against VictoriaMetrics', () => {
  it('writes 20,000 points in batches and every one is there', async () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => void lines.push(l));
    const writer = createPointWriter(
      influxV2Target({
        url: vm.url,
        token: 'jeton-de-test',
        org: 'atelier',
        bucket: 'manufacto',
        retention: '730d',
        log,
      }),
      {
        spoolDir: join(tempDir('mf-vm-spool-'), 'spool'),
        log,
        batchSize: 5000,
      },
    );
    const t0 = Date.parse('2026-11-26T08:00:00Z');
    for (let i = 0; i < 20_000; i++) {
      const p: Point = {
        measurement: 'machine_metrics',
        tags: { site: 'lyon', machine: `m${i % 4}`, kind: 'laser', profile: 'grbl' },
        fields: { power_w: i },
        timestamp: t0 + i * 1000,
      };
      writer.write([p]);
    }
    await writer.flush();
    expect(writer.stats()).toMatchObject({ influx: 'ok', spoolDepth: 0, pointsWritten: 20_000 });
    // VictoriaMetrics has no bucket API: the writer said so once and wrote anyway.
    expect(lines.some((l) => l.includes('has no bucket/task API'))).toBe(true);
    await vm.flush();
    const q = new URLSearchParams({
      query: 'count_over_time(machine_metrics_power_w[1d])',
      time: String((t0 + 20_000 * 1000) / 1000),
    });
    await expect
      .poll(
        async () => {
          const body = (await (await fetch(`${vm.url}/api/v1/query?${q}`)).json()) as {
            data: { result: Array<{ value: [number, string] }> };
          };
          return body.data.result.reduce((s, r) => s + Number(r.value[1]), 0);
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(20_000);
    await writer.close();
  });
});
