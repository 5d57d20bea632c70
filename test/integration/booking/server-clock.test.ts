/**
 * The server's clock is injectable: a test replaying a workshop week through HTTP sets "now",
 * books on that day, moves "now" past the slot and has the schedule keeper judge it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { adminHeaders, testServerEnv } from '../../support/server-env.js';

// Monday 7 December 2025, 08:00 in Paris: a day long gone by the wall clock.
let now = Date.parse('2025-12-08T07:00:00Z');
let server: RunningServer;
let dir: string;
let admin: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-clock-'));
  server = await startServer(
    loadEnv({ ...(await testServerEnv(dir)), SEED_DEMO: 'true', BOOKING_RATE_PER_MIN: '0' }),
    createLogger('error', () => undefined),
    { clock: () => now },
  );
  admin = await adminHeaders(server.httpUrl);
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('startServer({ clock })', () => {
  it('books on the injected day and the schedule keeper judges the slot by the same clock', async () => {
    const res = await fetch(`${server.httpUrl}/api/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({
        machine: 'prusa-mk4-1',
        member: 'camille-roux',
        start: '2025-12-08T09:00:00Z',
        end: '2025-12-08T10:00:00Z',
      }),
    });
    const body = (await res.json()) as { reservation?: { id: string }; reasons?: unknown };
    // By the wall clock this slot is a year in the past (`in_the_past`); by the server's, it is today.
    expect(res.status, JSON.stringify(body)).toBe(201);
    const id = body.reservation!.id;

    expect(
      (await server.keepSchedule()).filter((v) => 'reservation' in v && v.reservation === id),
    ).toEqual([]);
    // Half an hour into the slot, nothing ran on the printer: a no-show.
    now = Date.parse('2025-12-08T09:30:00Z');
    expect(
      (await server.keepSchedule()).filter((v) => 'reservation' in v && v.reservation === id),
    ).toEqual([
      { kind: 'no_show', reservation: id, member: 'camille-roux', machine: 'prusa-mk4-1' },
    ]);
  });
});
