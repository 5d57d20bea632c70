/**
 * Caches in front of rarely written tables, exact whoever writes: each group of tables has a
 * counter that triggers bump on every write (migration 012), and a cache reads that one row
 * before it answers; a different number empties it. Reading the counter costs one primary-key
 * lookup, where the loads it saves are several (and JSON parsing): a booking re-read the
 * machine, member, plan, site and training on every request, and every request its API token.
 * @module
 */
import { CompiledQuery } from 'kysely';
import type { Db } from './db.js';
import { heldStatements } from './transaction.js';

export type VersionedGroup = 'sharing' | 'accounts';

// Compiled once: the counter is read on every request.
const versionQuery = (group: VersionedGroup) =>
  CompiledQuery.raw(`select version from store_versions where name = '${group}'`, []);

export interface CacheView {
  /** The value under `key`, loaded (through the connection `open` was given) when absent. */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/**
 * A cache for `group`, holding at most `max` entries (all dropped when full: these tables are
 * small, a full cache means something reads widely). Call `open(db)` at the start of each
 * operation, with the transaction the operation runs in, and read through what it returns.
 */
export function versionedCache(group: VersionedGroup, max = 2000) {
  const query = versionQuery(group);
  let version: number | undefined;
  const entries = new Map<string, unknown>();
  return {
    async open(db: Db): Promise<CacheView> {
      const raw = heldStatements(db);
      const seen = raw
        ? (raw.prepare(query.sql).get() as { version: number } | undefined)?.version
        : (await db.executeQuery<{ version: number }>(query)).rows[0]?.version;
      if (seen === undefined) throw new Error(`store_versions has no row "${group}"`);
      if (seen !== version) {
        entries.clear();
        version = seen;
      }
      return {
        async get<T>(key: string, load: () => Promise<T>): Promise<T> {
          if (version === seen && entries.has(key)) return entries.get(key) as T;
          const value = await load();
          // Kept only if no newer write was seen meanwhile: a load that began before it may be stale.
          if (version === seen) {
            if (entries.size >= max) entries.clear();
            entries.set(key, value);
          }
          return value;
        },
      };
    },
  };
}
export type VersionedCache = ReturnType<typeof versionedCache>;
