/** The first schema: machines, their live status, gateways, usage sessions. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('machines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('firmware', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('machine_status')
    .addColumn('machine_id', 'text', (c) =>
      c.primaryKey().references('machines.id').onDelete('cascade'),
    )
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('state_ts', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('gateways')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(-1))
    .addColumn('losses', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('usage_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('wall_s', 'real', (c) => c.notNull())
    .addColumn('active_s', 'real', (c) => c.notNull())
    .addColumn('beam_s', 'real')
    .addColumn('spindle_s', 'real')
    .addColumn('energy_wh', 'real')
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('usage_sessions_time_order', sql`ended_at >= started_at`)
    .execute();
  await db.schema
    .createIndex('usage_sessions_machine_time')
    .on('usage_sessions')
    .columns(['machine_id', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['usage_sessions', 'gateways', 'machine_status', 'machines'])
    await db.schema.dropTable(table).execute();
}
