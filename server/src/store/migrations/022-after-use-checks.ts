/**
 * After-use checks (issue 16): a machine whose rules ask for one awaits it once a grant at it
 * ends; the confirmation is kept per grant — who confirmed (the grant's person or a manager),
 * when, and their note — so a manager sees the checks people skipped.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('after_use_checks')
    .addColumn('grant_id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'text', (c) => c.notNull())
    .addColumn('by_user', 'integer', (c) => c.notNull())
    .addColumn('confirmed_at', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('after_use_checks_site')
    .on('after_use_checks')
    .columns(['site', 'confirmed_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('after_use_checks').execute();
}
