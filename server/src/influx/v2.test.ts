/**
 * The InfluxDB 2.x target against a recorded exchange: a local HTTP server answering as
 * InfluxDB 2.7 does (its documented API: orgs, buckets, tasks, write; 204, 401 with its JSON
 * error body, 503) — no InfluxDB 2 server exists in Debian. The write path also runs for real
 * against VictoriaMetrics in test/integration/influx-v2.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../log.js';
import type { Point } from './points.js';
import { influxV2Target, lineProtocol, retentionSeconds } from './v2.js';
import { createPointWriter } from './writer.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/** An InfluxDB 2 look-alike: `answer` decides each reply; every request is recorded. */
async function recordedInflux(answer: (req: Seen) => { status: number; body?: unknown }) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      };
      seen.push(s);
      const a = answer(s);
      res.writeHead(
        a.status,
        a.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      );
      res.end(a.body === undefined ? undefined : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    seen,
  };
}

const point: Point = {
  measurement: 'machine_metrics',
  tags: { site: 'lyon', machine: 'laser 1', kind: 'laser' },
  fields: { power_w: 812.5, state: 'running', door_open: false },
  timestamp: 1_795_000_000_123,
};
const quiet = createLogger('error', () => undefined);

describe('InfluxDB 2.x target', () => {
  it('writes line protocol with tags escaped, floats and a millisecond timestamp', () => {
    expect(lineProtocol(point)).toBe(
      'machine_metrics,kind=laser,machine=laser\\ 1,site=lyon door_open=F,power_w=812.5,state="running" 1795000000123',
    );
    expect(retentionSeconds('730d')).toBe(63_072_000);
    expect(retentionSeconds('INF')).toBe(0);
    expect(() => retentionSeconds('2 years')).toThrow(
      'retention "2 years" is not an InfluxDB duration',
    );
  });

  it('creates the bucket, the 5-minute bucket and the downsampling task, then writes with the token', async () => {
    const influx = await recordedInflux((r) => {
      if (r.url.startsWith('/api/v2/orgs'))
        return { status: 200, body: { orgs: [{ id: '0a1b2c', name: 'atelier' }] } };
      if (r.method === 'GET')
        return {
          status: 200,
          body: r.url.startsWith('/api/v2/buckets') ? { buckets: [] } : { tasks: [] },
        };
      if (r.method === 'POST' && r.url.startsWith('/api/v2/write')) return { status: 204 };
      return { status: 201, body: { id: 'new' } };
    });
    const target = influxV2Target({
      url: influx.url,
      token: 't0k3n',
      org: 'atelier',
      bucket: 'manufacto',
      retention: '730d',
      log: quiet,
    });
    await target.prepare();
    await target.write([point, { ...point, timestamp: point.timestamp + 1000 }]);
    expect(influx.seen.every((s) => s.authorization === 'Token t0k3n')).toBe(true);
    const posts = influx.seen.filter((s) => s.method === 'POST');
    expect(posts.map((s) => s.url.split('?')[0])).toEqual([
      '/api/v2/buckets',
      '/api/v2/buckets',
      '/api/v2/tasks',
      '/api/v2/write',
    ]);
    expect(JSON.parse(posts[0]!.body)).toEqual({
      orgID: '0a1b2c',
      name: 'manufacto',
      retentionRules: [{ type: 'expire', everySeconds: 63_072_000 }],
    });
    expect(JSON.parse(posts[1]!.body)).toMatchObject({ name: 'manufacto_5m', retentionRules: [] });
    expect(JSON.parse(posts[2]!.body).flux).toContain(
      '|> to(bucket: "manufacto_5m", org: "atelier")',
    );
    expect(posts[3]!.url).toBe('/api/v2/write?org=atelier&bucket=manufacto&precision=ms');
    expect(posts[3]!.body.split('\n')).toHaveLength(2);
  });

  it('spools the points when InfluxDB refuses the token, and says why', async () => {
    const influx = await recordedInflux((r) =>
      r.url.startsWith('/api/v2/write')
        ? { status: 401, body: { code: 'unauthorized', message: 'unauthorized access' } }
        : { status: 404, body: { code: 'not found', message: 'path not found' } },
    );
    const lines: string[] = [];
    const log = createLogger('warn', (l) => void lines.push(l));
    const writer = createPointWriter(
      influxV2Target({
        url: influx.url,
        token: 'wrong',
        org: 'atelier',
        bucket: 'manufacto',
        retention: '730d',
        log,
      }),
      {
        spoolDir: join(mkdtempSync(join(tmpdir(), 'mf-v2-')), 'spool'),
        log,
      },
    );
    writer.write([point]);
    await writer.flush();
    expect(writer.stats()).toMatchObject({ influx: 'down', spoolDepth: 1, writeErrors: 1 });
    expect(lines.join('\n')).toMatch(
      /has no bucket\/task API \(HTTP 404\)[\s\S]*refuses our credentials \(HTTP 401: unauthorized access; check the token or password\)/,
    );
    await writer.close();
  });

  it('replays the spool in order when InfluxDB comes back from a 503', async () => {
    let up = false;
    const influx = await recordedInflux((r) =>
      r.url.startsWith('/api/v2/write')
        ? up
          ? { status: 204 }
          : { status: 503, body: { code: 'unavailable', message: 'starting' } }
        : { status: 404 },
    );
    const writer = createPointWriter(
      influxV2Target({
        url: influx.url,
        token: 't',
        org: 'o',
        bucket: 'b',
        retention: '30d',
        log: quiet,
      }),
      { spoolDir: join(mkdtempSync(join(tmpdir(), 'mf-v2-')), 'spool'), log: quiet, flushMs: 10 },
    );
    writer.write([point]);
    await writer.flush();
    writer.write([{ ...point, timestamp: point.timestamp + 1 }]);
    await writer.flush();
    expect(writer.stats().spoolDepth).toBe(2);
    up = true;
    await expect.poll(() => writer.stats().spoolDepth, { timeout: 10_000 }).toBe(0);
    const written = influx.seen
      .filter((s) => s.url.startsWith('/api/v2/write') && s.body)
      .map((s) => s.body.split(' ').pop());
    expect(written.slice(-2)).toEqual(['1795000000123', '1795000000124']);
    await writer.close();
  });
});
