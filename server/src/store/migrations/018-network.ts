/**
 * Networks of sites (issue 15): on a network's instance, the member sites it registered (each
 * with the Ed25519 public key its aggregates are signed with, under one of this instance's sites
 * standing for the network) and the last signed aggregate of each member for each period. An
 * aggregate is a funder view: no person in it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('network_members')
    .addColumn('site', 'text', (c) => c.primaryKey())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('network_aggregates')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('received_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_aggregates_pk', ['site', 'period'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('network_aggregates').execute();
  await db.schema.dropTable('network_members').execute();
}
