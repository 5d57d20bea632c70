/**
 * A grant remembers the after-use check its machine asked for when it was given (issue 16):
 * only such a use awaits a check. Without it, turning the rule on made the machine's last use,
 * given before anybody was asked to check anything, block every start until a manager confirmed
 * it. Grants given before this migration asked for none.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_grants').addColumn('after_use_check', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_grants').dropColumn('after_use_check').execute();
}
