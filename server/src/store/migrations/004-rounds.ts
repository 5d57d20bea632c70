/**
 * Booking rounds for contended periods: a manager opens a round, members submit requests with
 * acceptable windows, the allocator proposes, the manager publishes (reservations are created).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('booking_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('period_end', 'bigint', (c) => c.notNull())
    .addColumn('closes_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    /** JSON: the allocator's figures (satisfied demand, utilisation, Jain) of the last proposal. */
    .addColumn('figures', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('booking_rounds_period', sql`period_start < period_end`)
    .addCheckConstraint('booking_rounds_status', sql`status IN ('open', 'proposed', 'published')`)
    .execute();
  await db.schema
    .createTable('round_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) =>
      c.notNull().references('booking_rounds.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('machine_id', 'text')
    .addColumn('kind', 'text')
    .addColumn('duration_min', 'integer', (c) => c.notNull())
    .addColumn('windows', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer')
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('assigned_machine', 'text')
    .addColumn('assigned_start', 'bigint')
    .addColumn('assigned_end', 'bigint')
    .addColumn('unassigned_reason', 'text')
    .addColumn('reservation_id', 'text')
    .execute();
  await db.schema
    .createIndex('round_requests_round')
    .on('round_requests')
    .columns(['round_id', 'member_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('round_requests').execute();
  await db.schema.dropTable('booking_rounds').execute();
}
