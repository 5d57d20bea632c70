/**
 * A write transaction on the connection held alone, with BEGIN and COMMIT as raw prepared
 * statements: Kysely's transaction builds, compiles and awaits both through its executor (11 % of
 * a booking's CPU in a profile). Inside, `work` gets a `Db` on the held connection: Kysely's
 * queries run on it as before, and the hot queries of the booking path (`heldStatements`) run as
 * better-sqlite3 statements prepared once, without a turn of the event loop each.
 *
 * Raw statements are only safe on a held connection: on the shared one they could land inside a
 * Kysely transaction another operation has open (better-sqlite3 runs whatever it is given).
 *
 * Inside `work`, every query goes through `trx`. A query through the root `Db` waits for the one
 * connection this transaction holds, and the transaction waits for the query: neither ever ends,
 * and every later store call queues behind them. It cannot be refused where it happens without
 * tracking async contexts on every promise of the process (AsyncLocalStorage on Node 20), so a
 * transaction still open after `HELD_TOO_LONG_MS` is reported as a process warning naming this.
 * @module
 */
import { sqliteHandleOf, type Db, type SqliteHandle } from './db.js';

const held = new WeakMap<Db, SqliteHandle>();

/** Far beyond any real transaction here (a booking holds the connection for about a millisecond). */
export const HELD_TOO_LONG_MS = 5000;

/** The raw connection under `db` when `db` is a connection `writeTransaction` holds, else undefined. */
export const heldStatements = (db: Db): SqliteHandle | undefined => held.get(db);

/**
 * Runs `work` in one transaction: all its writes or none (a throw rolls back). On a store that is
 * not `openSqlite`'s (a transaction already, another dialect): Kysely's transaction.
 */
export async function writeTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  const handle = sqliteHandleOf(db);
  if (!handle) return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    held.set(conn, handle);
    const watchdog = setTimeout(
      () =>
        process.emitWarning(
          `store: a write transaction has held the only SQLite connection for ${HELD_TOO_LONG_MS / 1000} s; every other query waits behind it. Most likely its work queries the root Db instead of its trx, and that query waits for this very connection (a deadlock): query through trx`,
          { code: 'MANUFACTO_HELD_TRANSACTION' },
        ),
      HELD_TOO_LONG_MS,
    );
    watchdog.unref();
    handle.prepare('begin').run();
    try {
      const result = await work(conn);
      handle.prepare('commit').run();
      return result;
    } catch (error) {
      // A failed COMMIT or statement may already have ended it (SQLite rolls back on some errors).
      if (handle.sqlite.inTransaction) handle.prepare('rollback').run();
      throw error;
    } finally {
      clearTimeout(watchdog);
      held.delete(conn);
    }
  });
}
