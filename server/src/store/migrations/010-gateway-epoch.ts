/**
 * Gateway outbox epochs: the epoch a gateway's sequence numbers belong to, and the losses counted
 * in it (`losses` keeps the total over every epoch).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('gateways').addColumn('epoch', 'text').execute();
  await db.schema
    .alterTable('gateways')
    .addColumn('epoch_losses', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('gateways').dropColumn('epoch_losses').execute();
  await db.schema.alterTable('gateways').dropColumn('epoch').execute();
}
