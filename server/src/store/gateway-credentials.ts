/** Gateway credentials: a secret per gateway (stored as a SHA-256 hash), its site and machines. */
import { timingSafeEqual } from 'node:crypto';
import { newToken, sha256 } from '../auth/secrets.js';
import type { Db } from './db.js';

export interface GatewayCredential {
  readonly gateway: string;
  readonly site: string;
  readonly machines: readonly string[];
  readonly createdAt: number;
  readonly revoked: boolean;
}

/** A gateway's secret was issued (or rotated) or revoked. */
export interface CredentialChange {
  readonly gateway: string;
  readonly change: 'issued' | 'revoked';
}
type Listener = (change: CredentialChange) => void | Promise<void>;

// Per database, not per repository object: whichever repository over the store writes, the same
// listeners hear it (the ingest's gateway directory, the broker's open connections).
const listeners = new WeakMap<Db, Set<Listener>>();

export function gatewayCredentialsRepository(db: Db, clock: () => number = Date.now) {
  const tell = async (change: CredentialChange) => {
    for (const listener of listeners.get(db) ?? []) await listener(change);
  };
  return {
    /**
     * Calls `listener` after each issue, rotation or revocation, before that call returns (so a
     * rotated secret is cut off before its route answers). Returns how to stop listening.
     */
    onChange(listener: Listener): () => void {
      let set = listeners.get(db);
      if (!set) listeners.set(db, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    /** Issues (or rotates) the gateway's secret; returns it once. */
    async issue(
      gateway: string,
      site: string,
      machines: readonly string[],
      by: string,
    ): Promise<string> {
      const secret = newToken('mfg');
      const values = {
        site,
        machines: JSON.stringify([...new Set(machines)]),
        secret_hash: sha256(secret),
        created_by: by,
        created_at: clock(),
        revoked_at: null,
      };
      await db
        .insertInto('gateway_credentials')
        .values({ gateway_id: gateway, ...values })
        .onConflict((oc) => oc.column('gateway_id').doUpdateSet(values))
        .execute();
      await tell({ gateway, change: 'issued' });
      return secret;
    },
    async list(site?: string): Promise<GatewayCredential[]> {
      let q = db.selectFrom('gateway_credentials').selectAll().orderBy('gateway_id');
      if (site) q = q.where('site', '=', site);
      return (await q.execute()).map((r) => ({
        gateway: r.gateway_id,
        site: r.site,
        machines: JSON.parse(r.machines) as string[],
        createdAt: Number(r.created_at),
        revoked: r.revoked_at !== null,
      }));
    },
    async revoke(gateway: string): Promise<boolean> {
      const r = await db
        .updateTable('gateway_credentials')
        .set({ revoked_at: clock() })
        .where('gateway_id', '=', gateway)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      const revoked = Number(r.numUpdatedRows) > 0;
      if (revoked) await tell({ gateway, change: 'revoked' });
      return revoked;
    },
    /** The gateway's site and machines when the secret is right and not revoked. */
    async verify(
      gateway: string,
      secret: string,
    ): Promise<{ site: string; machines: string[] } | undefined> {
      const row = await db
        .selectFrom('gateway_credentials')
        .selectAll()
        .where('gateway_id', '=', gateway)
        .executeTakeFirst();
      if (!row || row.revoked_at !== null) return undefined;
      const given = Buffer.from(sha256(secret));
      const expected = Buffer.from(row.secret_hash);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return { site: row.site, machines: JSON.parse(row.machines) as string[] };
    },
  };
}
export type GatewayCredentialsRepository = ReturnType<typeof gatewayCredentialsRepository>;
