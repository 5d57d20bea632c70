/**
 * The same realistic workshop week as `workshop-week.test.ts`, replayed through the real server:
 * the site, plan, members and machines set up and every reservation booked through the HTTP API,
 * every job reported as a gateway does (state, job_started, job_finished over MQTT to the
 * embedded aedes broker and the ingest), the server's injected clock stepped every ten minutes
 * with one plan-keeper pass per step. The invariants of issue 13 are read back through the API:
 * no reservation confirmed past its end plus grace while nothing runs, no no-show for a slot
 * whose job ran, each holder's job attached to its reservation and walk-ins to nobody, at most
 * one overrun notice per reservation, every measured hour once in accounting (whole week and day
 * by day), the grams the printers said in job_finished on their sessions and billed once beside
 * the time (never for unattributed use), and the replay's figures equal to what the generator put in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '@manufacto/firmware-profiles/contract';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { adminHeaders, testServerEnv } from '../../support/server-env.js';
import { workshopWeek, type PlannedJob } from '../../simulators/workshop-week.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MONDAY = Date.parse('2026-12-07T00:00:00+01:00');
const localHour = (day: number, h: number) => MONDAY + day * 24 * HOUR + h * HOUR;
const MACHINES = [
  { id: 'ultimaker-s5-1', model: 'ultimaker-s5', kind: 'printer' as const },
  { id: 'ultimaker-s5-2', model: 'ultimaker-s5', kind: 'printer' as const },
  { id: 'prusa-mk4-1', model: 'prusa-mk4', kind: 'printer' as const },
  { id: 'prusa-mk4-2', model: 'prusa-mk4', kind: 'printer' as const },
  { id: 'laser-co2', model: 'trotec', kind: 'laser' as const },
];
const MEMBERS = ['ines', 'jules', 'karim', 'lea', 'marc', 'nora', 'omar', 'paule'];
const SITE = 'atelier';
const GATEWAY = 'gw-atelier';
const hours = { open: '09:00', close: '18:00' };
/** The filament a printer says a finished job used: 12 g an hour; lasers and aborts say none. */
const gramsOf = (j: PlannedJob) =>
  kindOf(j.machine) === 'printer' && j.kind !== 'aborted'
    ? Math.round(((j.end - j.start) / HOUR) * 12)
    : undefined;

let now = MONDAY - 3 * 24 * HOUR;
let server: RunningServer;
let dir: string;
let admin: Record<string, string>;
let client: MqttClient;

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.httpUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...admin },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A gateway's messages, stamped with the server's "now" and consecutive sequence numbers. */
let seq = 0;
let sent = 0;
let lastTs = 0;
async function publish(machine: string, channel: 'state' | 'event', body: object, at: number) {
  // One distinct, increasing millisecond per message: a state never looks older than the last.
  const ts = Math.max(at, lastTs + 1);
  lastTs = ts;
  await client.publishAsync(
    topics.machine(SITE, machine, channel),
    JSON.stringify({ v: 1, gateway: GATEWAY, seq: seq++, ts, ...body }),
    { qos: 1, retain: channel === 'state' },
  );
  sent += 1;
}
const kindOf = (machine: string) => MACHINES.find((m) => m.id === machine)!.kind;
const state = (machine: string, s: 'idle' | 'running', at: number) =>
  publish(
    machine,
    'state',
    { state: s, since: at, machine: { name: machine, kind: kindOf(machine), profile: 'scripted' } },
    at,
  );

/** Until the ingest has handled every message sent and the store holds what it wrote. */
async function settled() {
  const deadline = Date.now() + 10_000;
  while (server.ingest.counters.accepted + server.ingest.counters.duplicates < sent) {
    if (Date.now() > deadline)
      throw new Error(`ingest handled ${server.ingest.counters.accepted} of ${sent} messages`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await server.ingest.persistNow();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-week-http-'));
  server = await startServer(
    loadEnv({ ...(await testServerEnv(dir)), BOOKING_RATE_PER_MIN: '0' }),
    createLogger('error', () => undefined),
    { clock: () => now },
  );
  admin = await adminHeaders(server.httpUrl);
  client = await mqtt.connectAsync(server.mqttUrl, { clientId: `week-${process.pid}` });
  await api('PUT', `/api/sites/${SITE}`, {
    name: 'Atelier',
    timezone: 'Europe/Paris',
    openingHours: { '1': [hours], '2': [hours], '3': [hours], '4': [hours], '5': [hours] },
    holidays: 'none',
    rules: {
      granularityMin: 15,
      minMin: 30,
      maxMin: 480,
      cancelDeadlineMin: 120,
      moveDeadlineMin: 120,
      noShowGraceMin: 15,
      releaseGraceMin: 15,
    },
  });
  await api('PUT', '/api/plans/libre', {
    name: 'Libre',
    site: SITE,
    priorityClass: 1,
    bookAheadDays: 28,
    quotas: [],
  });
  for (const id of MEMBERS)
    await api('PUT', `/api/members/${id}`, {
      name: id,
      email: `${id}@example.fr`,
      plan: 'libre',
      sites: [SITE],
    });
  for (const m of MACHINES)
    await api('PUT', `/api/machines/${m.id}/sharing`, {
      site: SITE,
      name: m.id,
      kind: m.kind,
      hourlyRateCents: 300,
      bufferMin: 15,
      billingMode: 'used',
      ...(m.kind === 'printer' ? { group: m.model, materialRateCentsPerKg: 2500 } : {}),
    });
  for (const m of MACHINES) await state(m.id, 'idle', now);
  await settled();
}, 60_000);

afterAll(async () => {
  await client?.endAsync();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Reservation = { id: string; status: string; end: string; machine: string };

describe('a realistic workshop week through HTTP and MQTT', () => {
  it('keeps the plan true and the accounts whole, as the service-level replay does', async () => {
    const week = workshopWeek({ seed: 13, machines: MACHINES, members: MEMBERS, localHour });
    const ids = new Map<number, string>();
    for (const r of week.reservations) {
      const { reservation } = await api<{ reservation: Reservation }>('POST', '/api/reservations', {
        member: r.member,
        machine: r.machine,
        start: new Date(r.start).toISOString(),
        end: new Date(r.end).toISOString(),
      });
      ids.set(r.key, reservation.id);
    }
    const started = new Set<string>();
    const finished = new Set<string>();
    const stale: string[] = [];
    let released = 0;
    const end = MONDAY + 8 * 24 * HOUR;
    const running = (j: PlannedJob) => j.start <= now && now < j.end;
    for (now = MONDAY; now <= end; now += 10 * MINUTE) {
      // What the gateway saw since the last step, in time order: ends free a machine first.
      const due = [
        ...week.jobs
          .filter((j) => j.end <= now && !finished.has(j.id))
          .map((j) => ({ at: j.end, j, what: 'end' as const })),
        ...week.jobs
          .filter((j) => j.start <= now && !started.has(j.id))
          .map((j) => ({ at: j.start, j, what: 'start' as const })),
      ].sort((a, b) => a.at - b.at || (a.what === 'end' ? -1 : 1));
      for (const { j, what } of due) {
        const job = { id: j.id, startedAt: j.start };
        if (what === 'start') {
          started.add(j.id);
          await publish(j.machine, 'event', { type: 'job_started', job }, j.start);
          await state(j.machine, 'running', j.start);
        } else {
          if (!started.has(j.id)) {
            started.add(j.id);
            await publish(j.machine, 'event', { type: 'job_started', job }, j.start);
          }
          finished.add(j.id);
          const seconds = (j.end - j.start) / 1000;
          await publish(
            j.machine,
            'event',
            {
              type: 'job_finished',
              job: {
                ...job,
                endedAt: j.end,
                outcome: j.kind === 'aborted' ? 'failed' : 'completed',
                wallSeconds: seconds,
                activeSeconds: seconds,
                ...(gramsOf(j) === undefined ? {} : { materialGrams: gramsOf(j) }),
              },
            },
            j.end,
          );
          await state(j.machine, 'idle', j.end);
        }
      }
      if (due.length) await settled();
      for (const v of await server.keepPlan())
        if (v.kind === 'released' && v.end > now) released += 1;
      // No reservation stays confirmed past its end plus grace, unless its job still runs.
      const { reservations } = await api<{ reservations: Reservation[] }>(
        'GET',
        `/api/reservations?site=${SITE}&status=confirmed&to=${new Date(now).toISOString()}&limit=500`,
      );
      for (const r of reservations)
        if (r.status === 'confirmed' && now > Date.parse(r.end) + 15 * MINUTE) {
          const key = [...ids].find(([, id]) => id === r.id)?.[0];
          if (!week.jobs.some((j) => j.reservation === key && running(j))) stale.push(r.id);
        }
    }
    expect(stale).toEqual([]);

    const statuses = new Map<number, string>();
    for (const [key, id] of ids)
      statuses.set(
        key,
        (await api<{ reservation: Reservation }>('GET', `/api/reservations/${id}`)).reservation
          .status,
      );
    const ran = new Set(week.jobs.flatMap((j) => (j.reservation === null ? [] : [j.reservation])));
    for (const [key, status] of statuses)
      expect([key, status === 'no_show']).toEqual([key, !ran.has(key)]);

    // Holders' jobs are theirs, walk-ins nobody's (the session id is the gateway's job id).
    const { usageSessions } = await api<{
      usageSessions: Array<{
        id: string;
        reservation: string | null;
        member: string | null;
        materialGrams: number | null;
      }>;
    }>('GET', `/api/usage-sessions?site=${SITE}&limit=1000`);
    expect(usageSessions).toHaveLength(week.jobs.length);
    for (const s of usageSessions) {
      const j = week.jobs.find((x) => `${GATEWAY}:${x.id}` === s.id)!;
      // Each session's holder, and the grams its printer said in job_finished (issue 13: material).
      expect([s.id, s.reservation, s.materialGrams]).toEqual([
        s.id,
        j.reservation === null ? null : ids.get(j.reservation),
        gramsOf(j) ?? null,
      ]);
    }

    // At most one overrun notice per reservation (each member's notices, as they read them).
    const perReservation = new Map<string, number>();
    for (const m of MEMBERS) {
      const { notices } = await api<{
        notices: Array<{ kind: string; reservation: string | null }>;
      }>('GET', `/api/members/${m}/notices`);
      for (const n of notices)
        if (n.kind === 'overrun' && n.reservation)
          perReservation.set(n.reservation, (perReservation.get(n.reservation) ?? 0) + 1);
    }
    expect(Math.max(0, ...perReservation.values())).toBeLessThanOrEqual(1);

    // Every measured hour appears exactly once, over the week and day by day.
    type Line = {
      usedWallMin: number;
      reservation: string | null;
      status: string;
      materialGrams: number | null;
      materialCents: number;
    };
    const lines = async (from: number, to: number) =>
      (
        await api<{ lines: Line[] }>(
          'GET',
          `/api/accounting/lines?site=${SITE}&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
        )
      ).lines;
    const measuredMin = week.jobs.reduce((s, j) => s + (j.end - j.start) / MINUTE, 0);
    const whole = await lines(MONDAY, end);
    expect(whole.reduce((s, l) => s + l.usedWallMin, 0)).toBeCloseTo(measuredMin, 0);
    let byDay = 0;
    for (let d = 0; d < 8; d += 1)
      byDay += (await lines(localHour(d, 0), localHour(d + 1, 0))).reduce(
        (s, l) => s + l.usedWallMin,
        0,
      );
    expect(byDay).toBeCloseTo(measuredMin, 0);

    // The grams the printers said are in accounting once (split at edges like the hours), billed
    // at 25 €/kg beside the time where the use is a member's, never for unattributed use.
    const gramsSaid = week.jobs.reduce((s, j) => s + (gramsOf(j) ?? 0), 0);
    expect(gramsSaid).toBeGreaterThan(0);
    expect(whole.reduce((s, l) => s + (l.materialGrams ?? 0), 0)).toBeCloseTo(gramsSaid, 0);
    for (const l of whole) {
      const cents = l.status === 'unattributed' ? 0 : ((l.materialGrams ?? 0) * 2500) / 1000;
      expect(Math.abs(l.materialCents - cents)).toBeLessThanOrEqual(0.5);
    }

    const booked = week.reservations.reduce((s, r) => s + (r.end - r.start), 0) / MINUTE;
    const attached = whole
      .filter((l) => l.reservation !== null)
      .reduce((s, l) => s + l.usedWallMin, 0);
    const unattributed =
      whole.filter((l) => l.status === 'unattributed').reduce((s, l) => s + l.usedWallMin, 0) / 60;
    const replay = {
      noShowRate: [...statuses.values()].filter((s) => s === 'no_show').length / statuses.size,
      usedOverBooked: attached / booked,
      unattributedHours: unattributed,
    };
    console.log(
      `workshop week over HTTP + MQTT (seed 13): ${week.reservations.length} reservations, ` +
        `${week.jobs.length} jobs (${sent} MQTT messages), ${released} early releases\n` +
        `  no-show rate      replay ${replay.noShowRate.toFixed(3)}  generator ${week.truth.noShowRate.toFixed(3)}\n` +
        `  used ÷ booked     replay ${replay.usedOverBooked.toFixed(3)}  generator ${week.truth.usedOverBooked.toFixed(3)}\n` +
        `  unattributed (h)  replay ${replay.unattributedHours.toFixed(2)}  generator ${week.truth.unattributedHours.toFixed(2)}\n` +
        `  material (g)      accounting ${whole.reduce((s, l) => s + (l.materialGrams ?? 0), 0).toFixed(0)}  said over MQTT ${gramsSaid}`,
    );
    expect(replay.noShowRate).toBeCloseTo(week.truth.noShowRate, 6);
    expect(replay.usedOverBooked).toBeCloseTo(week.truth.usedOverBooked, 3);
    expect(replay.unattributedHours).toBeCloseTo(week.truth.unattributedHours, 2);
  }, 300_000);
});
