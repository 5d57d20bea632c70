/** The waitlist: members waiting for a machine or a kind in a window, and the offers they get. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('waitlist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('machine_id', 'text')
    .addColumn('kind', 'text')
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('window_end', 'bigint', (c) => c.notNull())
    .addColumn('duration_min', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    /** JSON: the current offer { machine, start, end, expiresAt } or null. */
    .addColumn('offer', 'text')
    /** JSON: slot keys offered before and let go. */
    .addColumn('declined', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reservation_id', 'text')
    .execute();
  await db.schema
    .createIndex('waitlist_site_status')
    .on('waitlist')
    .columns(['site', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('waitlist').execute();
}
