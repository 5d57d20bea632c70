/**
 * Sharing machine time: sites, organisations, plans, members, qualifications, reservations, and
 * the machines' booking settings. Times are epoch ms; rules, hours and quotas are JSON validated
 * by the API's schemas on the way in.
 *
 * Two reservations holding one machine never overlap (buffer included): the store enforces it,
 * not only the code, so that no interleaving of requests can break it. SQLite has no exclusion
 * constraint, so triggers abort the write (SQLite serialises writers, so the check and the write
 * cannot be split by another writer). On PostgreSQL the same rule is
 * `EXCLUDE USING gist (machine_id WITH =, int8range(starts_at, blocks_until) WITH &&) WHERE (status IN ('pending_approval','confirmed'))`.
 */
import { sql, type Kysely } from 'kysely';

const HOLDING = `('pending_approval', 'confirmed')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('closures', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('holidays', 'text', (c) => c.notNull().defaultTo('fr'))
    .addColumn('blackouts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('siret', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('priority_class', 'integer', (c) => c.notNull())
    .addColumn('book_ahead_days', 'integer', (c) => c.notNull())
    .addColumn('quotas', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('quota_exempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('qualifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('validity_months', 'integer')
    .addColumn('lapse_after_months', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('qualification_grants')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('qualification_id', 'text', (c) =>
      c.notNull().references('qualifications.id').onDelete('cascade'),
    )
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('qualification_grants_pk', ['member_id', 'qualification_id'])
    .execute();

  // Machines are created by telemetry or by a manager; these are their booking settings.
  const machineColumns: Array<[string, 'text' | 'integer', string | number | null]> = [
    ['status', 'text', 'in_service'],
    ['hourly_rate_cents', 'integer', 0],
    ['buffer_min', 'integer', 0],
    ['qualification_id', 'text', null],
    ['needs_approval', 'integer', 0],
    ['billing_mode', 'text', 'reserved'],
    ['booking_rules', 'text', '{}'],
    ['blackouts', 'text', '[]'],
  ];
  for (const [name, type, fallback] of machineColumns) {
    await db.schema
      .alterTable('machines')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }

  await db.schema
    .createTable('reservations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('machine_id', 'text', (c) => c.notNull().references('machines.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('blocks_until', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('cancelled_by', 'text')
    .addCheckConstraint(
      'reservations_time_order',
      sql`starts_at < ends_at AND ends_at <= blocks_until`,
    )
    .addCheckConstraint(
      'reservations_status',
      sql`status IN ('pending_approval', 'confirmed', 'cancelled', 'no_show', 'completed', 'rejected')`,
    )
    .execute();
  await db.schema
    .createIndex('reservations_machine_time')
    .on('reservations')
    .columns(['machine_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('reservations_member_time')
    .on('reservations')
    .columns(['member_id', 'starts_at'])
    .execute();
  await sql
    .raw(
      `CREATE TRIGGER reservations_no_overlap_insert BEFORE INSERT ON reservations
       WHEN NEW.status IN ${HOLDING} AND EXISTS (
         SELECT 1 FROM reservations r
         WHERE r.machine_id = NEW.machine_id AND r.status IN ${HOLDING}
           AND r.starts_at < NEW.blocks_until AND NEW.starts_at < r.blocks_until)
       BEGIN SELECT RAISE(ABORT, 'reservation_overlap'); END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER reservations_no_overlap_update BEFORE UPDATE OF machine_id, starts_at, blocks_until, status ON reservations
       WHEN NEW.status IN ${HOLDING} AND EXISTS (
         SELECT 1 FROM reservations r
         WHERE r.id <> NEW.id AND r.machine_id = NEW.machine_id AND r.status IN ${HOLDING}
           AND r.starts_at < NEW.blocks_until AND NEW.starts_at < r.blocks_until)
       BEGIN SELECT RAISE(ABORT, 'reservation_overlap'); END`,
    )
    .execute(db);

  // A usage session covered by a reservation, or attached to someone afterwards (a walk-in).
  await db.schema.alterTable('usage_sessions').addColumn('reservation_id', 'text').execute();
  await db.schema.alterTable('usage_sessions').addColumn('member_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'reservations',
    'qualification_grants',
    'qualifications',
    'members',
    'plans',
    'organisations',
    'sites',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
