/**
 * A write transaction on the connection held alone, with BEGIN and COMMIT as raw prepared
 * statements: Kysely's transaction builds, compiles and awaits both through its executor (11 % of
 * a booking's CPU in a profile). Inside, `work` gets a `Db` on the held connection: Kysely's
 * queries run on it as before, and the hot queries of the booking path (`heldStatements`) run as
 * better-sqlite3 statements prepared once, without a turn of the event loop each.
 *
 * Raw statements are only safe on a held connection: on the shared one they could land inside a
 * Kysely transaction another operation has open (better-sqlite3 runs whatever it is given).
 * @module
 */
import { sqliteHandleOf, type Db, type SqliteHandle } from './db.js';

const held = new WeakMap<Db, SqliteHandle>();

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
      held.delete(conn);
    }
  });
}
