/**
 * Keeping the plan true (issue 13): when a reservation's rest was released early, and which
 * running job the plan keeper gave to which reservation before its usage session is recorded
 * (the session arrives when the job ends; the attachment must survive a restart meanwhile).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reservations').addColumn('released_at', 'bigint').execute();
  await db.schema
    .createTable('job_attachments')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('machine_id', 'text', (c) => c.notNull())
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    /** Last time the job was seen running: its end, should its session never arrive. */
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reservations_status_start')
    .on('reservations')
    .columns(['status', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('usage_sessions_reservation')
    .on('usage_sessions')
    .columns(['reservation_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_attachments').execute();
  await db.schema.dropIndex('reservations_status_start').execute();
  await db.schema.dropIndex('usage_sessions_reservation').execute();
  await db.schema.alterTable('reservations').dropColumn('released_at').execute();
}
