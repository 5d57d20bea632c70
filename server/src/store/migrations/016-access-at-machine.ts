/**
 * Access at the machine (issue 16): each member's PIN or badge code, kept as a hash (looked up
 * by it, never the code; written unkeyed at first, now an HMAC marked `h1:`, see
 * services/access-service.ts), and the grants given at a machine — who unlocked it,
 * when, until when — so the next usage session there is credited to that person.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_codes')
    .addColumn('member_id', 'text', (c) => c.primaryKey())
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('access_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text')
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('gateway_id', 'text')
    .addColumn('granted_at', 'integer', (c) => c.notNull())
    .addColumn('until', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_grants_machine')
    .on('access_grants')
    .columns(['machine_id', 'granted_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('access_grants').execute();
  await db.schema.dropTable('access_codes').execute();
}
