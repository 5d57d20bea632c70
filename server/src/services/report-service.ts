/**
 * Reports over the store: loads what the engine reads for some sites and a period (and the one
 * before, for the trend), builds the report for a manager or a funder, and finds the usage
 * sessions behind a manager's figure.
 * @module
 */
import type { Site } from '../domain/booking/model.js';
import { sessionsBehind, type DrillFilter } from '../domain/reports/drill.js';
import { buildReport } from '../domain/reports/engine.js';
import { parsePeriod, previousPeriod } from '../domain/reports/period.js';
import { DEFAULT_THRESHOLD } from '../domain/reports/suppression.js';
import type { Audience, Report, ReportInput, ReportMember } from '../domain/reports/types.js';
import type { Db } from '../store/db.js';
import { factsRepository } from '../store/facts.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { trainingsRepository } from '../store/trainings.js';
import { reportDataRepository } from '../store/report-data.js';
import { sitesRepository } from '../store/sites.js';

export interface ReportRequest {
  /** Site ids, at least one; the caller's scope was checked by the route. */
  readonly sites: readonly string[];
  /** `2026-Q4`, `2026-11`, `2026`, `2026-10-05..2026-10-18` in the first site's time zone. */
  readonly period: string;
  readonly audience: Audience;
  readonly threshold?: number;
}

/** A site asked for that does not exist. */
export class UnknownSiteError extends Error {
  constructor(readonly site: string) {
    super(`no site "${site}"`);
  }
}

export function reportService(db: Db) {
  const data = reportDataRepository(db);

  async function sitesOf(ids: readonly string[]): Promise<Site[]> {
    const all = new Map((await sitesRepository(db).list()).map((s) => [s.id, s]));
    return ids.map((id) => {
      const s = all.get(id);
      if (!s) throw new UnknownSiteError(id);
      return s;
    });
  }

  /** What a report reads that does not depend on its period: the same for all of a round's. */
  async function common(siteIds: readonly string[]) {
    const sites = await sitesOf(siteIds);
    const ids = sites.map((s) => s.id);
    const [machines, firstUse, members, memberFacts, orgFacts, quals] = await Promise.all([
      bookableMachinesRepository(db).list(),
      data.firstUse(ids),
      membersRepository(db).byId(),
      factsRepository(db).members(),
      factsRepository(db).organisations(),
      trainingsRepository(db).list(),
    ]);
    const reportMembers = new Map<string, ReportMember>();
    for (const [id, m] of members)
      reportMembers.set(id, {
        id,
        organisation: m.organisation,
        facts: memberFacts.get(id) ?? null,
      });
    return {
      sites,
      ids,
      machines: machines
        .filter((m) => ids.includes(m.site))
        .map((m) => ({
          id: m.id,
          site: m.site,
          name: m.name,
          kind: m.kind,
          training: m.qualification,
        })),
      firstUse,
      members: reportMembers,
      organisations: orgFacts,
      trainingNames: new Map(quals.map((q) => [q.id, q.name])),
    };
  }
  type Common = Awaited<ReturnType<typeof common>>;

  async function input(req: ReportRequest, shared?: Common): Promise<ReportInput> {
    const c = shared ?? (await common(req.sites));
    const tz = c.sites[0]!.timezone;
    const period = parsePeriod(req.period, tz);
    const previous = previousPeriod(period, tz);
    const [sessions, reservations, grants] = await Promise.all([
      data.sessions(c.ids, previous.start, period.end),
      data.reservations(c.ids, previous.start, period.end),
      data.grants(previous.start, period.end),
    ]);
    return {
      audience: req.audience,
      threshold: req.threshold ?? DEFAULT_THRESHOLD,
      period,
      previous,
      sites: c.sites,
      machines: c.machines,
      sessions,
      reservations,
      members: c.members,
      organisations: c.organisations,
      firstUse: c.firstUse,
      grants,
      trainingNames: c.trainingNames,
    };
  }

  return {
    /** Throws UnknownSiteError, or a RangeError naming what is wrong with the period. */
    async report(req: ReportRequest): Promise<Report> {
      return buildReport(await input(req));
    },

    /**
     * The reports of the same sites and audience for several periods (the network sender's six
     * of a round): what does not depend on the period (members, facts, machines, trainings) is
     * read once for all of them.
     */
    async reports(
      req: Omit<ReportRequest, 'period'>,
      periods: readonly string[],
    ): Promise<Report[]> {
      const shared = await common(req.sites);
      const built: Report[] = [];
      for (const period of periods)
        built.push(buildReport(await input({ ...req, period }, shared)));
      return built;
    },

    /** The usage sessions behind a figure of the manager's report, with who and what. */
    async sessions(req: Omit<ReportRequest, 'audience'>, filter: DrillFilter) {
      const i = await input({ ...req, audience: 'manager' });
      const drilled = sessionsBehind(i.sessions, i.machines, i.period, filter);
      const details = new Map(
        (await data.sessionDetails(drilled.map((d) => d.session.id))).map((r) => [r.id, r]),
      );
      return {
        period: i.period,
        sessions: drilled.map((d) => {
          const extra = details.get(d.session.id);
          return {
            id: d.session.id,
            machine: d.session.machine,
            member: d.session.member,
            memberName: extra?.member_name ?? null,
            reservation: d.session.reservation,
            job: extra?.name ?? null,
            outcome: extra?.outcome ?? null,
            start: d.session.start,
            end: d.session.end,
            share: d.share,
            wallHours: d.wallHours,
            activeHours: d.activeHours,
          };
        }),
      };
    },
  };
}
export type ReportService = ReturnType<typeof reportService>;
