/**
 * InfluxDB 2.x, Cloud and 3.x as a writer target, with `@influxdata/influxdb-client`: line
 * protocol to `/api/v2/write` (org, bucket, precision ms) with `Authorization: Token …`. At the
 * first write the bucket is created with its retention, plus a `<bucket>_5m` bucket and a task
 * averaging metrics over 5 minutes into it (the 2.x way of 1.x's continuous query). A server
 * without those APIs (InfluxDB 3 Core, VictoriaMetrics) is told once in the log and written to anyway.
 * @module
 */
import { HttpError, InfluxDB, Point as LinePoint } from '@influxdata/influxdb-client';
import type { Logger } from '../log.js';
import type { Point } from './points.js';
import type { InfluxTarget } from './writer.js';

export interface InfluxV2TargetOptions {
  readonly url: string;
  readonly token: string;
  readonly org: string;
  readonly bucket: string;
  /** InfluxDB duration of the raw bucket: 730d, 52w, 24h, INF. */
  readonly retention: string;
  readonly log: Logger;
}

/** `730d` → seconds; INF → 0 (no expiry, as InfluxDB 2 writes it). */
export function retentionSeconds(duration: string): number {
  if (duration === 'INF') return 0;
  const m = /^(\d+)([hdw])$/.exec(duration);
  if (!m)
    throw new Error(`retention "${duration}" is not an InfluxDB duration such as 730d, 52w or INF`);
  return Number(m[1]) * { h: 3600, d: 86_400, w: 604_800 }[m[2] as 'h' | 'd' | 'w'];
}

/** One point in line protocol (numbers as floats, as the 1.x schema has them). */
export function lineProtocol(p: Point): string {
  const line = new LinePoint(p.measurement).timestamp(p.timestamp);
  for (const [k, v] of Object.entries(p.tags)) line.tag(k, v);
  for (const [k, v] of Object.entries(p.fields)) {
    if (typeof v === 'number') line.floatField(k, v);
    else if (typeof v === 'boolean') line.booleanField(k, v);
    else line.stringField(k, v);
  }
  const text = line.toLineProtocol();
  if (text === undefined) throw new Error(`point ${p.measurement} has no field`);
  return text;
}

// What a server without the bucket/task API answers (VictoriaMetrics: 400; InfluxDB 3 Core: 404).
const UNSUPPORTED = new Set([400, 404, 405, 501]);

export function influxV2Target(options: InfluxV2TargetOptions): InfluxTarget {
  const influx = new InfluxDB({ url: options.url, token: options.token, timeout: 10_000 });
  const transport = influx.transport;
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const json = async <T>(path: string, method: 'GET' | 'POST', body?: unknown): Promise<T> =>
    (await transport.request(path, body === undefined ? null : JSON.stringify(body), {
      method,
      headers: { 'content-type': 'application/json' },
    })) as T;

  async function ensureBucket(orgID: string, name: string, everySeconds: number): Promise<void> {
    const found = await json<{ buckets?: unknown[] }>(
      `/api/v2/buckets?${q({ orgID, name })}`,
      'GET',
    );
    if (found.buckets?.length) return;
    await json(`/api/v2/buckets`, 'POST', {
      orgID,
      name,
      retentionRules: everySeconds ? [{ type: 'expire', everySeconds }] : [],
    });
  }

  return {
    describe: `${options.url} (bucket ${options.bucket})`,
    async prepare() {
      try {
        const orgs = await json<{ orgs?: Array<{ id: string }> }>(
          `/api/v2/orgs?${q({ org: options.org })}`,
          'GET',
        );
        const orgID = orgs.orgs?.[0]?.id;
        if (!orgID) throw new Error(`organisation "${options.org}" not found (INFLUX_ORG)`);
        await ensureBucket(orgID, options.bucket, retentionSeconds(options.retention));
        await ensureBucket(orgID, `${options.bucket}_5m`, 0);
        const tasks = await json<{ tasks?: unknown[] }>(
          `/api/v2/tasks?${q({ orgID, name: 'manufacto_metrics_5m' })}`,
          'GET',
        );
        if (!tasks.tasks?.length) {
          const flux = [
            'option task = {name: "manufacto_metrics_5m", every: 5m}',
            `from(bucket: ${JSON.stringify(options.bucket)})`,
            '  |> range(start: -task.every)',
            '  |> filter(fn: (r) => r._measurement == "machine_metrics")',
            '  |> aggregateWindow(every: 5m, fn: mean, createEmpty: false)',
            `  |> to(bucket: ${JSON.stringify(`${options.bucket}_5m`)}, org: ${JSON.stringify(options.org)})`,
          ].join('\n');
          await json(`/api/v2/tasks`, 'POST', {
            orgID,
            flux,
            status: 'active',
            description: 'Manufacto: machine metrics averaged over 5 minutes',
          });
        }
      } catch (error) {
        if (error instanceof HttpError && UNSUPPORTED.has(error.statusCode)) {
          options.log.warn(
            `InfluxDB ${options.url} has no bucket/task API (HTTP ${error.statusCode}): create the bucket "${options.bucket}" and its retention yourself; writing anyway`,
          );
          return;
        }
        throw error;
      }
    },
    async write(points) {
      const body = points.map(lineProtocol).join('\n');
      await transport.request(
        `/api/v2/write?${q({ org: options.org, bucket: options.bucket, precision: 'ms' })}`,
        body,
        {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        },
      );
    },
  };
}
