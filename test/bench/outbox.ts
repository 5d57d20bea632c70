/**
 * The gateway's outbox: messages stored per second (committed 16 to a transaction, as a turn of
 * the event loop with 16 machines' replies), and the drain rate (read + acknowledge).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '@manufacto/gateway';

export function benchOutbox(count = 50_000): { enqueuePerSecond: number; drainPerSecond: number } {
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-outbox-'));
  const outbox = new Outbox({
    file: join(dir, 'outbox.sqlite'),
    maxMessages: 10_000_000,
    whenFull: 'drop-oldest-telemetry',
  });
  const payload = JSON.stringify({
    v: 1,
    gateway: 'gw-bench',
    seq: 0,
    ts: Date.now(),
    metrics: { hotend_temp_c: 214.8, bed_temp_c: 60.1, progress_pct: 37 },
  });
  let start = performance.now();
  for (let i = 0; i < count; i += 1) {
    outbox.enqueue('telemetry', () => ({
      topic: 'manufacto/v1/bench/machines/m/telemetry',
      payload,
      retain: false,
    }));
    if (i % 16 === 15) outbox.flush();
  }
  outbox.flush();
  const enqueuePerSecond = count / ((performance.now() - start) / 1000);
  start = performance.now();
  let cursor = -1;
  for (;;) {
    const batch = outbox.after(cursor, 100);
    if (batch.length === 0) break;
    for (const m of batch) {
      outbox.acknowledge(m.seq);
      cursor = m.seq;
    }
  }
  const drainPerSecond = count / ((performance.now() - start) / 1000);
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
  return { enqueuePerSecond, drainPerSecond };
}
