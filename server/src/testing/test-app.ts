/** A route-test app: the real app over an in-memory SQLite store seeded with the demo workshop, at a fixed "now". */
import { createApp, type AppDeps } from '../app.js';
import { newCounters } from '../ingest/counters.js';
import { LiveHub } from '../live/hub.js';
import { createSharing } from '../sharing/index.js';
import { seedDemoWorkshop } from '../sharing/seed.js';
import { openSqlite } from '../store/db.js';

/** Tuesday 1 December 2026, 08:00 in Paris. */
export const TEST_NOW = Date.parse('2026-12-01T07:00:00Z');

export async function testApp(now = TEST_NOW) {
  const db = await openSqlite(':memory:');
  await seedDemoWorkshop(db, now);
  const deps: AppDeps = {
    ingest: { views: () => [], view: () => undefined, connected: true, counters: newCounters(), gatewayStats: () => [] },
    writer: { stats: () => ({ influx: 'disabled', spoolDepth: 0, pointsWritten: 0, writeErrors: 0, lastWriteMs: undefined, latency: { p50: 0, p99: 0, samples: 0 } }) },
    hub: new LiveHub(),
    usageSessions: { list: async () => [] },
    sharing: createSharing(db, () => now),
    brokerMode: 'embedded',
    startedAt: now,
    dashboardDir: '/nonexistent',
    log: () => undefined,
  };
  const app = createApp(deps);
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { app, db, deps, call };
}
