/** Prepaid hours credited to a member or an organisation (`credits`), append-only. */
import type { Db } from './db.js';
import type { Database } from './schema.js';

export type CreditRow = Database['credits'];

export function creditsRepository(db: Db) {
  return {
    async add(row: CreditRow): Promise<void> {
      await db.insertInto('credits').values(row).execute();
    },
    /** The holder's credits, oldest first. */
    async of(holder: {
      member?: string | undefined;
      organisation?: string | undefined;
    }): Promise<CreditRow[]> {
      return db
        .selectFrom('credits')
        .selectAll()
        .$if(holder.member !== undefined, (q) => q.where('member_id', '=', holder.member!))
        .$if(holder.organisation !== undefined, (q) =>
          q.where('organisation_id', '=', holder.organisation!),
        )
        .orderBy('granted_at')
        .execute();
    },
  };
}
