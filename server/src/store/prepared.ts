/**
 * Queries of the booking path built and compiled once, then run with new values. Kysely builds
 * and compiles every query on every call: on a booking that was more CPU than SQLite spent
 * running its statements. The query is still written with the portable builder and compiled by
 * the database's own dialect (the cache is per dialect adapter); each argument is a placeholder
 * while it compiles, and its value is put back in the placeholder's places at each run.
 *
 * Only for queries whose shape does not depend on the values (no `if (x)` on an argument, no
 * list of varying length): the builder sees placeholders, not values.
 * @example
 * const machineById = prepared((db, id: string) =>
 *   db.selectFrom('machines').selectAll().where('id', '=', id),
 * );
 * const rows = await machineById(trx, 'laser-co2');
 * @module
 */
import type { Compilable, CompiledQuery, InferResult } from 'kysely';
import type { Db } from './db.js';

/** Stands for the argument at `index` while the query compiles. */
class Placeholder {
  constructor(readonly index: number) {}
}

interface Compiled {
  readonly query: CompiledQuery;
  /** For each parameter, the argument it takes, or -1 for a value written in the query. */
  readonly from: readonly number[];
}

export function prepared<A extends unknown[], Q extends Compilable<unknown>>(
  build: (db: Db, ...args: A) => Q,
): (db: Db, ...args: A) => Promise<InferResult<Q>> {
  const byAdapter = new WeakMap<object, Compiled>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) {
      const placeholders = args.map((_, i) => new Placeholder(i)) as A;
      const query = build(db, ...placeholders).compile();
      const from = query.parameters.map((p) => (p instanceof Placeholder ? p.index : -1));
      if (new Set(from.filter((i) => i >= 0)).size !== args.length)
        throw new Error(`prepared query: not every argument reaches the SQL of ${query.sql}`);
      compiled = { query, from };
      byAdapter.set(adapter, compiled);
    }
    const { query, from } = compiled;
    const parameters = query.parameters.map((p, i) => (from[i]! >= 0 ? args[from[i]!] : p));
    const { rows } = await db.executeQuery({ ...query, parameters });
    return rows as InferResult<Q>;
  };
}
