/**
 * A network's members and their aggregates. `keep` stores an aggregate only if it is newer than
 * the one held for its site and period, in one statement, so two deliveries racing cannot put an
 * older one back.
 * @module
 */
import type { Db } from './db.js';

export interface NetworkMemberRow {
  readonly site: string;
  readonly network: string;
  readonly name: string;
  readonly publicKey: string;
  readonly registeredAt: number;
}

export interface HeldAggregate {
  readonly site: string;
  readonly period: string;
  readonly issuedAt: number;
  readonly body: string;
  readonly signature: string;
  readonly receivedAt: number;
}

export function networkRepository(db: Db) {
  const member = (r: {
    site: string;
    network: string;
    name: string;
    public_key: string;
    registered_at: number;
  }): NetworkMemberRow => ({
    site: r.site,
    network: r.network,
    name: r.name,
    publicKey: r.public_key,
    registeredAt: r.registered_at,
  });
  return {
    async saveMember(m: NetworkMemberRow): Promise<void> {
      await db
        .insertInto('network_members')
        .values({
          site: m.site,
          network: m.network,
          name: m.name,
          public_key: m.publicKey,
          registered_at: m.registeredAt,
        })
        .onConflict((oc) =>
          oc
            .column('site')
            .doUpdateSet({ network: m.network, name: m.name, public_key: m.publicKey }),
        )
        .execute();
    },
    /** Forgets a member site and the aggregates it sent; true when it was a member. */
    async removeMember(site: string): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        await tx.deleteFrom('network_aggregates').where('site', '=', site).execute();
        const r = await tx
          .deleteFrom('network_members')
          .where('site', '=', site)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      });
    },
    async member(site: string): Promise<NetworkMemberRow | undefined> {
      const r = await db
        .selectFrom('network_members')
        .selectAll()
        .where('site', '=', site)
        .executeTakeFirst();
      return r && member(r);
    },
    async members(networks?: readonly string[]): Promise<NetworkMemberRow[]> {
      let q = db.selectFrom('network_members').selectAll().orderBy('site');
      if (networks) q = q.where('network', 'in', networks.length ? [...networks] : ['']);
      return (await q.execute()).map(member);
    },
    /** True when stored (new, or newer than the one held). */
    async keep(a: HeldAggregate): Promise<boolean> {
      const r = await db
        .insertInto('network_aggregates')
        .values({
          site: a.site,
          period: a.period,
          issued_at: a.issuedAt,
          body: a.body,
          signature: a.signature,
          received_at: a.receivedAt,
        })
        .onConflict((oc) =>
          oc
            .columns(['site', 'period'])
            .doUpdateSet({
              issued_at: a.issuedAt,
              body: a.body,
              signature: a.signature,
              received_at: a.receivedAt,
            })
            .where('network_aggregates.issued_at', '<', a.issuedAt),
        )
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async held(site: string, period: string): Promise<HeldAggregate | undefined> {
      const r = await db
        .selectFrom('network_aggregates')
        .selectAll()
        .where('site', '=', site)
        .where('period', '=', period)
        .executeTakeFirst();
      return (
        r && {
          site: r.site,
          period: r.period,
          issuedAt: r.issued_at,
          body: r.body,
          signature: r.signature,
          receivedAt: r.received_at,
        }
      );
    },
  };
}
export type NetworkRepository = ReturnType<typeof networkRepository>;
