/**
 * The maintenance log of each machine (issue 14): "buse changée", "courroie retendue", who wrote
 * it, when, and the machine's hours of use then when the manager knows them. The id counts up,
 * so two notes of the same millisecond still list in the order they were written.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('maintenance_notes')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('author_account', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('usage_hours', 'real')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('maintenance_notes_machine')
    .on('maintenance_notes')
    .columns(['machine_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('maintenance_notes').execute();
}
