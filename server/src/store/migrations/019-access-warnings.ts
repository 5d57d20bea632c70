/** Access at the machine: when the person of a grant was warned that the next slot is near (once). */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_grants').addColumn('warned_at', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_grants').dropColumn('warned_at').execute();
}
