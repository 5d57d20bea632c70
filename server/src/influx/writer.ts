/**
 * The telemetry writer: batches points (by size and time), writes them to an InfluxDB target
 * (1.x with the `influx` client, or 2.x/3.x with `@influxdata/influxdb-client`), and when InfluxDB
 * is down or not configured keeps them in the disk spool, replayed in order with exponential
 * backoff when it answers again. Order is kept: while the spool holds anything, new batches go
 * behind it.
 *
 * Nothing acknowledged is dropped: when the spool cannot be written either (its disk is full,
 * `ENOSPC`), the batch is held in memory, in order, and tried again; while anything is held,
 * `flush()` rejects, so the journal keeps the segments those points came from (they are still on
 * the server's disk there), and past `maxUnsavedPoints` the server stops acknowledging
 * (`accepting()`), so the gateways keep the rest in their outboxes. `/health` says degraded, and why.
 * @module
 */
import { backoff } from '../domain/retry/backoff.js';
import type { Logger } from '../log.js';
import { influxV1Target } from './v1.js';
import type { Point } from './points.js';
import { Spool, type SpoolOptions } from './spool.js';

export interface WriterStats {
  readonly influx: 'ok' | 'down' | 'disabled';
  readonly spoolDepth: number;
  readonly pointsWritten: number;
  readonly writeErrors: number;
  readonly lastWriteMs: number | undefined;
  /** Points neither in InfluxDB nor in the spool (the spool could not be written), held in memory. */
  readonly unsaved: number;
  /** Why the spool cannot be written, while it cannot. */
  readonly spoolError: string | undefined;
  /** From the gateway's timestamp to the point written, over the last points written live (not from the spool). */
  readonly latency:
    | { readonly p50: number; readonly p99: number; readonly samples: number }
    | undefined;
}

export interface PointWriter {
  write(points: readonly Point[]): void;
  /**
   * Resolves once every point written so far is in InfluxDB or in the spool; rejects while some
   * are in neither (the spool's disk is full): they are held and tried again.
   */
  flush(): Promise<void>;
  /** False while so many points are held in memory that no more messages should be acknowledged. */
  accepting(): boolean;
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
  /** Points held in memory (spool unwritable) past which `accepting()` says no; 50,000 by default. */
  readonly maxUnsavedPoints?: number;
  /** The spool's file operations (tests fail them). */
  readonly spool?: SpoolOptions;
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
  const spool = new Spool(options.spoolDir, options.spool);
  const maxUnsavedPoints = options.maxUnsavedPoints ?? 50_000;

  let buffer: Point[] = [];
  let timer: NodeJS.Timeout | undefined;
  let status: WriterStats['influx'] = target ? 'ok' : 'disabled';
  let prepared = false;
  let draining = false;
  /** Drains in a row that failed (the backoff's count). */
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let pointsWritten = 0;
  let writeErrors = 0;
  let lastWriteMs: number | undefined;
  let closed = false;
  // Batches the spool could not take, oldest first, and why.
  const unsaved: Point[][] = [];
  let unsavedPoints = 0;
  let spoolError: string | undefined;
  let rescueTimer: NodeJS.Timeout | undefined;
  let rescueMs = 500;
  let rescuing = false;
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
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        void drain();
      },
      backoff(++failures, 500, 30_000),
    );
    retryTimer.unref();
  }

  /** Into the spool, or held in memory when the spool cannot be written (behind any held already). */
  function toSpool(batch: Point[]): void {
    if (unsaved.length === 0) {
      try {
        spool.append(batch);
        return;
      } catch (error) {
        spoolFailed(error);
      }
    }
    unsaved.push(batch);
    unsavedPoints += batch.length;
    scheduleRescue();
  }

  function spoolFailed(error: unknown): void {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    if (spoolError === undefined)
      log.error(
        `spool: cannot write to ${options.spoolDir} (${why}); points are held in memory and their journal segments kept, and past ${maxUnsavedPoints} points messages are no longer acknowledged`,
      );
    spoolError = `${why}: ${(error as Error).message}`;
  }

  function scheduleRescue(): void {
    if (closed || rescueTimer) return;
    rescueTimer = setTimeout(() => {
      rescueTimer = undefined;
      void rescue();
    }, rescueMs);
    rescueTimer.unref();
    rescueMs = Math.min(rescueMs * 2, 10_000);
  }

  /** Held batches into the spool again, or straight to InfluxDB when the spool is empty. */
  async function rescue(): Promise<void> {
    if (rescuing) return;
    rescuing = true;
    if (rescueTimer) clearTimeout(rescueTimer);
    rescueTimer = undefined;
    try {
      while (unsaved.length > 0) {
        const batch = unsaved[0] as Point[];
        try {
          spool.append(batch);
        } catch (error) {
          spoolFailed(error);
          // The spool is full: draining it makes room (and calls here again as it does).
          if (target && spool.batches > 0) {
            void drain();
            return scheduleRescue();
          }
          if (!target || draining) return scheduleRescue();
          try {
            await send(batch);
            status = 'ok';
          } catch (sendError) {
            markDown(sendError);
            return scheduleRescue();
          }
        }
        unsaved.shift();
        unsavedPoints -= batch.length;
      }
      if (spoolError !== undefined) log.info(`spool: ${options.spoolDir} writable again`);
      spoolError = undefined;
      rescueMs = 500;
      if (target && spool.batches > 0) void drain();
    } finally {
      rescuing = false;
    }
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
        // Room on the spool's disk again: what is held in memory can go.
        if (unsaved.length > 0) void rescue();
        if (status !== 'ok') log.info(`InfluxDB ${target.describe} is back; replaying the spool`);
        status = 'ok';
        failures = 0;
      }
    } finally {
      draining = false;
    }
  }

  async function writeBatch(batch: Point[]): Promise<void> {
    if (!target || unsaved.length > 0) return toSpool(batch);
    if (status === 'down') {
      toSpool(batch);
      return scheduleDrain();
    }
    if (spool.batches > 0 || draining) {
      toSpool(batch);
      return void drain();
    }
    try {
      await send(batch);
      recordLatency(batch);
      status = 'ok';
    } catch (error) {
      markDown(error);
      toSpool(batch);
      scheduleDrain();
    }
  }

  // Batches are written one after another, so a failed one is spooled before any later one.
  let chain: Promise<void> = Promise.resolve();
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length > 0) {
      const batch = buffer;
      buffer = [];
      chain = chain
        .then(() => writeBatch(batch))
        .catch((error: unknown) => log.error(`writer: ${(error as Error).message}`));
    }
    return chain.then(() => {
      if (unsaved.length > 0)
        throw new Error(
          `${unsavedPoints} point(s) are neither in InfluxDB nor in the spool (${spoolError})`,
        );
    });
  }

  if (target && spool.batches > 0) void drain();

  return {
    write(points) {
      if (closed) throw new Error('writer closed');
      // No spread: it built an arguments list for every message's one point.
      for (const point of points) buffer.push(point);
      if (buffer.length >= batchSize) void flush().catch(() => undefined);
      else if (!timer) {
        timer = setTimeout(() => void flush().catch(() => undefined), flushMs);
        timer.unref();
      }
    },
    flush: () => flush(),
    accepting: () => unsavedPoints < maxUnsavedPoints,
    stats: () => ({
      influx: status,
      spoolDepth: spool.depth,
      pointsWritten,
      writeErrors,
      lastWriteMs,
      unsaved: unsavedPoints,
      spoolError,
      latency: latencyQuantiles(),
    }),
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (rescueTimer) clearTimeout(rescueTimer);
      // What the spool cannot take now stays in the journal: the next start replays it.
      await flush().catch((error: unknown) => log.error(`writer: ${(error as Error).message}`));
      while (draining) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
