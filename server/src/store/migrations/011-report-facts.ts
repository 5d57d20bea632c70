/**
 * The facts funders ask about (issue 15): an organisation's legal form, sector (filière) and
 * territory (commune, INSEE code, QPV, rural), and a person's status (professional, trainee,
 * student, hobbyist) with their own territory when they work alone. Kept beside organisations
 * and members, one row each, so a missing row is "not given"; a member's row goes with them
 * when they are erased.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisation_facts')
    .addColumn('organisation_id', 'text', (c) =>
      c.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('legal_form', 'text')
    .addColumn('sector', 'text')
    .addColumn('commune', 'text')
    .addColumn('insee', 'text')
    .addColumn('qpv', 'integer')
    .addColumn('rural', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('member_facts')
    .addColumn('member_id', 'text', (c) =>
      c.primaryKey().references('members.id').onDelete('cascade'),
    )
    .addColumn('status', 'text')
    .addColumn('commune', 'text')
    .addColumn('insee', 'text')
    .addColumn('qpv', 'integer')
    .addColumn('rural', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'member_facts_status',
      sql`status IS NULL OR status IN ('professional', 'trainee', 'student', 'hobbyist')`,
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('member_facts').execute();
  await db.schema.dropTable('organisation_facts').execute();
}
