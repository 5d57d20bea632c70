/** The facts funders ask about organisations and members (migration 009): one row each, none when not given. */
import type {
  LegalForm,
  MemberFacts,
  OrganisationFacts,
  PersonStatus,
  Sector,
  Territory,
} from '../domain/reports/facts.js';
import type { Db } from './db.js';
import type { Database } from './schema.js';

interface TerritoryColumns {
  commune: string | null;
  insee: string | null;
  qpv: number | null;
  rural: number | null;
}

const territoryFromRow = (r: TerritoryColumns): Territory | null =>
  r.commune === null
    ? null
    : { commune: r.commune, insee: r.insee, qpv: r.qpv === 1, rural: r.rural === 1 };

const territoryColumns = (t: Territory | null): TerritoryColumns => ({
  commune: t?.commune ?? null,
  insee: t?.insee ?? null,
  qpv: t ? (t.qpv ? 1 : 0) : null,
  rural: t ? (t.rural ? 1 : 0) : null,
});

const organisationFromRow = (r: Database['organisation_facts']): OrganisationFacts => ({
  organisation: r.organisation_id,
  legalForm: r.legal_form as LegalForm | null,
  sector: r.sector as Sector | null,
  territory: territoryFromRow(r),
});

const memberFromRow = (r: Database['member_facts']): MemberFacts => ({
  member: r.member_id,
  status: r.status as PersonStatus | null,
  territory: territoryFromRow(r),
});

export function factsRepository(db: Db, clock: () => number = Date.now) {
  return {
    async organisations(): Promise<Map<string, OrganisationFacts>> {
      const rows = await db.selectFrom('organisation_facts').selectAll().execute();
      return new Map(rows.map((r) => [r.organisation_id, organisationFromRow(r)]));
    },
    async members(): Promise<Map<string, MemberFacts>> {
      const rows = await db.selectFrom('member_facts').selectAll().execute();
      return new Map(rows.map((r) => [r.member_id, memberFromRow(r)]));
    },
    async organisation(id: string): Promise<OrganisationFacts | undefined> {
      const r = await db
        .selectFrom('organisation_facts')
        .selectAll()
        .where('organisation_id', '=', id)
        .executeTakeFirst();
      return r && organisationFromRow(r);
    },
    async member(id: string): Promise<MemberFacts | undefined> {
      const r = await db
        .selectFrom('member_facts')
        .selectAll()
        .where('member_id', '=', id)
        .executeTakeFirst();
      return r && memberFromRow(r);
    },
    async saveOrganisation(f: OrganisationFacts, by: string): Promise<void> {
      const values = {
        legal_form: f.legalForm,
        sector: f.sector,
        ...territoryColumns(f.territory),
        updated_at: clock(),
        updated_by: by,
      };
      await db
        .insertInto('organisation_facts')
        .values({ organisation_id: f.organisation, ...values })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
        .execute();
    },
    async saveMember(f: MemberFacts, by: string): Promise<void> {
      const values = {
        status: f.status,
        ...territoryColumns(f.territory),
        updated_at: clock(),
        updated_by: by,
      };
      await db
        .insertInto('member_facts')
        .values({ member_id: f.member, ...values })
        .onConflict((oc) => oc.column('member_id').doUpdateSet(values))
        .execute();
    },
  };
}
export type FactsRepository = ReturnType<typeof factsRepository>;
