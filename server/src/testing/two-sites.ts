/**
 * The two sites of the site matrix, each with one of every scoped thing, and makers of fresh
 * targets for the calls that use theirs up (cancel, delete, erase, accept…). Everything of
 * `OTHER` names fablab-nord's things, so a listing that leaks it is caught by `LEAK`.
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../auth/secrets.js';
import { reportArchive } from '../services/report-archive.js';
import { waitlistRepository } from '../store/waitlist.js';
import { AS, TEST_NOW, testApp } from './test-app.js';

export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** One site's things, by what they are. */
export interface Place {
  readonly site: string;
  /** An artisan of the site (camille-roux is the artisan caller of the matrix). */
  readonly member: string;
  readonly name: string;
  readonly email: string;
  readonly organisation: string;
  readonly siret: string;
  readonly machine: string;
  /** A machine whose bookings wait for a manager's approval. */
  readonly approval: string;
  readonly plan: string;
  readonly training: string;
  readonly round: string;
  readonly gateway: string;
  readonly usage: string;
  /** A confirmed reservation of `member`, made at setup. */
  reservation: string;
}

export const OWN: Place = {
  site: 'atelier-demo',
  member: 'camille-roux',
  name: 'Camille Roux',
  email: 'camille@atelier-bois-roux.fr',
  organisation: 'atelier-bois-roux',
  siret: '85234567800019',
  machine: 'laser-co2',
  approval: 'cnc-fraiseuse',
  plan: 'plan-atelier-demo',
  training: 'training-atelier-demo',
  round: 'round-atelier-demo',
  gateway: 'gw-atelier-demo',
  usage: 'job-atelier-demo',
  reservation: '',
};

export const OTHER: Place = {
  site: 'fablab-nord',
  member: 'hugo-lefebvre',
  name: 'Hugo Lefebvre',
  email: 'hugo.lefebvre@example.fr',
  organisation: 'org-fablab-nord',
  siret: '44102030400057',
  machine: 'laser-nord',
  approval: 'cnc-nord',
  plan: 'plan-fablab-nord',
  training: 'training-fablab-nord',
  round: 'round-fablab-nord',
  gateway: 'gw-fablab-nord',
  usage: 'job-fablab-nord',
  reservation: '',
};

/** What betrays fablab-nord's things in a body read by someone of atelier-demo. */
export const LEAK = /fablab-nord|hugo-lefebvre|laser-nord|cnc-nord/;

/**
 * `value` with every string that names a thing of `OWN` renamed to the same thing of `OTHER`:
 * an example written for the demo site, aimed at the other one.
 */
export function aimedAt<T>(value: T, p: Place): T {
  if (p === OWN) return value;
  const names = new Map(
    (Object.keys(OWN) as Array<keyof Place>).map((k) => [OWN[k], OTHER[k]] as const),
  );
  return JSON.parse(JSON.stringify(value), (_k, v) =>
    typeof v === 'string' && names.has(v) ? names.get(v) : v,
  ) as T;
}

let n = 0;
const slotsTaken = new Map<string, number>();
/**
 * Half an hour of `machine` no other fixture uses: weekdays of 2–23 December 2026, one an hour
 * from 09:00 Paris (so the machines' buffers between bookings hold too).
 */
export function freshSlot(machine: string): { start: string; end: string } {
  const days = [2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23];
  const i = slotsTaken.get(machine) ?? 0;
  slotsTaken.set(machine, i + 1);
  const day = String(days[i % days.length]!).padStart(2, '0');
  const hour = String(9 + Math.floor(i / days.length)).padStart(2, '0');
  if (Number(hour) > 18) throw new Error(`the matrix ran out of free slots of ${machine}`);
  return { start: `2026-12-${day}T${hour}:00:00+01:00`, end: `2026-12-${day}T${hour}:30:00+01:00` };
}
const fresh = (what: string) => `${what}-${++n}`;

/** The test app with both sites' things, and the makers of fresh ones. */
export async function twoSites() {
  const t = await testApp();
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, `/api${path}`, body, AS.admin);
    if (res.status >= 300)
      throw new Error(`fixture ${method} ${path}: ${res.status} ${await res.text()}`);
    // biome-ignore lint/suspicious/noExplicitAny: fixtures read the answers' fields they made
    return res.status === 204 ? {} : ((await res.json()) as Record<string, any>);
  };
  const { services } = t.deps;
  // Machines report in: the wall and the utilisation have a live view of each.
  const view = (id: string, site: string) => ({ id, site, state: 'idle', name: id });
  const views = [view(OWN.machine, OWN.site), view(OTHER.machine, OTHER.site)];
  Object.assign(t.deps.ingest, {
    views: () => views,
    view: (id: string) => views.find((v) => v.id === id),
  });
  // The usage sessions the API lists are the store's (the test app's default lists none).
  Object.assign(t.deps, { usageSessions: services.usage });
  // Kept monthly reports of both sites.
  const reportsDir = mkdtempSync(join(tmpdir(), 'manufacto-matrix-'));
  for (const p of [OWN, OTHER]) {
    mkdirSync(join(reportsDir, p.site, '2026-11'), { recursive: true });
    writeFileSync(join(reportsDir, p.site, '2026-11', 'rapport.csv'), `site;${p.site}\n`);
  }
  (t.deps.services as { reportArchive: unknown }).reportArchive = reportArchive(
    t.db,
    services.reports,
    reportsDir,
  );

  await admin('PUT', `/organisations/${OTHER.organisation}`, {
    name: 'Nord SAS',
    kind: 'business',
  });
  await admin('PUT', `/members/${OTHER.member}`, {
    name: 'Hugo Lefebvre',
    email: OTHER.email,
    plan: 'nord-adherent',
    organisation: OTHER.organisation,
    sites: [OTHER.site],
  });
  await admin('PUT', `/members/${OTHER.member}/qualifications/cnc`);
  await admin('PUT', `/members/${OTHER.member}/qualifications/laser`);
  for (const p of [OWN, OTHER]) {
    await admin('PUT', `/plans/${p.plan}`, {
      name: `Plan ${p.site}`,
      site: p.site,
      priorityClass: 2,
      bookAheadDays: 30,
    });
    await admin('PUT', `/qualifications/${p.training}`, {
      name: `Formation ${p.site}`,
      site: p.site,
    });
    await admin('PUT', `/rounds/${p.round}`, {
      site: p.site,
      title: `Campagne ${p.site}`,
      from: '2026-12-14T00:00:00+01:00',
      to: '2026-12-19T00:00:00+01:00',
      closesAt: '2026-12-10T12:00:00+01:00',
    });
    await admin('PUT', `/gateways/${p.gateway}`, { site: p.site, machines: [p.machine] });
    p.reservation = await reservation(p);
    await session(p, p.usage, p.member);
    await waitEntry(p);
  }
  await admin('PUT', `/machines/${OTHER.approval}/sharing`, {
    site: OTHER.site,
    name: 'CNC Nord',
    kind: 'cnc',
    group: 'cnc',
    qualification: 'cnc',
    needsApproval: true,
  });
  await t.accounts.create(
    { email: 'login@test.fr', name: 'Login', role: 'manager', member: null, sites: [OWN.site] },
    'un mot de passe assez long',
  );

  /** A confirmed reservation of the place's member, or one booked by them awaiting approval. */
  async function reservation(p: Place, approval = false): Promise<string> {
    const machine = approval ? p.approval : p.machine;
    const body = { member: p.member, machine, ...freshSlot(machine) };
    if (!approval) return (await admin('POST', '/reservations', body)).reservation.id as string;
    const res = await t.call('POST', '/api/reservations', body, AS.artisan(p.member));
    const made = (await res.json()) as { reservation: { id: string; status: string } };
    if (made.reservation?.status !== 'pending_approval')
      throw new Error(`fixture: ${p.member} on ${machine}: ${res.status} ${JSON.stringify(made)}`);
    return made.reservation.id;
  }

  /** A finished usage session on the place's machine, attached to `member` or to nobody. */
  async function session(p: Place, id = fresh('job'), member: string | null = null) {
    await services.usage.record({
      id,
      site: p.site,
      machine: p.machine,
      gateway: p.gateway,
      name: 'plaque.nc',
      startedAt: Date.parse('2026-11-30T09:00:00Z'),
      endedAt: Date.parse('2026-11-30T10:00:00Z'),
      outcome: 'completed',
      reason: null,
      wallSeconds: 3600,
      activeSeconds: 3000,
      beamSeconds: null,
      spindleSeconds: null,
      energyWh: null,
    });
    if (member !== null) await services.usage.attach(id, member, null);
    return id;
  }

  async function waitEntry(p: Place): Promise<string> {
    const slot = freshSlot(p.machine);
    const made = await admin('POST', '/waitlist', {
      member: p.member,
      machine: p.machine,
      from: slot.start,
      to: slot.end,
      durationMin: 30,
    });
    return made.entry.id as string;
  }

  const driving = new Set<string>();
  /**
   * What a job route needs at the place besides its gateway (which serves the place's machine):
   * the place's member holding the slot under way on it (now, in the test's clock), once.
   */
  async function jobReady(p: Place): Promise<void> {
    if (driving.has(p.site)) return;
    driving.add(p.site);
    await t.db
      .insertInto('reservations')
      .values({
        id: `current-${p.site}`,
        site: p.site,
        machine_id: p.machine,
        member_id: p.member,
        starts_at: TEST_NOW - 600_000,
        ends_at: TEST_NOW + 3_000_000,
        blocks_until: TEST_NOW + 3_000_000,
        status: 'confirmed',
        note: null,
        created_at: TEST_NOW - 86_400_000,
        updated_at: TEST_NOW - 86_400_000,
        batch_id: null,
      })
      .execute();
  }

  return {
    ...t,
    /** Removes what the fixture and its routes wrote on disk (the kept reports, the job files). */
    cleanup: () => {
      rmSync(reportsDir, { recursive: true, force: true });
      rmSync(t.jobDir, { recursive: true, force: true });
    },
    admin,
    jobReady,
    reservation,
    session,
    waitEntry,
    /** A waitlist entry with a slot on offer. */
    async offer(p: Place): Promise<string> {
      const id = await waitEntry(p);
      const repo = waitlistRepository(t.db);
      const e = (await repo.get(id))!;
      await repo.save({
        ...e,
        status: 'offered',
        offer: {
          machine: p.machine,
          start: e.window.start,
          end: e.window.end,
          expiresAt: Date.parse('2026-12-01T12:00:00Z'),
        },
      });
      return id;
    },
    async gateway(p: Place): Promise<string> {
      const id = fresh('gw');
      await admin('PUT', `/gateways/${id}`, { site: p.site, machines: [fresh('machine')] });
      return id;
    },
    async round(p: Place, proposed = false): Promise<string> {
      const id = fresh('round');
      await admin('PUT', `/rounds/${id}`, {
        site: p.site,
        title: 'Campagne',
        from: '2026-12-14T00:00:00+01:00',
        to: '2026-12-19T00:00:00+01:00',
        closesAt: '2026-12-10T12:00:00+01:00',
      });
      if (proposed) await admin('POST', `/rounds/${id}/propose`);
      return id;
    },
    async roundRequest(p: Place): Promise<string> {
      const made = await admin('POST', `/rounds/${p.round}/requests`, {
        member: p.member,
        machine: p.machine,
        durationMin: 60,
        windows: [{ start: '2026-12-15T09:00:00+01:00', end: '2026-12-15T18:00:00+01:00' }],
      });
      return made.request.id as string;
    },
    /** A new member of the place, with an artisan account and its API token. */
    async artisan(p: Place): Promise<{ member: string; as: Record<string, string> }> {
      const member = fresh('artisan');
      await admin('PUT', `/members/${member}`, {
        name: 'Nouvel artisan',
        email: `${member}@example.fr`,
        plan: 'resident',
        sites: [p.site],
      });
      const account = await t.accounts.create(
        { email: `${member}@test.fr`, name: member, role: 'artisan', member, sites: [] },
        null,
      );
      const token = `mft_test_${member}`;
      await t.db
        .insertInto('api_tokens')
        .values({
          id: `token-${member}`,
          account_id: account.id,
          name: 'test',
          token_hash: sha256(token),
          scopes: JSON.stringify(['read', 'write']),
          created_at: Date.now(),
        })
        .execute();
      return { member, as: { authorization: `Bearer ${token}` } };
    },
    /** A fresh API token of the account with this email. */
    async token(email: string): Promise<string> {
      const account = await t.db
        .selectFrom('accounts')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return (await t.accounts.createToken(account.id, 'script', ['read'])).id;
    },
    /** An invitation's one-time token (for an artisan account of no member). */
    async invitation(): Promise<string> {
      const email = `${fresh('invited')}@example.fr`;
      const payload = {
        email,
        name: 'Invité',
        role: 'funder' as const,
        member: null,
        sites: [OWN.site],
      };
      return (await t.accounts.invite(payload, 'test')).token;
    },
    /** A password reset's one-time token for the login account. */
    async reset(): Promise<string> {
      return (await t.accounts.requestReset('login@test.fr', 'test'))!.token;
    },
  };
}
export type TwoSites = Awaited<ReturnType<typeof twoSites>>;
