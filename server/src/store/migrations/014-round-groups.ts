/** Round requests by machine group ("any Prusa MK4"), beside a machine or a kind (issue 13). */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('round_requests').addColumn('group_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('round_requests').dropColumn('group_id').execute();
}
