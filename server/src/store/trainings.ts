/** Trainings and who holds them (in tables `qualifications`, `qualification_grants`: kept). */
import type { Training, TrainingGrant } from '../domain/booking/model.js';
import type { Db } from './db.js';
import type { Database } from './schema.js';

const fromRow = (r: Database['qualifications']): Training => ({
  id: r.id,
  site: r.site,
  name: r.name,
  validityMonths: r.validity_months,
  lapseAfterMonths: r.lapse_after_months,
});
const grantFromRow = (r: Database['qualification_grants']): TrainingGrant => ({
  member: r.member_id,
  qualification: r.qualification_id,
  grantedAt: Number(r.granted_at),
  grantedBy: r.granted_by,
});

export function trainingsRepository(db: Db) {
  return {
    async list(): Promise<Training[]> {
      return (await db.selectFrom('qualifications').selectAll().orderBy('name').execute()).map(
        fromRow,
      );
    },
    async get(id: string): Promise<Training | undefined> {
      const row = await db
        .selectFrom('qualifications')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && fromRow(row);
    },
    async save(q: Training): Promise<void> {
      const values = {
        name: q.name,
        validity_months: q.validityMonths,
        lapse_after_months: q.lapseAfterMonths,
        site: q.site ?? null,
      };
      await db
        .insertInto('qualifications')
        .values({ id: q.id, ...values, created_at: Date.now() })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
    async grantsOf(member: string): Promise<TrainingGrant[]> {
      return (
        await db
          .selectFrom('qualification_grants')
          .selectAll()
          .where('member_id', '=', member)
          .execute()
      ).map(grantFromRow);
    },
    /** Grants (or renews: the validity restarts) a qualification. */
    async grant(g: TrainingGrant): Promise<void> {
      await db
        .insertInto('qualification_grants')
        .values({
          member_id: g.member,
          qualification_id: g.qualification,
          granted_at: g.grantedAt,
          granted_by: g.grantedBy,
        })
        .onConflict((oc) =>
          oc
            .columns(['member_id', 'qualification_id'])
            .doUpdateSet({ granted_at: g.grantedAt, granted_by: g.grantedBy }),
        )
        .execute();
    },
    async revoke(member: string, qualification: string): Promise<boolean> {
      const r = await db
        .deleteFrom('qualification_grants')
        .where('member_id', '=', member)
        .where('qualification_id', '=', qualification)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type TrainingsRepository = ReturnType<typeof trainingsRepository>;
