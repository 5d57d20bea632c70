/**
 * A thousand people clicking "book" at once over real HTTP on a real server and SQLite file:
 * exactly one reservation per slot, and no two reservations of a machine ever overlap.
 */
import { describe, expect, it } from 'vitest';
import { openIntervals } from '@manufacto/server';
import { DEMO_SITE } from '@manufacto/server/demo';
import { seededRandom } from '../../support/seeded-random.js';
import { siteForAll } from '../../support/site.js';

const members = ['camille-roux', 'nadia-benali', 'lucas-petit'];

// The demo site, its machines and members; no rate limit: a thousand clicks come from one address.
// The administrator books for the members here (an artisan books for themselves only).
const site = siteForAll({
  prefix: 'mf-booking-',
  mqttAuth: false,
  env: { SEED_DEMO: 'true', BOOKING_RATE_PER_MIN: '0' },
  logLevel: 'error',
});

/** The next opening intervals of the demo site from tomorrow on (whatever day CI runs). */
function nextOpenings(days: number) {
  const from = Date.now() + 86_400_000;
  return openIntervals(DEMO_SITE, from - (from % 3_600_000) + 3_600_000, from + days * 86_400_000);
}

async function book(body: Record<string, unknown>) {
  const res = await fetch(`${site.server.httpUrl}/api/reservations`, {
    method: 'POST',
    headers: site.admin,
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      reservation?: { id: string; machine: string; start: string; blocksUntil: string };
      reasons?: Array<{ code: string }>;
    },
  };
}

async function reservationsOf(machine: string) {
  const res = await fetch(
    `${site.server.httpUrl}/api/reservations?machine=${machine}&status=confirmed,pending_approval&limit=500`,
    { headers: site.admin },
  );
  return (
    (await res.json()) as {
      reservations: Array<{ id: string; start: string; blocksUntil: string }>;
    }
  ).reservations;
}

function overlapping(list: Array<{ id: string; start: string; blocksUntil: string }>) {
  const sorted = [...list].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return sorted
    .filter((r, i) => i > 0 && Date.parse(r.start) < Date.parse(sorted[i - 1]!.blocksUntil))
    .map((r) => r.id);
}

describe('concurrent bookings', () => {
  it('1,000 concurrent requests for 10 slots end in exactly one reservation per slot', async () => {
    const openings = nextOpenings(20)
      .filter((o) => o.end - o.start >= 2 * 3_600_000)
      .slice(0, 5);
    expect(openings.length, 'the demo site should open at least 5 times in the next 20 days').toBe(
      5,
    );
    // Two 30-minute slots at the start of each opening: 10 slots, 100 requests each, all at once.
    const slots = openings.flatMap((o) =>
      [o.start, o.start + 3_600_000].map((s) => ({
        start: new Date(s).toISOString(),
        end: new Date(s + 1_800_000).toISOString(),
      })),
    );
    const requests = Array.from({ length: 1000 }, (_, i) => ({
      machine: 'prusa-mk4-1',
      member: members[i % 3]!,
      ...slots[i % 10]!,
    }));
    const answers = await Promise.all(requests.map(book));

    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    expect(statuses.get(201)).toBe(10);
    // Everything else was refused for a reason a person can read: taken, or a quota.
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect([409, 422]).toContain(a.status);
      expect(a.body.reasons?.length).toBeGreaterThan(0);
    }
    const stored = await reservationsOf('prusa-mk4-1');
    expect(stored).toHaveLength(10);
    expect(new Set(stored.map((r) => r.start)).size).toBe(10);
    expect(overlapping(stored)).toEqual([]);
  });

  it('500 concurrent requests for random overlapping slots on the laser leave zero overlaps', async () => {
    const opening = nextOpenings(20).filter((o) => o.end - o.start >= 6 * 3_600_000)[0]!;
    const random = seededRandom(7);
    const requests = Array.from({ length: 500 }, (_, i) => {
      const start = opening.start + Math.floor(random() * 20) * 15 * 60_000;
      const end = start + (2 + Math.floor(random() * 6)) * 15 * 60_000;
      // Lucas has no laser training: his requests must be refused with that reason.
      return {
        machine: 'laser-co2',
        member: members[i % 3]!,
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
      };
    });
    const answers = await Promise.all(requests.map(book));
    const booked = answers.filter((a) => a.status === 201);
    expect(booked.length).toBeGreaterThan(0);
    const stored = await reservationsOf('laser-co2');
    expect(stored.map((r) => r.id).sort()).toEqual(
      booked.map((a) => a.body.reservation!.id).sort(),
    );
    expect(overlapping(stored)).toEqual([]);
    const lucas = answers.filter((_, i) => requests[i]!.member === 'lucas-petit');
    expect(
      lucas.every(
        (a) => a.status === 422 && a.body.reasons?.some((r) => r.code === 'no_qualification'),
      ),
    ).toBe(true);
  });
});
