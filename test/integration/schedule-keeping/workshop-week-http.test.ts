/**
 * The same realistic workshop week as `workshop-week.test.ts`, replayed through the real server:
 * the site, plan, members and machines set up and every reservation booked through the HTTP API,
 * every job reported as a gateway does (state, job_started, job_finished over MQTT to the
 * embedded aedes broker and the ingest), the server's injected clock stepped every ten minutes
 * with one schedule-keeper pass per step. The invariants of issue 13 are read back through the API:
 * no reservation confirmed past its end plus grace while nothing runs, no no-show for a slot
 * whose job ran, each holder's job attached to its reservation and walk-ins to nobody, at most
 * one overrun notice per reservation, every measured hour once in accounting (whole week and day
 * by day), the grams the printers said in job_finished on their sessions and billed once beside
 * the time (never for unattributed use), quotas held by bookings (typed refusals past them) and
 * by a round published through the API, a waitlist offer for every slot freed with time left (early
 * release or no-show), and the replay's figures equal to what the generator put in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '@manufacto/firmware-profiles/contract';
import { siteForAll } from '../../support/site.js';
import { workshopWeek, type PlannedJob } from '../../simulators/workshop-week.js';
import {
  HOUR,
  localHour,
  MINUTE,
  MONDAY,
  replayFigures,
  WEEK_MACHINES as MACHINES,
  WEEK_MEMBERS as MEMBERS,
  WEEK_SITE,
} from '../../support/workshop-week-site.js';

/**
 * Members on a plan with quotas, booking two printers the generator leaves alone (its figures
 * stay its own): 6 h and 3 bookings a week each, by direct booking and through a round.
 */
const QUOTA = { hours: 6, bookings: 3 };
const QUOTA_MEMBERS = ['rose', 'samir', 'tao'];
const QUOTA_MACHINES = ['bambu-x1-1', 'bambu-x1-2'];
/** Waits on every machine the generator books, many times over, so each release finds an entry. */
const WAITER = 'vera';
const COUNTED = new Set(['pending_approval', 'confirmed', 'no_show', 'completed']);
const SITE = 'atelier';
const GATEWAY = 'gw-atelier';
/** The filament a printer says a finished job used: 12 g an hour; lasers and aborts say none. */
const gramsOf = (j: PlannedJob) =>
  kindOf(j.machine) === 'printer' && j.kind !== 'aborted'
    ? Math.round(((j.end - j.start) / HOUR) * 12)
    : undefined;

let now = MONDAY - 3 * 24 * HOUR;
let client: MqttClient;
// The server's clock is the replay's `now`; no booking rate limit (one client books the week).
const site = siteForAll({
  prefix: 'mf-week-http-',
  mqttAuth: false,
  env: { BOOKING_RATE_PER_MIN: '0' },
  logLevel: 'error',
  clock: () => now,
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${site.server.httpUrl}${path}`, {
    method,
    headers: site.admin,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A booking that may be refused: its status and the refusal codes (none when booked). */
async function tryBooking(member: string, machine: string, start: number, end: number) {
  const res = await fetch(`${site.server.httpUrl}/api/reservations`, {
    method: 'POST',
    headers: site.admin,
    body: JSON.stringify({
      member,
      machine,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    }),
  });
  const body = (await res.json()) as { reasons?: Array<{ code: string }> };
  return { status: res.status, codes: (body.reasons ?? []).map((r) => r.code) };
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
  while (site.server.ingest.counters.accepted + site.server.ingest.counters.duplicates < sent) {
    if (Date.now() > deadline)
      throw new Error(`ingest handled ${site.server.ingest.counters.accepted} of ${sent} messages`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await site.server.ingest.persistNow();
}

beforeAll(async () => {
  client = await mqtt.connectAsync(site.server.mqttUrl, { clientId: `week-${process.pid}` });
  await api('PUT', `/api/sites/${SITE}`, WEEK_SITE);
  await api('PUT', '/api/plans/libre', {
    name: 'Libre',
    site: SITE,
    priorityClass: 1,
    bookAheadDays: 28,
    quotas: [],
  });
  await api('PUT', '/api/plans/mesure', {
    name: 'Mesuré',
    site: SITE,
    priorityClass: 2,
    bookAheadDays: 28,
    quotas: [
      { period: 'week', hours: QUOTA.hours },
      { period: 'week', bookings: QUOTA.bookings },
    ],
  });
  for (const id of [...MEMBERS, ...QUOTA_MEMBERS, WAITER])
    await api('PUT', `/api/members/${id}`, {
      name: id,
      email: `${id}@example.fr`,
      plan: QUOTA_MEMBERS.includes(id) ? 'mesure' : 'libre',
      sites: [SITE],
    });
  for (const id of QUOTA_MACHINES)
    await api('PUT', `/api/machines/${id}/sharing`, {
      site: SITE,
      name: id,
      kind: 'printer',
      hourlyRateCents: 300,
      bufferMin: 15,
      billingMode: 'used',
      group: 'bambu-x1',
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
});

type Reservation = { id: string; status: string; end: string; machine: string };

describe('a realistic workshop week through HTTP and MQTT', () => {
  it('keeps the schedule true and the accounts whole, as the service-level replay does', async () => {
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

    // Quotas (issue 13): bookings past 6 h or 3 bookings a week are refused with the typed reason.
    const [x1, x2] = QUOTA_MACHINES as [string, string];
    const attempts: Array<[string, string, number, number, string[]]> = [
      ['rose', x1, localHour(0, 10), localHour(0, 12), []],
      ['rose', x1, localHour(1, 10), localHour(1, 13), []],
      ['rose', x1, localHour(2, 10), localHour(2, 12), ['quota_hours_reached']],
      ['rose', x1, localHour(2, 10), localHour(2, 11), []],
      ['samir', x2, localHour(0, 14), localHour(0, 15), []],
      ['samir', x2, localHour(1, 14), localHour(1, 15), []],
      ['samir', x2, localHour(2, 14), localHour(2, 15), []],
      ['samir', x2, localHour(3, 14), localHour(3, 15), ['quota_bookings_reached']],
    ];
    for (const [member, machine, start, stop, codes] of attempts)
      expect([member, start, await tryBooking(member, machine, start, stop)]).toEqual([
        member,
        start,
        { status: codes.length ? 422 : 201, codes },
      ]);

    // A round for Thursday and Friday, published through the API, holds the same quotas: rose
    // and samir have spent theirs; tao's third 2.5 h slot would make 7.5 h.
    await api('PUT', '/api/rounds/fin-de-semaine', {
      site: SITE,
      title: 'Jeudi et vendredi',
      from: new Date(localHour(3, 0)).toISOString(),
      to: new Date(localHour(5, 0)).toISOString(),
      closesAt: new Date(now + 24 * HOUR).toISOString(),
    });
    const window = {
      start: new Date(localHour(3, 9)).toISOString(),
      end: new Date(localHour(4, 18)).toISOString(),
    };
    for (const [member, durationMin] of [
      ['rose', 60],
      ['samir', 60],
      ['tao', 150],
      ['tao', 150],
      ['tao', 150],
    ] as const)
      await api('POST', '/api/rounds/fin-de-semaine/requests', {
        member,
        group: 'bambu-x1',
        durationMin,
        windows: [window],
      });
    await api('POST', '/api/rounds/fin-de-semaine/propose');
    const published = await api<{ created: number; lost: string[]; refused: unknown[] }>(
      'POST',
      '/api/rounds/fin-de-semaine/publish',
    );
    const { requests } = await api<{
      requests: Array<{
        member: string;
        unassignedReason: string | null;
        reservation: string | null;
      }>;
    }>('GET', '/api/rounds/fin-de-semaine');
    expect(published).toEqual({ created: 2, lost: [], refused: [] });
    expect(
      requests.map((r) => [r.member, r.reservation !== null, r.unassignedReason]).sort(),
    ).toEqual(
      [
        ['rose', false, 'quota'],
        ['samir', false, 'quota'],
        ['tao', true, null],
        ['tao', true, null],
        ['tao', false, 'quota'],
      ].sort(),
    );
    // The waitlist (issue 13): every early release and every no-show with time left is offered.
    for (const m of MACHINES)
      for (let i = 0; i < 20; i += 1)
        await api('POST', '/api/waitlist', {
          member: WAITER,
          machine: m.id,
          from: new Date(MONDAY).toISOString(),
          to: new Date(MONDAY + 8 * 24 * HOUR).toISOString(),
          durationMin: 15,
        });
    const endOf = new Map(week.reservations.map((r) => [ids.get(r.key)!, r.end]));
    let freedWithTimeLeft = 0;
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
      for (const v of await site.server.keepSchedule()) {
        if (v.kind === 'released' && v.end > now) released += 1;
        if (v.kind === 'released' && v.end > Math.max(now, v.at)) freedWithTimeLeft += 1;
        if (v.kind === 'no_show' && (endOf.get(v.reservation) ?? 0) > now) freedWithTimeLeft += 1;
      }
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

    // Every slot freed with time left was offered to the waitlist, once.
    const { notices: waiterNotices } = await api<{ notices: Array<{ kind: string }> }>(
      'GET',
      `/api/members/${WAITER}/notices`,
    );
    const offers = waiterNotices.filter((n) => n.kind === 'waitlist_offer').length;
    console.log(`waitlist: ${offers} offers for ${freedWithTimeLeft} slots freed with time left`);
    expect(freedWithTimeLeft).toBeGreaterThan(0);
    expect(offers).toBe(freedWithTimeLeft);

    // After the week, no member on the quota plan holds more than their quota (booked or round).
    const held = [];
    for (const m of QUOTA_MEMBERS) {
      const { reservations } = await api<{
        reservations: Array<{ status: string; start: string; end: string }>;
      }>('GET', `/api/reservations?member=${m}&limit=500`);
      const counted = reservations.filter(
        (r) => COUNTED.has(r.status) && Date.parse(r.start) < localHour(7, 0),
      );
      const h = counted.reduce((s, r) => s + (Date.parse(r.end) - Date.parse(r.start)), 0) / HOUR;
      held.push([m, h, counted.length]);
      expect(h).toBeLessThanOrEqual(QUOTA.hours);
      expect(counted.length).toBeLessThanOrEqual(QUOTA.bookings);
    }
    expect(held).toEqual([
      ['rose', 6, 3],
      ['samir', 3, 3],
      ['tao', 5, 2],
    ]);

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

    const replay = replayFigures(week, statuses, whole);
    console.log(
      `workshop week over HTTP + MQTT (seed 13): ${week.reservations.length} reservations, ` +
        `${week.jobs.length} jobs (${sent} MQTT messages), ${released} early releases\n` +
        `${replay.compared}\n` +
        `  material (g)      accounting ${whole.reduce((s, l) => s + (l.materialGrams ?? 0), 0).toFixed(0)}  said over MQTT ${gramsSaid}`,
    );
    expect(replay.noShowRate).toBeCloseTo(week.truth.noShowRate, 6);
    expect(replay.usedOverBooked).toBeCloseTo(week.truth.usedOverBooked, 3);
    expect(replay.unattributedHours).toBeCloseTo(week.truth.unattributedHours, 2);
  }, 300_000);
});
