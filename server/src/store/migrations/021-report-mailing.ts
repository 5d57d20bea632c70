/**
 * Monthly reports by mail (issue 15): the addresses a site's managers chose to receive them, and
 * one row per report, month and address mailed or still to mail. The row is the durable "sent"
 * record: a restart finds what went (not sent again) and what did not (tried again, after
 * `next_try_at`), with the last SMTP error to show.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_recipients')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_recipients_pk', ['site', 'email'])
    .execute();
  await db.schema
    .createTable('report_mailings')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'integer')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_try_at', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('report_mailings_pk', ['site', 'month', 'email'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_mailings').execute();
  await db.schema.dropTable('report_recipients').execute();
}
