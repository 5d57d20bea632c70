/** A route-test app: the real app over an in-memory SQLite store seeded with the demo workshop, at a fixed "now". */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppDeps } from '../app.js';
import { newCounters } from '../ingest/counters.js';
import { LiveHub } from '../live/hub.js';
import { createServices } from '../services/index.js';
import { DEMO_MACHINES, DEMO_SITE } from '../demo/workshop.js';
import { seedDemoWorkshop } from '../demo/seed.js';
import { openSqlite, type Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { sitesRepository } from '../store/sites.js';
import { accountsService } from '../auth/accounts.js';
import { sha256 } from '../auth/secrets.js';
import { personalData } from '../store/personal-data.js';
import { gatewayCredentialsRepository } from '../store/gateway-credentials.js';
import { jobFilesRepository } from '../store/job-files.js';
import { auditLog } from '../store/audit-log.js';
import { failureLimiter } from '../auth/rate-limit.js';

const IDENTITIES: ReadonlyArray<
  readonly [
    (
      | 'admin'
      | 'manager'
      | 'manager-nord'
      | 'funder'
      | 'camille-roux'
      | 'nadia-benali'
      | 'lucas-petit'
      | 'hugo-lefebvre'
    ),
    'admin' | 'manager' | 'funder' | 'artisan',
    string | null,
    string | null,
  ]
> = [
  ['admin', 'admin', null, null],
  ['manager', 'manager', null, 'atelier-demo'],
  ['manager-nord', 'manager', null, 'fablab-nord'],
  ['funder', 'funder', null, 'atelier-demo'],
  ['camille-roux', 'artisan', 'camille-roux', 'atelier-demo'],
  ['nadia-benali', 'artisan', 'nadia-benali', 'atelier-demo'],
  ['lucas-petit', 'artisan', 'lucas-petit', 'atelier-demo'],
  ['hugo-lefebvre', 'artisan', 'hugo-lefebvre', 'fablab-nord'],
];

const bearer = (name: string) => ({ authorization: `Bearer mft_test_${name}` });

/** Who asks, as request headers: `AS.manager`, `AS.artisan('camille-roux')`, `AS.nobody`. */
export const AS = {
  admin: bearer('admin'),
  manager: bearer('manager'),
  /** The manager of the second site, fablab-nord. */
  managerNord: bearer('manager-nord'),
  funder: bearer('funder'),
  artisan: (member: 'camille-roux' | 'nadia-benali' | 'lucas-petit' | string) => bearer(member),
  nobody: { 'x-test-nobody': '1' } as Record<string, string>,
};

/**
 * A second site beside the demo's, so every scoped thing is tested with two: `fablab-nord`, its
 * laser `laser-nord` (no training needed), its member `hugo-lefebvre` and its own plan.
 */
export async function seedSecondSite(db: Db): Promise<void> {
  await sitesRepository(db).save({ ...DEMO_SITE, id: 'fablab-nord', name: 'Fablab Nord' });
  const members = membersRepository(db);
  await members.savePlan({
    id: 'nord-adherent',
    site: 'fablab-nord',
    name: 'Adhérent Nord',
    priorityClass: 2,
    bookAheadDays: 30,
    quotas: [],
  });
  await members.save({
    id: 'hugo-lefebvre',
    name: 'Hugo Lefebvre',
    email: 'hugo.lefebvre@example.fr',
    organisation: null,
    plan: 'nord-adherent',
    active: true,
    quotaExempt: false,
  });
  await members.addSite('hugo-lefebvre', 'fablab-nord');
  await bookableMachinesRepository(db).save({
    ...DEMO_MACHINES.find((m) => m.id === 'laser-co2')!,
    id: 'laser-nord',
    site: 'fablab-nord',
    name: 'Laser Nord',
    qualification: null,
  });
}

/** Tuesday 1 December 2026, 08:00 in Paris. */
export const TEST_NOW = Date.parse('2026-12-01T07:00:00Z');

let apps = 0;

export async function testApp(now = TEST_NOW) {
  const db = await openSqlite(':memory:');
  await seedDemoWorkshop(db, now);
  await seedSecondSite(db);
  const accounts = accountsService(db, { clock: () => now, cost: { logN: 10 } });
  const mail: Array<{ to: string; kind: string; link: string }> = [];
  /** What the job routes published on the broker. */
  const published: Array<{ topic: string; payload: string }> = [];
  // Made only when a job file is written.
  const jobDir = join(tmpdir(), `manufacto-test-jobs-${process.pid}-${++apps}`);
  const deps: AppDeps = {
    ingest: {
      views: () => [],
      view: () => undefined,
      connected: true,
      counters: newCounters(),
      gatewayStats: () => [],
    },
    writer: {
      stats: () => ({
        influx: 'disabled',
        spoolDepth: 0,
        pointsWritten: 0,
        writeErrors: 0,
        lastWriteMs: undefined,
        unsaved: 0,
        spoolError: undefined,
        latency: { p50: 0, p99: 0, samples: 0 },
      }),
    },
    hub: new LiveHub(),
    usageSessions: { list: async () => [] },
    services: createServices(db, () => now),
    accounts,
    gatewayCredentials: gatewayCredentialsRepository(db, () => now),
    jobs: {
      files: jobFilesRepository(db, jobDir),
      maxBytes: 4096,
      publish: async (topic, payload) => void published.push({ topic, payload }),
    },
    privacy: personalData(db, () => now),
    audit: auditLog(db, () => now),
    mailer: { send: async (to, kind, link) => void mail.push({ to, kind, link }) },
    loginLimiter: failureLimiter({ clock: () => now }),
    publicWall: true,
    publicUrl: 'https://manufacto.example.fr',
    brokerMode: 'embedded',
    startedAt: now,
    dashboardDir: '/nonexistent',
    log: () => undefined,
  };
  const app = createApp(deps);
  /** A request as the manager of the demo site unless `headers` say who (AS.…) or `AS.nobody`. */
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    return callFrom('192.0.2.1', method, path, body, headers);
  };
  /** The same from a socket at `address` (what @hono/node-server gives the app as `c.env`). */
  const callFrom = (
    address: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const who = 'authorization' in headers || 'x-test-nobody' in headers ? {} : AS.manager;
    return app.request(
      path,
      {
        method,
        headers: { 'content-type': 'application/json', ...who, ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      { incoming: { socket: { remoteAddress: address } } },
    );
  };
  // Known API tokens per identity (AS below), so tests can name who asks.
  for (const [name, role, member, site] of IDENTITIES) {
    const account = await accounts.create(
      { email: `${name}@test.fr`, name, role, member, sites: site === null ? [] : [site] },
      null,
    );
    await db
      .insertInto('api_tokens')
      .values({
        id: `test-${name}`,
        account_id: account.id,
        name: 'test',
        token_hash: sha256(`mft_test_${name}`),
        scopes: JSON.stringify(['read', 'write']),
        created_at: now,
      })
      .execute();
  }
  return { app, db, deps, call, callFrom, accounts, mail, published, jobDir };
}
