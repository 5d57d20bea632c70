/**
 * Networks of sites between two real instances: site A (the demo workshop, with people, an
 * organisation's SIRET and jobs measured over MQTT last month) pushes its signed aggregates to
 * network B. While B is down they wait in A's outbox; once B is up and has registered A's public
 * key, they are delivered and B's network report equals A's funder report, its suppressed cells
 * still suppressed. No name, email, member id or SIRET of A's is anywhere in B's database file.
 * An altered, an unsigned, an unknown site's and an older aggregate are refused with their reason.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@manufacto/firmware-profiles/contract';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { adminHeaders, testServerEnv } from '../../support/server-env.js';

const HOUR = 3_600_000;
const quiet = createLogger('error', () => undefined);
let dir: string;
let a: RunningServer;
let b: RunningServer | undefined;
let adminA: Record<string, string>;
let adminB: Record<string, string>;
let keyFile: string;
let bPort: number;

/** Last month on the Paris calendar, as the report and the aggregates name it. */
const lastMonth = (() => {
  const [y, m] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
  })
    .format(Date.now())
    .split('-')
    .map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

/** What this test reads of the answers: a funder report's figures and tables, an error's words. */
interface Figure {
  key: string;
  value: number | null;
  suppressed: boolean;
  previous?: number | null;
}
interface Row {
  key: string;
  values: Record<string, number | null>;
  suppressed: boolean;
  member?: string;
}
interface Table {
  key: string;
  rows: Row[];
  total: { values: Record<string, number | null>; suppressed: boolean };
}
interface Report {
  figures: Figure[];
  tables: Table[];
}
interface Answer extends Partial<Report> {
  message?: string;
  status?: string;
  audience?: string;
  sites?: unknown;
  link?: string;
  usageSessions?: unknown;
  sessions?: unknown;
  items?: unknown;
}
/** A signed aggregate as the site's outbox keeps it. */
interface Aggregate {
  site: string;
  issuedAt: string;
  report: Report;
  [field: string]: unknown;
}

async function api(
  base: string,
  path: string,
  headers: Record<string, string>,
  init: RequestInit = {},
) {
  const res = await fetch(`${base}/api${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...headers,
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: (text.startsWith('{') ? JSON.parse(text) : {}) as Answer,
  };
}

/** A funder account of `sites`, invited by the admin, logged in: its cookie. */
async function funder(base: string, admin: Record<string, string>, sites: string[]) {
  const inv = await api(base, '/auth/invitations', admin, {
    method: 'POST',
    body: JSON.stringify({
      email: `financeur-${sites[0]}@region.test`,
      name: 'Région — suivi',
      role: 'funder',
      sites,
    }),
  });
  expect(inv.status, inv.text).toBe(201);
  const token = String(inv.body.link).split('#')[1];
  const res = await fetch(`${base}/api/auth/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: 'les copeaux du rabot volent' }),
  });
  expect(res.status).toBe(201);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

/** Three laser jobs on the 10th of last month, reported as a gateway does, each then attached to a member. */
async function lastMonthJobs(server: RunningServer, admin: Record<string, string>) {
  const [y, m] = lastMonth.split('-').map(Number) as [number, number];
  const day = Date.UTC(y, m - 1, 10, 8, 0);
  const client = await mqtt.connectAsync(server.mqttUrl, { clientId: `network-${process.pid}` });
  let seq = 0;
  const publish = (channel: 'state' | 'event', body: object, ts: number) =>
    client.publishAsync(
      topics.machine('atelier-demo', 'laser-co2', channel),
      JSON.stringify({ v: 1, gateway: 'gw-demo', seq: seq++, ts, ...body }),
      { qos: 1 },
    );
  const members = ['camille-roux', 'nadia-benali', 'lucas-petit'];
  for (const [i] of members.entries()) {
    const start = day + i * 3 * HOUR;
    const job = { id: `job-network-${i}`, startedAt: start };
    await publish('event', { type: 'job_started', job }, start);
    await publish(
      'event',
      {
        type: 'job_finished',
        job: {
          ...job,
          endedAt: start + 2 * HOUR,
          outcome: 'completed',
          wallSeconds: 7200,
          activeSeconds: 6000,
        },
      },
      start + 2 * HOUR,
    );
  }
  const deadline = Date.now() + 10_000;
  while (server.ingest.counters.accepted < seq) {
    if (Date.now() > deadline) throw new Error('the ingest did not take the jobs');
    await new Promise((r) => setTimeout(r, 20));
  }
  await server.ingest.persistNow();
  await client.endAsync();
  const listed = await api(server.httpUrl, '/usage-sessions?site=atelier-demo', admin);
  const sessions = (listed.body.usageSessions ?? listed.body.sessions ?? listed.body.items) as {
    id: string;
    jobId?: string;
  }[];
  expect(sessions.length, listed.text).toBe(3);
  for (const [i, s] of [...sessions].sort((x, z) => x.id.localeCompare(z.id)).entries()) {
    const put = await api(
      server.httpUrl,
      `/usage-sessions/${encodeURIComponent(s.id)}/member`,
      admin,
      {
        method: 'PUT',
        body: JSON.stringify({ member: members[i] }),
      },
    );
    expect(put.status, put.text).toBe(200);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-network-'));
  bPort = await freePort();
  keyFile = join(dir, 'site-a', 'network-key.pem');
  a = await startServer(
    loadEnv({
      ...(await testServerEnv(join(dir, 'site-a'))),
      SEED_DEMO: 'true',
      NETWORK_URL: `http://127.0.0.1:${bPort}`,
      NETWORK_KEY_FILE: keyFile,
    }),
    quiet,
  );
  adminA = await adminHeaders(a.httpUrl);
  await lastMonthJobs(a, adminA);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a network of sites between two instances', () => {
  let signedBefore: { aggregate: Aggregate; signature: string } | undefined;

  it('keeps the aggregates in the outbox while the network is down, then delivers them all', async () => {
    const sender = a.networkSender!;
    expect(sender).toBeDefined();
    const down = await sender.round();
    expect(down.sent).toBe(0);
    expect(down.kept).toBe(6);
    expect(down.problems[0]).toContain(`127.0.0.1:${bPort}`);
    const outbox = join(dir, 'site-a', 'server', 'network-outbox');
    expect(readdirSync(outbox).sort()).toContain(`atelier-demo__${lastMonth}.json`);
    signedBefore = JSON.parse(
      readFileSync(join(outbox, `atelier-demo__${lastMonth}.json`), 'utf8'),
    );

    b = await startServer(
      loadEnv({ ...(await testServerEnv(join(dir, 'network-b'))), PORT: String(bPort) }),
      quiet,
    );
    adminB = await adminHeaders(b.httpUrl);
    const network = await api(b.httpUrl, '/sites/reseau-test', adminB, {
      method: 'PUT',
      body: JSON.stringify({
        name: 'Réseau des manufactures — test',
        timezone: 'Europe/Paris',
        openingHours: {},
        holidays: 'fr',
      }),
    });
    expect(network.status, network.text).toBe(200);
    // Before A is registered, B refuses it, and A keeps everything.
    const unknown = await sender.flush();
    expect(unknown.sent).toBe(0);
    expect(unknown.problems[0]).toContain('is not a registered member of this network');
    const reg = await api(b.httpUrl, '/network/members/atelier-demo', adminB, {
      method: 'PUT',
      body: JSON.stringify({
        network: 'reseau-test',
        name: 'Manufacture démo',
        publicKey: readFileSync(`${keyFile}.pub`, 'utf8'),
      }),
    });
    expect(reg.status, reg.text).toBe(200);
    const up = await sender.flush();
    expect(up).toEqual({ sent: 6, kept: 0, problems: [] });
    expect(readdirSync(outbox).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('builds the network report with the figures of the site’s funder report, suppressed cells kept suppressed', async () => {
    const fa = await funder(a.httpUrl, adminA, ['atelier-demo']);
    const fb = await funder(b!.httpUrl, adminB, ['reseau-test']);
    const site = await api(a.httpUrl, `/reports?site=atelier-demo&period=${lastMonth}`, fa);
    const net = await api(
      b!.httpUrl,
      `/network/report?network=reseau-test&period=${lastMonth}`,
      fb,
    );
    expect(site.status, site.text).toBe(200);
    expect(net.status, net.text).toBe(200);
    expect(site.body.audience).toBe('funder');
    const figures = (r: Answer) =>
      Object.fromEntries(r.figures!.map((f) => [f.key, [f.value, f.suppressed, f.previous]]));
    expect(figures(net.body)).toEqual(figures(site.body));
    expect(figures(net.body).wallHours).toEqual([6, false, 0]);
    // Three people: under the threshold of 5, so suppressed at the site and at the network.
    expect(figures(net.body).artisans).toEqual([null, true, 0]);
    const people = (r: Answer, key: string) => {
      const t = r.tables!.find((x) => x.key === key)!;
      return [
        t.rows.map((x) => [x.key, x.values, x.suppressed]),
        t.total.values,
        t.total.suppressed,
      ];
    };
    for (const key of ['status', 'sector', 'territory'])
      expect(people(net.body, key), key).toEqual(people(site.body, key));
    const machine = net.body
      .tables!.find((t) => t.key === 'machines')!
      .rows.find((r) => r.key === 'atelier-demo:laser-co2');
    expect(machine?.values.wallHours).toBe(6);
    expect(net.body.sites).toEqual([{ id: 'reseau-test', name: 'Réseau des manufactures — test' }]);

    for (const [format, magic] of [
      ['pdf', '%PDF-'],
      ['xlsx', 'PK'],
      ['csv', '\uFEFF'],
    ] as const) {
      const res = await fetch(
        `${b!.httpUrl}/api/network/report?network=reseau-test&period=${lastMonth}&format=${format}`,
        { headers: fb },
      );
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(
        bytes.subarray(0, Buffer.byteLength(magic)).toString(format === 'csv' ? 'utf8' : 'latin1'),
      ).toBe(magic);
      if (format === 'csv') expect(bytes.toString('utf8')).toContain('6');
    }
    // The site's own funder may not read the network's report on B: it funds nothing there.
    const stranger = await api(
      b!.httpUrl,
      `/network/report?network=atelier-demo&period=${lastMonth}`,
      fb,
    );
    expect(stranger.status).toBe(403);
  });

  it('refuses an altered, an unsigned, an unknown site’s and an older aggregate, each with its reason', async () => {
    const post = (body: unknown) =>
      api(
        b!.httpUrl,
        '/network/aggregates',
        { 'accept-language': 'en' },
        { method: 'POST', body: JSON.stringify(body) },
      );
    const key = createPrivateKey(readFileSync(keyFile, 'utf8'));
    const canonical = (v: unknown): string =>
      v === null || typeof v !== 'object'
        ? JSON.stringify(v)
        : Array.isArray(v)
          ? `[${v.map(canonical).join(',')}]`
          : `{${Object.keys(v as object)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
              .join(',')}}`;
    const signed = (aggregate: Aggregate) => ({
      aggregate,
      signature: sign(null, Buffer.from(canonical(aggregate)), key).toString('base64'),
    });
    const original = signedBefore!;

    // Altered after signing: one more hour on the laser.
    const altered = structuredClone(original);
    altered.aggregate.report.figures.find((f) => f.key === 'wallHours')!.value = 7;
    const r1 = await post(altered);
    expect(r1.status).toBe(401);
    expect(r1.body.message).toContain(
      'the signature does not match the aggregate and the key registered for site "atelier-demo"',
    );

    const r2 = await post({ aggregate: original.aggregate });
    expect(r2.status).toBe(400);
    expect(r2.body.message).toContain('signature');

    const r3 = await post(signed({ ...original.aggregate, site: 'atelier-inconnu' }));
    expect(r3.status).toBe(401);
    expect(r3.body.message).toContain(
      'site "atelier-inconnu" is not a registered member of this network',
    );

    // Signed by the site but carrying a person's name: more than a funder view, refused.
    const more = structuredClone(original.aggregate);
    more.report.tables[0]!.rows[0]!.member = 'Camille Roux';
    const r4 = await post(signed(more));
    expect(r4.status).toBe(400);
    expect(r4.body.message).toContain('not a funder report');

    // A newer aggregate of the month, then the older one replayed: the newer stays.
    const newer = structuredClone(original.aggregate);
    newer.issuedAt = new Date(Date.now() + 1000).toISOString();
    newer.report.figures.find((f) => f.key === 'sessions')!.value = 4;
    expect((await post(signed(newer))).status).toBe(201);
    const replay = await post(original);
    expect(replay.status).toBe(409);
    expect(replay.body.message).toContain('replay refused');
    const again = await post(signed(newer));
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('already_held');
    const report = await api(
      b!.httpUrl,
      `/network/report?network=reseau-test&period=${lastMonth}`,
      adminB,
    );
    expect(report.body.figures!.find((f) => f.key === 'sessions')?.value).toBe(4);
  });

  it('holds no name, email, member id or SIRET of the site anywhere in the network’s database file', async () => {
    const store = join(dir, 'network-b', 'server');
    const files = readdirSync(store).filter((f) => f.startsWith('manufacto.sqlite'));
    expect(files).toContain('manufacto.sqlite');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(store, f))));
    // The aggregates are there (the check reads the right file)…
    expect(bytes.includes(Buffer.from('Découpe laser CO₂'))).toBe(true);
    // …and nobody of the site is.
    const personal = [
      'Camille Roux',
      'camille@atelier-bois-roux.fr',
      'camille-roux',
      'Nadia Benali',
      'nadia.benali@example.fr',
      'nadia-benali',
      'Lucas Petit',
      'l.petit@lycee-jean-moulin.fr',
      'lucas-petit',
      '85234567800019',
      'Atelier Bois Roux',
      'atelier-bois-roux',
      'Lycée Jean Moulin',
    ];
    expect(personal.filter((p) => bytes.includes(Buffer.from(p)))).toEqual([]);
    // The site's own file does hold them: the scan would see them.
    const siteStore = join(dir, 'site-a', 'server');
    const siteBytes = Buffer.concat(
      readdirSync(siteStore)
        .filter((f) => f.startsWith('manufacto.sqlite'))
        .map((f) => readFileSync(join(siteStore, f))),
    );
    expect(siteBytes.includes(Buffer.from('camille@atelier-bois-roux.fr'))).toBe(true);
    expect(existsSync(join(store, 'manufacto.sqlite'))).toBe(true);
  });
});
