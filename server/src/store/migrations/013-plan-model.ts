/**
 * What the plan must be able to say (issue 13): machine groups ("any of the four Prusa MK4": a
 * label shared by machines of one site, since sliced files are model-specific), several units
 * booked at once (their reservations share a batch), and material per job (grams, billed per kg
 * beside time). The machines' version trigger is rebuilt so a machine moved into a group, or
 * given a material rate, makes the booking's cached machines stale.
 */
import { sql, type Kysely } from 'kysely';

const MACHINE_BOOKING_COLUMNS = [
  'site',
  'name',
  'kind',
  'status',
  'hourly_rate_cents',
  'buffer_min',
  'qualification_id',
  'needs_approval',
  'billing_mode',
  'booking_rules',
  'blackouts',
];

async function machinesVersionTrigger(db: Kysely<unknown>, columns: readonly string[]) {
  await sql.raw('DROP TRIGGER IF EXISTS machines_version_update').execute(db);
  await sql
    .raw(
      `CREATE TRIGGER machines_version_update AFTER UPDATE ON machines
       WHEN ${columns.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')}
       BEGIN UPDATE store_versions SET version = version + 1 WHERE name = 'sharing'; END`,
    )
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('machines').addColumn('group_id', 'text').execute();
  await db.schema
    .alterTable('machines')
    .addColumn('material_rate_cents_per_kg', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('machines_site_group')
    .on('machines')
    .columns(['site', 'group_id'])
    .execute();
  await db.schema.alterTable('reservations').addColumn('batch_id', 'text').execute();
  await db.schema.alterTable('usage_sessions').addColumn('material_g', 'real').execute();
  await machinesVersionTrigger(db, [
    ...MACHINE_BOOKING_COLUMNS,
    'group_id',
    'material_rate_cents_per_kg',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await machinesVersionTrigger(db, MACHINE_BOOKING_COLUMNS);
  await db.schema.dropIndex('machines_site_group').execute();
  await db.schema.alterTable('usage_sessions').dropColumn('material_g').execute();
  await db.schema.alterTable('reservations').dropColumn('batch_id').execute();
  await db.schema.alterTable('machines').dropColumn('material_rate_cents_per_kg').execute();
  await db.schema.alterTable('machines').dropColumn('group_id').execute();
}
