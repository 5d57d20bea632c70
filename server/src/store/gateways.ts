/** Gateways: presence and sequence bookkeeping that must survive a server restart. */
import type { Db } from './db.js';

export interface StoredGateway {
  readonly id: string;
  readonly site: string;
  readonly online: boolean;
  readonly lastSeen: number;
  readonly lastSeq: number;
  readonly losses: number;
  /** The outbox epoch of `lastSeq` (null: a gateway that sends none). */
  readonly epoch: string | null;
  readonly epochLosses: number;
}

export function gatewaysRepository(db: Db) {
  return {
    async list(): Promise<StoredGateway[]> {
      const rows = await db.selectFrom('gateways').selectAll().execute();
      return rows.map((r) => ({
        id: r.id,
        site: r.site,
        online: r.online === 1,
        lastSeen: Number(r.last_seen),
        lastSeq: Number(r.last_seq),
        losses: Number(r.losses),
        epoch: r.epoch,
        epochLosses: Number(r.epoch_losses),
      }));
    },

    async save(g: StoredGateway): Promise<void> {
      const values = {
        site: g.site,
        online: g.online ? 1 : 0,
        last_seen: g.lastSeen,
        last_seq: g.lastSeq,
        losses: g.losses,
        epoch: g.epoch,
        epoch_losses: g.epochLosses,
      };
      await db
        .insertInto('gateways')
        .values({ id: g.id, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
  };
}
export type GatewaysRepository = ReturnType<typeof gatewaysRepository>;
