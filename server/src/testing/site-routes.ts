/**
 * The site matrix's table: for every operation of the OpenAPI document, what it reaches on a
 * site and how to aim it at one. The matrix test fails on an operation missing here, so a new
 * route is placed in the table (and so thought about) the day it is written.
 *
 * - `site`: it acts on one site's thing. Aimed at the caller's site it is served to every role
 *   allowed; aimed at the other site it is refused (403 or 404, or `refused`) to all but an admin.
 * - `list`: it lists. Unfiltered, nothing of the other site shows for anyone but an admin (who
 *   sees it); filtered on the other site (`site=`), it is refused like a `site` one.
 * - `public`: it is the same for every site, and says `why`.
 * - `self`: it is about the caller's own account; someone else's is refused, to an admin too.
 * @module
 */
import { freshSlot, OWN, type Place, type TwoSites } from './two-sites.js';

export type Caller = 'nobody' | 'gateway' | 'artisan' | 'funder' | 'manager' | 'admin';

/** Where a call is aimed: path parameters, query string, body fields over the OpenAPI example. */
export interface Target {
  readonly params?: Record<string, string>;
  readonly query?: string;
  readonly body?: Record<string, unknown>;
  /** Who calls instead of the matrix's caller of that role (a fresh artisan to erase). */
  readonly as?: Record<string, string>;
}

export type Aim = (t: TwoSites, p: Place, who: Caller) => Target | Promise<Target>;

export type Entry =
  | { scope: 'site'; at: Aim; served?: readonly number[]; refused?: readonly number[] }
  | { scope: 'list'; at?: Aim; siteQuery?: boolean; leak?: RegExp }
  | { scope: 'public'; why: string; at?: Aim; served?: readonly number[] }
  | { scope: 'self'; at: Aim };

const id = (value: string) => ({ params: { id: value } });
/**
 * Another site's machine, addressed by what only its site may do with it, is refused as no machine
 * at all (404), never with a 403 that would say it exists and whose it is.
 */
const MACHINE_OF_ITS_SITE = [404] as const;
/** A member site's Ed25519 public key (any valid one: the matrix registers, it does not sign). */
const MEMBER_KEY =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAoCKXi9jHHKpJUWheqeEEviuHF2Gdur8bzqBpdBkXZyI=\n-----END PUBLIC KEY-----\n';
const period = 'from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z';
/** The matrix's artisan, camille-roux, has no account of hers to erase: a fresh one does. */
const eraseable: Aim = async (t, p, who) => {
  const fresh = await t.artisan(p);
  return {
    params: { id: fresh.member },
    body: { confirm: fresh.member },
    ...(who === 'artisan' && p === OWN ? { as: fresh.as } : {}),
  };
};
const emailOf: Record<Caller, string> = {
  nobody: 'manager-nord@test.fr',
  gateway: 'manager-nord@test.fr',
  artisan: 'camille-roux@test.fr',
  funder: 'funder@test.fr',
  manager: 'manager@test.fr',
  admin: 'admin@test.fr',
};

export const ROUTES: Record<string, Entry> = {
  'GET /machines': { scope: 'public', why: 'the machine wall shows every site’s machines' },
  'GET /machines/{id}': {
    scope: 'public',
    why: 'the machine wall shows every site’s machines',
    at: (_t, p) => id(p.machine),
  },
  'GET /machines/{id}/utilisation': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: (_t, p) => ({ ...id(p.machine), query: period }),
    // The test app has no InfluxDB: reaching the history means the site check let it through.
    served: [503],
  },
  'GET /machines/{id}/sharing': {
    scope: 'public',
    why: 'a machine’s rates and rules are shown to whoever considers booking it',
    at: (_t, p) => id(p.machine),
  },
  'GET /machines/{id}/outage-preview': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: (_t, p) => ({ ...id(p.machine), query: 'status=maintenance' }),
  },
  // The log is read by the site's artisans and managers, written by its managers.
  'GET /machines/{id}/maintenance-notes': {
    scope: 'site',
    at: (_t, p) => id(p.machine),
    refused: MACHINE_OF_ITS_SITE,
  },
  'POST /machines/{id}/maintenance-notes': {
    scope: 'site',
    at: (_t, p) => id(p.machine),
    refused: MACHINE_OF_ITS_SITE,
  },
  'PUT /machines/{id}/sharing': {
    scope: 'site',
    at: (_t, p) => id(p.machine),
    refused: [403, 409],
  },
  // Sent and steered by the site's manager or the place's member holding the current slot.
  'POST /machines/{id}/jobs': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: async (t, p) => {
      await t.jobReady(p);
      return { ...id(p.machine), query: 'name=matrix.gcode' };
    },
  },
  'POST /machines/{id}/jobs/current/{control}': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: async (t, p) => {
      await t.jobReady(p);
      return { params: { id: p.machine, control: 'pause' } };
    },
  },
  // Access at the machine: a person of the site starts it (the rules may still refuse: 409/422).
  'POST /machines/{id}/access': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: (_t, p, who) => ({ ...id(p.machine), body: who === 'artisan' ? {} : { member: p.member } }),
    served: [200, 409, 422],
  },
  // "J'ai fini": nobody holds a grant in the matrix, so a served call finds none (409).
  'POST /machines/{id}/access/release': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: (_t, p) => id(p.machine),
    served: [409],
  },
  'POST /machines/{id}/access/code': {
    scope: 'public',
    why: 'only a gateway serving the machine asks by code (HTTP Basic, checked in the route); every person, of every site, gets 401',
    at: (_t, p) => id(p.machine),
    served: [401],
  },
  // The after-use check: the site's people read it; confirming finds none awaited (409) unless
  // a use just ended, which the route tests cover.
  'GET /machines/{id}/after-use-check': {
    scope: 'site',
    at: (_t, p) => id(p.machine),
    refused: MACHINE_OF_ITS_SITE,
  },
  'POST /machines/{id}/after-use-check': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: (_t, p) => id(p.machine),
    served: [409],
  },
  'GET /jobs/{id}/file': {
    scope: 'public',
    why: 'only the gateway a job was sent to reads its file (HTTP Basic); every person, of every site, gets 404',
    at: (_t, p) => id(`jf-${p.site}`),
    served: [404],
  },
  'GET /machine-groups': { scope: 'list', siteQuery: true },
  'GET /machine-groups/{site}/{group}/utilisation': {
    scope: 'site',
    // The place's machine joins a group of its site: the group is what the route reaches.
    at: async (t, p) => {
      const { machine } = await t.admin('GET', `/machines/${p.machine}/sharing`);
      const { id: _, ...settings } = machine;
      await t.admin('PUT', `/machines/${p.machine}/sharing`, { ...settings, group: 'matrix' });
      return { params: { site: p.site, group: 'matrix' }, query: period };
    },
    // The test app has no InfluxDB: reaching the history means the site check let it through.
    served: [503],
  },
  // Every site's busy time is on the wall; who holds a slot only for its site's managers.
  'GET /machines/holders': { scope: 'list', siteQuery: true, leak: /Hugo Lefebvre/ },
  'GET /machines/{id}/history': {
    scope: 'site',
    refused: MACHINE_OF_ITS_SITE,
    at: (_t, p) => ({
      ...id(p.machine),
      query: 'from=2026-11-24T00:00:00Z&to=2026-12-01T00:00:00Z',
    }),
    // The test app has no InfluxDB: reaching the history means the site check let it through.
    served: [503],
  },
  'GET /machines/{id}/availability': {
    scope: 'public',
    why: 'free slots are shown to whoever considers booking',
    at: (_t, p) => ({ ...id(p.machine), query: period }),
  },
  'GET /sites': {
    scope: 'public',
    why: 'the network’s sites, their hours and closures are public',
  },
  'GET /sites/{id}': {
    scope: 'public',
    why: 'a site’s hours are public',
    at: (_t, p) => id(p.site),
  },
  'PUT /sites/{id}': { scope: 'site', at: (_t, p) => id(p.site) },
  'GET /sites/{id}/machines': {
    scope: 'public',
    why: 'a site’s machines are on its public wall',
    at: (_t, p) => id(p.site),
  },
  'GET /sites/{id}/after-use-checks': { scope: 'site', at: (_t, p) => id(p.site) },
  'GET /sites/{id}/closed-days': {
    scope: 'public',
    why: 'a site’s holidays and closures are public, as its hours are',
    at: (_t, p) => id(p.site),
  },
  'GET /plans': { scope: 'list' },
  'PUT /plans/{id}': { scope: 'site', at: (_t, p) => id(p.plan) },
  'GET /organisations': {
    scope: 'public',
    why: 'one directory of organisations (public SIRENE facts); changing one follows its members’ sites',
  },
  'PUT /organisations/{id}': { scope: 'site', at: (_t, p) => id(p.organisation) },
  'GET /members': { scope: 'list', siteQuery: true },
  'GET /members/{id}': { scope: 'site', at: (_t, p) => id(p.member) },
  'PUT /members/{id}': { scope: 'site', at: (_t, p) => id(p.member), refused: [403, 404, 409] },
  'GET /members/{id}/qualifications': { scope: 'site', at: (_t, p) => id(p.member) },
  'PUT /members/{id}/qualifications/{qualification}': {
    scope: 'site',
    at: (_t, p) => ({ params: { id: p.member, qualification: p.training } }),
  },
  'DELETE /members/{id}/qualifications/{qualification}': {
    scope: 'site',
    at: async (t, p) => {
      await t.admin('PUT', `/members/${p.member}/qualifications/${p.training}`);
      return { params: { id: p.member, qualification: p.training } };
    },
  },
  'GET /members/{id}/notices': { scope: 'site', at: (_t, p) => id(p.member) },
  'GET /members/{id}/access-code': { scope: 'site', at: (_t, p) => id(p.member) },
  'PUT /members/{id}/access-code': { scope: 'site', at: (_t, p) => id(p.member) },
  'GET /members/{id}/export': { scope: 'site', at: (_t, p) => id(p.member) },
  'POST /members/{id}/erasure': { scope: 'site', at: eraseable },
  'GET /organisations/{id}/facts': { scope: 'site', at: (_t, p) => id(p.organisation) },
  'PUT /organisations/{id}/facts': { scope: 'site', at: (_t, p) => id(p.organisation) },
  'GET /members/{id}/facts': { scope: 'site', at: (_t, p) => id(p.member) },
  'PUT /members/{id}/facts': { scope: 'site', at: (_t, p) => id(p.member) },
  'GET /reports/archive': { scope: 'site', at: (_t, p) => ({ query: `site=${p.site}` }) },
  'GET /reports/archive/{site}/{month}/{format}': {
    scope: 'site',
    at: (_t, p) => ({ params: { site: p.site, month: '2026-11', format: 'csv' } }),
  },
  'GET /reports/recipients': { scope: 'site', at: (_t, p) => ({ query: `site=${p.site}` }) },
  'PUT /reports/recipients/{site}': {
    scope: 'site',
    at: (_t, p) => ({ params: { site: p.site } }),
  },
  'GET /reports': {
    scope: 'site',
    at: (_t, p) => ({ query: `site=${p.site}&period=2026-11&format=csv` }),
  },
  'GET /reports/sessions': {
    scope: 'site',
    at: (_t, p) => ({ query: `site=${p.site}&period=2026-11` }),
  },
  // Networks of sites: the network is a site of its instance; its members are registered under it.
  'PUT /network/members/{site}': {
    scope: 'site',
    at: async (t, p) => {
      // The other network's member exists, so moving it into one's own network is a takeover.
      if (p !== OWN)
        await t.admin('PUT', `/network/members/member-of-${p.site}`, {
          network: p.site,
          name: 'Membre',
          publicKey: MEMBER_KEY,
        });
      return { params: { site: `member-of-${p.site}` }, body: { network: p.site } };
    },
    refused: [403, 409],
  },
  'DELETE /network/members/{site}': {
    scope: 'site',
    at: async (t, p) => {
      // A member of the target's network, registered afresh for each call (a removal is once).
      const member = `gone-of-${p.site}-${Math.random().toString(36).slice(2, 8)}`;
      await t.admin('PUT', `/network/members/${member}`, {
        network: p.site,
        name: 'Membre',
        publicKey: MEMBER_KEY,
      });
      return { params: { site: member } };
    },
  },
  'GET /network/members': {
    scope: 'list',
    at: async (t) => {
      for (const site of [OWN.site, 'fablab-nord'])
        await t.admin('PUT', `/network/members/member-of-${site}`, {
          network: site,
          name: 'Membre',
          publicKey: MEMBER_KEY,
        });
      return {};
    },
  },
  'POST /network/aggregates': {
    scope: 'public',
    why: 'a member site delivers with its signature, no account: the example (a site no network registered) is refused to everyone alike',
    served: [401],
  },
  'GET /network/report': {
    scope: 'site',
    at: (_t, p) => ({ query: `network=${p.site}&period=2026-11&format=csv` }),
    // No member sent anything in the test app: reaching "none sent yet" means the scope let it through.
    served: [404],
    refused: [403],
  },
  'GET /qualifications': { scope: 'list' },
  'PUT /qualifications/{id}': { scope: 'site', at: (_t, p) => id(p.training) },
  'GET /reservations': {
    scope: 'list',
    siteQuery: true,
    // An artisan lists their own (the machine's calendar shows the others' slots).
    at: (_t, _p, who) => (who === 'artisan' ? { query: `member=${OWN.member}` } : {}),
  },
  'POST /reservations': { scope: 'site', at: (_t, p) => ({ body: freshSlot(p.machine) }) },
  'GET /reservations/{id}': { scope: 'site', at: (_t, p) => id(p.reservation) },
  'PATCH /reservations/{id}': {
    scope: 'site',
    at: async (t, p) => ({ ...id(await t.reservation(p)), body: freshSlot(p.machine) }),
  },
  'POST /reservations/{id}/cancel': {
    scope: 'site',
    at: async (t, p) => id(await t.reservation(p)),
  },
  'POST /reservations/{id}/end': {
    scope: 'site',
    at: async (t, p) => id(await t.reservation(p)),
    // Ending a booking not begun is refused as such (422), after its site was checked.
    served: [200, 422],
  },
  'POST /reservations/{id}/approve': {
    scope: 'site',
    at: async (t, p) => id(await t.reservation(p, true)),
  },
  'POST /reservations/{id}/reject': {
    scope: 'site',
    at: async (t, p) => id(await t.reservation(p, true)),
  },
  'GET /rounds': { scope: 'list', siteQuery: true },
  'PUT /rounds/{id}': { scope: 'site', at: (_t, p) => id(p.round) },
  'GET /rounds/{id}': { scope: 'site', at: (_t, p) => id(p.round) },
  'POST /rounds/{id}/requests': { scope: 'site', at: async (t, p) => id(await t.round(p)) },
  'DELETE /rounds/{id}/requests/{request}': {
    scope: 'site',
    at: async (t, p) => ({ params: { id: p.round, request: await t.roundRequest(p) } }),
  },
  'POST /rounds/{id}/propose': { scope: 'site', at: (_t, p) => id(p.round) },
  'POST /rounds/{id}/publish': {
    scope: 'site',
    at: async (t, p) => id(await t.round(p, true)),
  },
  'POST /waitlist': {
    scope: 'site',
    at: (_t, p) => {
      const s = freshSlot(p.machine);
      return { body: { from: s.start, to: s.end, durationMin: 30 } };
    },
  },
  'GET /waitlist': { scope: 'list', siteQuery: true },
  'DELETE /waitlist/{id}': { scope: 'site', at: async (t, p) => id(await t.waitEntry(p)) },
  'POST /waitlist/{id}/accept': { scope: 'site', at: async (t, p) => id(await t.offer(p)) },
  'GET /calendar/{kind}/{file}': {
    scope: 'public',
    why: 'a feed is read with its signed URL, whoever holds it (a calendar app)',
    at: async (t, p) => {
      const url = (await t.admin('GET', `/calendar/members/${p.member}/url`)).url as string;
      const [, file, query] = /\/calendar\/members\/([^?]+)\?(.*)$/.exec(url)!;
      return { params: { kind: 'members', file: file! }, query: query! };
    },
  },
  'GET /calendar/{kind}/{id}/url': {
    scope: 'site',
    at: (_t, p) => ({ params: { kind: 'members', id: p.member } }),
  },
  'GET /usage-sessions': { scope: 'list', siteQuery: true },
  'PUT /usage-sessions/{id}/member': {
    scope: 'site',
    at: async (t, p) => id(await t.session(p)),
  },
  'PUT /usage-sessions/{id}/material': {
    scope: 'site',
    // A session the place's member used: theirs to tell, and their site's managers'.
    at: async (t, p) => id(await t.session(p, undefined, p.member)),
  },
  'GET /gateways/mosquitto-acl': { scope: 'list' },
  'GET /gateways': { scope: 'list' },
  'PUT /gateways/{id}': { scope: 'site', at: (_t, p) => id(p.gateway) },
  'DELETE /gateways/{id}': { scope: 'site', at: async (t, p) => id(await t.gateway(p)) },
  'GET /accounting/lines': { scope: 'list', siteQuery: true, at: () => ({ query: period }) },
  'GET /accounting/totals': {
    scope: 'list',
    siteQuery: true,
    at: () => ({ query: `${period}&by=machine` }),
  },
  'POST /credits': { scope: 'site', at: () => ({}) },
  'GET /credits/balance': { scope: 'site', at: (_t, p) => ({ query: `member=${p.member}` }) },
  'POST /auth/login': {
    scope: 'public',
    why: 'logging in is before any site',
    at: () => ({ body: { email: 'login@test.fr', password: 'un mot de passe assez long' } }),
  },
  'POST /auth/logout': { scope: 'public', why: 'it ends the caller’s own session' },
  'POST /auth/logout-everywhere': { scope: 'public', why: 'it ends the caller’s own sessions' },
  'GET /auth/me': { scope: 'public', why: 'it is the caller’s own account' },
  'POST /auth/invitations': {
    scope: 'site',
    at: () => ({ body: { email: `${crypto.randomUUID()}@example.fr` } }),
  },
  'POST /auth/invitations/accept': {
    scope: 'public',
    why: 'the one-time link is the access',
    at: async (t) => ({ body: { token: await t.invitation() } }),
  },
  'POST /auth/password-resets': { scope: 'public', why: 'anyone may ask, and is told the same' },
  'POST /auth/password-resets/complete': {
    scope: 'public',
    why: 'the one-time link is the access',
    at: async (t) => ({ body: { token: await t.reset(), password: 'un mot de passe assez long' } }),
  },
  'GET /auth/tokens': { scope: 'public', why: 'it lists the caller’s own tokens' },
  'POST /auth/tokens': { scope: 'public', why: 'it makes a token of the caller’s own' },
  'DELETE /auth/tokens/{id}': {
    scope: 'self',
    at: async (t, p, who) => id(await t.token(p === OWN ? emailOf[who] : 'hugo-lefebvre@test.fr')),
  },
  'GET /accounts': { scope: 'list' },
  'GET /audit': { scope: 'list' },
  'GET /live': { scope: 'public', why: 'the wall’s live feed shows every site’s machines' },
};
