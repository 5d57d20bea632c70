/**
 * The telemetry writer: batches points (by size and time), writes them to an InfluxDB target
 * (1.x with the `influx` client, or 2.x/3.x with `@influxdata/influxdb-client`), and when InfluxDB
 * is down or not configured keeps them in the disk spool, replayed in order with exponential
 * backoff when it answers again. Order is kept: while the spool holds anything, new batches go
 * behind it.
 * @module
 */
import type { Logger } from '../log.js';
import { influxV1Target } from './v1.js';
import type { Point } from './points.js';
import { Spool } from './spool.js';

export interface WriterStats {
  readonly influx: 'ok' | 'down' | 'disabled';
  readonly spoolDepth: number;
  readonly pointsWritten: number;
  readonly writeErrors: number;
  readonly lastWriteMs: number | undefined;
  /** From the gateway's timestamp to the point written, over the last points written live (not from the spool). */
  readonly latency:
    | { readonly p50: number; readonly p99: number; readonly samples: number }
    | undefined;
}

export interface PointWriter {
  write(points: readonly Point[]): void;
  /** Resolves once every point written so far is in InfluxDB or in the spool. */
  flush(): Promise<void>;
  stats(): WriterStats;
  /** Writes or spools everything still in memory. */
  close(): Promise<void>;
}

/** Where points go: one InfluxDB of either family. */
export interface InfluxTarget {
  /** For logs: the URL and, for 2.x, the bucket. */
  readonly describe: string;
  /** Creates the database or bucket, retention and downsampling, once; may throw (then retried). */
  prepare(): Promise<void>;
  /** Writes one batch; throws when InfluxDB refuses or does not answer. */
  write(points: readonly Point[]): Promise<void>;
}

export interface WriterOptions {
  readonly spoolDir: string;
  readonly log: Logger;
  readonly batchSize?: number;
  readonly flushMs?: number;
}

export interface InfluxV1Options extends WriterOptions {
  readonly url: string | undefined;
  readonly database: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly retention: string;
  /** How long 5-minute averages are kept (InfluxDB duration); forever by default. */
  readonly downsampledRetention?: string;
}

/** The 1.x writer (what tests and benches build directly). */
export function createInfluxV1Writer(options: InfluxV1Options): PointWriter {
  return createPointWriter(
    options.url ? influxV1Target({ ...options, url: options.url }) : undefined,
    options,
  );
}

export function createPointWriter(
  target: InfluxTarget | undefined,
  options: WriterOptions,
): PointWriter {
  const { log } = options;
  const batchSize = options.batchSize ?? 5000;
  const flushMs = options.flushMs ?? 200;
  const spool = new Spool(options.spoolDir);

  let buffer: Point[] = [];
  let timer: NodeJS.Timeout | undefined;
  let status: WriterStats['influx'] = target ? 'ok' : 'disabled';
  let prepared = false;
  let draining = false;
  let backoffMs = 500;
  let retryTimer: NodeJS.Timeout | undefined;
  let pointsWritten = 0;
  let writeErrors = 0;
  let lastWriteMs: number | undefined;
  let closed = false;
  // A ring of recent publish-to-written latencies (ms), for /metrics and the benchmark.
  const latencies = new Float64Array(20_000);
  let latencyCount = 0;

  if (!target) {
    log.warn(
      `InfluxDB is not configured (INFLUX_URL): telemetry is kept in ${options.spoolDir} until it is; install it with "apt-get install -y influxdb"`,
    );
  } else if (spool.depth > 0) {
    log.info(`${spool.depth} point(s) from an earlier run wait in the spool; replaying`);
  }

  async function prepare(): Promise<void> {
    if (!target || prepared) return;
    await target.prepare();
    prepared = true;
  }

  async function send(points: readonly Point[]): Promise<void> {
    if (!target) throw new Error('InfluxDB not configured');
    await prepare();
    const started = performance.now();
    await target.write(points);
    lastWriteMs = performance.now() - started;
    pointsWritten += points.length;
  }

  function recordLatency(points: readonly Point[]): void {
    const now = Date.now();
    // Sample at most 100 points per batch: enough for quantiles, cheap at 20,000 points/s.
    const step = Math.max(1, Math.floor(points.length / 100));
    for (let i = 0; i < points.length; i += step) {
      latencies[latencyCount % latencies.length] = now - (points[i] as Point).timestamp;
      latencyCount += 1;
    }
  }

  function latencyQuantiles(): WriterStats['latency'] {
    const n = Math.min(latencyCount, latencies.length);
    if (n === 0) return undefined;
    const sorted = Float64Array.from(latencies.subarray(0, n)).sort();
    const q = (p: number) => (sorted[Math.min(n - 1, Math.floor(p * n))] as number) / 1000;
    return { p50: q(0.5), p99: q(0.99), samples: n };
  }

  function markDown(error: unknown): void {
    writeErrors += 1;
    if (status !== 'down') {
      const code = (error as { statusCode?: number }).statusCode;
      const why =
        code === 401 || code === 403
          ? `refuses our credentials (HTTP ${code}: ${(error as Error).message}; check the token or password)`
          : `unreachable (${(error as Error).message})`;
      log.warn(
        `InfluxDB ${target?.describe ?? ''} ${why}; points go to the spool until it is back`,
      );
    }
    status = 'down';
  }

  function scheduleDrain(): void {
    if (!target || closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void drain();
    }, backoffMs);
    retryTimer.unref();
    backoffMs = Math.min(backoffMs * 2, 30_000);
  }

  /** Replays the spool oldest first; stops at the first failure and tries again later. */
  async function drain(): Promise<void> {
    if (!target || draining) return;
    draining = true;
    try {
      for (let batch = spool.peek(); batch; batch = spool.peek()) {
        try {
          await send(batch.points);
        } catch (error) {
          markDown(error);
          scheduleDrain();
          return;
        }
        spool.remove(batch.name);
        if (status !== 'ok') log.info(`InfluxDB ${target.describe} is back; replaying the spool`);
        status = 'ok';
        backoffMs = 500;
      }
    } finally {
      draining = false;
    }
  }

  async function writeBatch(batch: Point[]): Promise<void> {
    if (!target) return spool.append(batch);
    if (status === 'down') {
      spool.append(batch);
      return scheduleDrain();
    }
    if (spool.batches > 0 || draining) {
      spool.append(batch);
      return void drain();
    }
    try {
      await send(batch);
      recordLatency(batch);
      status = 'ok';
    } catch (error) {
      markDown(error);
      spool.append(batch);
      scheduleDrain();
    }
  }

  // Batches are written one after another, so a failed one is spooled before any later one.
  let chain: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return chain;
    const batch = buffer;
    buffer = [];
    chain = chain
      .then(() => writeBatch(batch))
      .catch((error: unknown) => log.error(`writer: ${(error as Error).message}`));
    return chain;
  }

  if (target && spool.batches > 0) void drain();

  return {
    write(points) {
      if (closed) throw new Error('writer closed');
      buffer.push(...points);
      if (buffer.length >= batchSize) void flush();
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    flush: () => flush(),
    stats: () => ({
      influx: status,
      spoolDepth: spool.depth,
      pointsWritten,
      writeErrors,
      lastWriteMs,
      latency: latencyQuantiles(),
    }),
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await flush();
      while (draining) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
