/**
 * Sites are tenants. Members belong to sites (`member_sites`, many-to-many); an account's role
 * applies to a list of sites (`account_sites`: the sites a manager manages, a funder funds); plans
 * and trainings belong to a site or are shared (`site` null, edited by an admin only); audit
 * entries carry the site they concern, so a manager reads their sites' entries only.
 *
 * Existing data migrates: a member gets the sites they already have reservations, usage, waitlist
 * entries or round requests on, or the single site when there is one; an account's old `site`
 * becomes its one row in `account_sites`; existing plans and trainings stay shared.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('member_sites')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('member_sites_pk', ['member_id', 'site_id'])
    .execute();
  await db.schema.createIndex('member_sites_site').on('member_sites').column('site_id').execute();
  await db.schema
    .createTable('account_sites')
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_sites_pk', ['account_id', 'site_id'])
    .execute();
  await db.schema.alterTable('plans').addColumn('site', 'text').execute();
  await db.schema.alterTable('qualifications').addColumn('site', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('site', 'text').execute();

  await sql`INSERT OR IGNORE INTO member_sites (member_id, site_id)
    SELECT member_id, site FROM reservations WHERE site IN (SELECT id FROM sites)
    UNION SELECT member_id, site FROM usage_sessions
      WHERE member_id IN (SELECT id FROM members) AND site IN (SELECT id FROM sites)
    UNION SELECT member_id, site FROM waitlist WHERE site IN (SELECT id FROM sites)
    UNION SELECT rr.member_id, br.site FROM round_requests rr JOIN booking_rounds br ON br.id = rr.round_id
      WHERE br.site IN (SELECT id FROM sites)`.execute(db);
  await sql`INSERT OR IGNORE INTO member_sites (member_id, site_id)
    SELECT m.id, (SELECT id FROM sites) FROM members m
    WHERE (SELECT count(*) FROM sites) = 1
      AND NOT EXISTS (SELECT 1 FROM member_sites ms WHERE ms.member_id = m.id)`.execute(db);
  await sql`INSERT OR IGNORE INTO account_sites (account_id, site_id)
    SELECT id, site FROM accounts WHERE site IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('site').execute();
  await db.schema.alterTable('qualifications').dropColumn('site').execute();
  await db.schema.alterTable('plans').dropColumn('site').execute();
  await db.schema.dropTable('account_sites').execute();
  await db.schema.dropTable('member_sites').execute();
}
