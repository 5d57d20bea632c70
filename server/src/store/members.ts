/** Members, the organisations they belong to, and membership plans. */
import type { Member, Organisation, OrganisationKind, Plan } from '../domain/booking/model.js';
import type { Db } from './db.js';
import { prepared } from './prepared.js';
import type { Database } from './schema.js';

const memberFromRow = (r: Database['members']): Member => ({
  id: r.id,
  name: r.name,
  email: r.email,
  organisation: r.organisation_id,
  plan: r.plan_id,
  active: r.active === 1,
  quotaExempt: r.quota_exempt === 1,
});

const planFromRow = (r: Database['plans']): Plan => ({
  id: r.id,
  site: r.site,
  name: r.name,
  priorityClass: r.priority_class,
  bookAheadDays: r.book_ahead_days,
  quotas: JSON.parse(r.quotas) as Plan['quotas'],
});

const organisationFromRow = (r: Database['organisations']): Organisation => ({
  id: r.id,
  name: r.name,
  kind: r.kind as OrganisationKind,
  siret: r.siret,
});

// Every booking asks it (may the member book on this site?): compiled once.
const sitesOfMember = prepared((db: Db, id: string) =>
  db.selectFrom('member_sites').select('site_id').where('member_id', '=', id).orderBy('site_id'),
);

export function membersRepository(db: Db) {
  return {
    async list(filter: {
      organisation?: string;
      /** Members of any of these sites (undefined: every member). */
      sites?: readonly string[] | undefined;
      limit: number;
      after?: string;
    }): Promise<Member[]> {
      let q = db.selectFrom('members').selectAll().orderBy('id').limit(filter.limit);
      if (filter.organisation) q = q.where('organisation_id', '=', filter.organisation);
      if (filter.sites)
        q = q.where('id', 'in', (eb) =>
          eb
            .selectFrom('member_sites')
            .select('member_id')
            .where('site_id', 'in', filter.sites!.length ? [...filter.sites!] : ['']),
        );
      if (filter.after) q = q.where('id', '>', filter.after);
      return (await q.execute()).map(memberFromRow);
    },
    /** Every member by id (accounting and the waitlist's fair-share order read them all). */
    async byId(): Promise<Map<string, Member>> {
      return new Map(
        (await db.selectFrom('members').selectAll().execute()).map((r) => [r.id, memberFromRow(r)]),
      );
    },
    async get(id: string): Promise<Member | undefined> {
      const row = await db
        .selectFrom('members')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && memberFromRow(row);
    },
    /** The sites a member belongs to. */
    async sitesOf(id: string): Promise<string[]> {
      return (await sitesOfMember(db, id)).map((r) => r.site_id);
    },
    /** Puts a member in exactly these sites. */
    async setSites(id: string, sites: readonly string[]): Promise<void> {
      await db.deleteFrom('member_sites').where('member_id', '=', id).execute();
      if (sites.length)
        await db
          .insertInto('member_sites')
          .values([...new Set(sites)].map((site_id) => ({ member_id: id, site_id })))
          .execute();
    },
    async addSite(id: string, site: string): Promise<void> {
      await db
        .insertInto('member_sites')
        .values({ member_id: id, site_id: site })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async save(m: Member): Promise<void> {
      const now = Date.now();
      const values = {
        name: m.name,
        email: m.email,
        organisation_id: m.organisation,
        plan_id: m.plan,
        active: m.active ? 1 : 0,
        quota_exempt: m.quotaExempt ? 1 : 0,
        updated_at: now,
      };
      await db
        .insertInto('members')
        .values({ id: m.id, ...values, created_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },

    /** Plans: the common ones (site null) and, when `sites` is given, those of these sites only. */
    async listPlans(sites?: readonly string[]): Promise<Plan[]> {
      let q = db.selectFrom('plans').selectAll().orderBy('priority_class').orderBy('id');
      if (sites)
        q = q.where((eb) =>
          eb.or([eb('site', 'is', null), eb('site', 'in', sites.length ? [...sites] : [''])]),
        );
      return (await q.execute()).map(planFromRow);
    },
    async getPlan(id: string): Promise<Plan | undefined> {
      const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
      return row && planFromRow(row);
    },
    async savePlan(p: Plan): Promise<void> {
      const values = {
        name: p.name,
        priority_class: p.priorityClass,
        book_ahead_days: p.bookAheadDays,
        quotas: JSON.stringify(p.quotas),
        site: p.site ?? null,
      };
      await db
        .insertInto('plans')
        .values({ id: p.id, ...values, created_at: Date.now() })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },

    async listOrganisations(): Promise<Organisation[]> {
      return (await db.selectFrom('organisations').selectAll().orderBy('name').execute()).map(
        organisationFromRow,
      );
    },
    async getOrganisation(id: string): Promise<Organisation | undefined> {
      const row = await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && organisationFromRow(row);
    },
    async saveOrganisation(o: Organisation): Promise<void> {
      const values = { name: o.name, kind: o.kind, siret: o.siret };
      await db
        .insertInto('organisations')
        .values({ id: o.id, ...values, created_at: Date.now() })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
  };
}
export type MembersRepository = ReturnType<typeof membersRepository>;
