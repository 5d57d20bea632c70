/**
 * The network's side: member sites registered with their public keys, signed aggregates received
 * (verified, checked to be a funder view and nothing more, newer than the one held), and the
 * network report built from the aggregates held for a period. No personal data reaches here.
 * @module
 */
import { canonical } from '../../domain/network/canonical.js';
import { combineReports } from '../../domain/network/combine.js';
import { parsePeriod } from '../../domain/reports/period.js';
import type { Report } from '../../domain/reports/types.js';
import { ReportSchema } from '../../reports/schema.js';
import { reportFromJson, type ReportJson } from '../../reports/json.js';
import type { Db } from '../../store/db.js';
import { networkRepository, type NetworkMemberRow } from '../../store/network.js';
import { sitesRepository } from '../../store/sites.js';
import { AGGREGATE_VERSION, ed25519PublicKey, verifiesUnder } from './signature.js';

/** Why an aggregate or a registration is refused; `status` is the HTTP answer's. */
export class NetworkRefusal extends Error {
  constructor(
    readonly status: 'bad_request' | 'unauthorized' | 'conflict' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

/** A sender's clock may run a little ahead; further ahead is a date no one can trust. */
const SKEW_MS = 5 * 60_000;
const SITE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function networkService(db: Db, clock: () => number = Date.now) {
  const repo = networkRepository(db);

  return {
    members: (networks?: readonly string[]) => repo.members(networks),
    member: (site: string) => repo.member(site),
    /** Forgets a member site and its aggregates: the network report no longer counts it. */
    remove: (site: string) => repo.removeMember(site),

    /** Registers (or re-keys) a member site under `network`, one of this instance's sites. */
    async register(m: { network: string; site: string; name: string; publicKey: string }) {
      if (!(await sitesRepository(db).get(m.network)))
        throw new NetworkRefusal('bad_request', `network: no site "${m.network}" on this instance`);
      const key = ed25519PublicKey(m.publicKey);
      if (typeof key === 'string') throw new NetworkRefusal('bad_request', key);
      const held = await repo.member(m.site);
      if (held && held.network !== m.network)
        throw new NetworkRefusal(
          'conflict',
          `site "${m.site}" is already a member of network "${held.network}"`,
        );
      const row: NetworkMemberRow = {
        ...m,
        publicKey: m.publicKey.trim(),
        registeredAt: held?.registeredAt ?? clock(),
      };
      await repo.saveMember(row);
      return row;
    },

    /**
     * Takes a signed aggregate: `stored` (new, or newer than the one held for its period),
     * `already_held` (this very one, delivered again). Throws NetworkRefusal naming why not.
     */
    async receive(raw: Record<string, unknown>, signature: string) {
      const site = typeof raw.site === 'string' ? raw.site : '';
      if (!SITE_ID.test(site))
        throw new NetworkRefusal('bad_request', 'aggregate.site: a site id is needed');
      const member = await repo.member(site);
      if (!member)
        throw new NetworkRefusal(
          'unauthorized',
          `site "${site}" is not a registered member of this network`,
        );
      if (!verifiesUnder(raw, signature, member.publicKey))
        throw new NetworkRefusal(
          'unauthorized',
          `the signature does not match the aggregate and the key registered for site "${site}": altered or not signed by it`,
        );
      if (raw.v !== AGGREGATE_VERSION)
        throw new NetworkRefusal(
          'bad_request',
          `aggregate.v: version ${AGGREGATE_VERSION} is the one read`,
        );
      const issuedAt = typeof raw.issuedAt === 'string' ? Date.parse(raw.issuedAt) : Number.NaN;
      if (!Number.isFinite(issuedAt))
        throw new NetworkRefusal(
          'bad_request',
          'aggregate.issuedAt: an ISO 8601 instant is needed',
        );
      if (issuedAt > clock() + SKEW_MS)
        throw new NetworkRefusal(
          'bad_request',
          'aggregate.issuedAt: in the future, check the site’s clock',
        );
      const parsed = ReportSchema.safeParse(raw.report);
      // What the schema keeps must be all there is: a drill-down or any field a funder view does
      // not have (a name, an id) is refused, not silently dropped.
      if (!parsed.success || canonical(parsed.data) !== canonical(raw.report))
        throw new NetworkRefusal(
          'bad_request',
          'aggregate.report: not a funder report (fields missing or more than a funder view holds)',
        );
      const report = parsed.data as unknown as ReportJson;
      if (
        report.audience !== 'funder' ||
        report.figures.some((f) => f.drill !== undefined) ||
        report.tables.some((t) => t.rows.some((r) => r.drill !== undefined))
      )
        throw new NetworkRefusal(
          'bad_request',
          'aggregate.report: a funder view is needed, not a manager’s',
        );
      if (report.period.label !== raw.period)
        throw new NetworkRefusal(
          'bad_request',
          'aggregate.period: differs from the report’s period',
        );
      const body = canonical(raw);
      const stored = await repo.keep({
        site,
        period: report.period.label,
        issuedAt,
        body,
        signature,
        receivedAt: clock(),
      });
      if (stored) return { status: 'stored' as const, site, period: report.period.label };
      const held = (await repo.held(site, report.period.label))!;
      if (held.issuedAt === issuedAt && held.body === body)
        return { status: 'already_held' as const, site, period: report.period.label };
      throw new NetworkRefusal(
        'conflict',
        `replay refused: an aggregate of site "${site}" for ${report.period.label} issued at ${new Date(held.issuedAt).toISOString()} is held, this one was issued at ${new Date(issuedAt).toISOString()}`,
      );
    },

    /**
     * The network report of `network` (a site of this instance) for a period, from the aggregates
     * its members sent; members without one for that period are named in its notes.
     */
    async report(network: string, period: string): Promise<Report> {
      const site = await sitesRepository(db).get(network);
      if (!site) throw new NetworkRefusal('not_found', `no site "${network}"`);
      const label = parsePeriod(period, site.timezone).label;
      const members = await repo.members([network]);
      const parts: { member: { id: string; name: string }; report: Report }[] = [];
      const missing: string[] = [];
      for (const m of members) {
        const held = await repo.held(m.site, label);
        if (!held) missing.push(m.name);
        else
          parts.push({
            member: { id: m.site, name: m.name },
            report: reportFromJson((JSON.parse(held.body) as { report: ReportJson }).report),
          });
      }
      if (parts.length === 0)
        throw new NetworkRefusal(
          'not_found',
          `no member of network "${network}" has sent its aggregate for ${label} yet`,
        );
      const names = parts.map((p) => p.member.name).join(', ');
      const r = combineReports(parts, [
        {
          fr: `Sites membres comptés : ${names}.`,
          en: `Member sites counted: ${names}.`,
        },
        ...(missing.length === 0
          ? []
          : [
              {
                fr: `Sans agrégat pour cette période, donc hors du total : ${missing.join(', ')}.`,
                en: `No aggregate for this period, so not in the total: ${missing.join(', ')}.`,
              },
            ]),
      ]);
      return { ...r, sites: [{ id: site.id, name: site.name }] };
    },
  };
}
export type NetworkService = ReturnType<typeof networkService>;
