import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import type { Point } from './points.js';
import { Spool } from './spool.js';
import { createInfluxV1Writer } from './writer.js';

const point = (i: number): Point => ({
  measurement: 'machine_metrics',
  tags: { site: 's', machine: 'm' },
  fields: { power_w: i },
  timestamp: 1_795_000_000_000 + i,
});
const quiet = createLogger('error', () => undefined);

describe('Spool', () => {
  it('hands batches back oldest first and survives a re-open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-spool-'));
    const first = new Spool(dir);
    first.append([point(1), point(2)]);
    first.append([point(3)]);
    expect(first.depth).toBe(3);
    const second = new Spool(dir);
    expect(second.depth).toBe(3);
    const oldest = second.peek();
    expect(oldest?.points.map((p) => p.fields.power_w)).toEqual([1, 2]);
    second.remove(oldest!.name);
    expect(second.peek()?.points.map((p) => p.fields.power_w)).toEqual([3]);
    second.append([point(4)]);
    expect(new Spool(dir).depth).toBe(2);
  });
});

describe('InfluxDB writer without InfluxDB', () => {
  it('keeps every point in the spool when no InfluxDB is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-writer-'));
    const writer = createInfluxV1Writer({
      url: undefined,
      database: 'd',
      retention: '30d',
      spoolDir: dir,
      log: quiet,
      batchSize: 10,
      flushMs: 10,
    });
    writer.write(Array.from({ length: 25 }, (_, i) => point(i)));
    await writer.close();
    expect(writer.stats()).toMatchObject({ influx: 'disabled', spoolDepth: 25 });
    expect(new Spool(dir).depth).toBe(25);
  });

  it('spools what an unreachable InfluxDB refused, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-writer-'));
    const writer = createInfluxV1Writer({
      url: 'http://127.0.0.1:1',
      database: 'd',
      retention: '30d',
      spoolDir: dir,
      log: quiet,
      batchSize: 5,
      flushMs: 10,
    });
    writer.write([point(1), point(2), point(3), point(4), point(5)]);
    writer.write([point(6)]);
    await writer.close();
    expect(writer.stats()).toMatchObject({ influx: 'down', spoolDepth: 6 });
    const spool = new Spool(dir);
    const seen: unknown[] = [];
    for (let b = spool.peek(); b; b = spool.peek()) {
      seen.push(...b.points.map((p) => p.fields.power_w));
      spool.remove(b.name);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
