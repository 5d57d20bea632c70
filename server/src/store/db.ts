/**
 * The relational store: Kysely over SQLite (better-sqlite3) by default. Repositories use Kysely's
 * portable query builder only, so a `PostgresDialect` can serve a network of sites later.
 * Migrations are code, listed here in order, and run at start.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  SqliteDialect,
  type Migration,
  type MigrationProvider,
  type SqliteDatabase,
} from 'kysely';
import * as initial from './migrations/001-initial.js';
import * as sharing from './migrations/002-sharing.js';
import * as notices from './migrations/003-notices.js';
import * as rounds from './migrations/004-rounds.js';
import * as credits from './migrations/005-credits.js';
import * as waitlist from './migrations/006-waitlist.js';
import * as accounts from './migrations/007-accounts.js';
import * as planKeeping from './migrations/008-plan-keeping.js';
import * as tenancy from './migrations/009-tenancy.js';
import * as gatewayEpoch from './migrations/010-gateway-epoch.js';
import * as reportFacts from './migrations/011-report-facts.js';
import * as bookingSpeed from './migrations/012-booking-speed.js';
import * as planModel from './migrations/013-plan-model.js';
import * as roundGroups from './migrations/014-round-groups.js';
import * as jobFiles from './migrations/015-job-files.js';
import * as accessAtMachine from './migrations/016-access-at-machine.js';
import * as overlapIndex from './migrations/017-overlap-index.js';
import * as network from './migrations/018-network.js';
import * as accessWarnings from './migrations/019-access-warnings.js';
import * as maintenanceNotes from './migrations/020-maintenance-notes.js';
import * as reportMailing from './migrations/021-report-mailing.js';
import * as afterUseChecks from './migrations/022-after-use-checks.js';
import * as grantCheck from './migrations/023-grant-check.js';
import type { Database } from './schema.js';

const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-sharing': sharing,
  '003-notices': notices,
  '004-rounds': rounds,
  '005-credits': credits,
  '006-waitlist': waitlist,
  '007-accounts': accounts,
  '008-plan-keeping': planKeeping,
  '009-tenancy': tenancy,
  '010-gateway-epoch': gatewayEpoch,
  '011-report-facts': reportFacts,
  '012-booking-speed': bookingSpeed,
  '013-plan-model': planModel,
  '014-round-groups': roundGroups,
  '015-job-files': jobFiles,
  '016-access-at-machine': accessAtMachine,
  '017-overlap-index': overlapIndex,
  '018-network': network,
  '019-access-warnings': accessWarnings,
  '020-maintenance-notes': maintenanceNotes,
  '021-report-mailing': reportMailing,
  '022-after-use-checks': afterUseChecks,
  '023-grant-check': grantCheck,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export type Db = Kysely<Database>;

export interface SqliteOptions {
  /** Called with every statement's SQL before it runs (counting, query-plan tests). */
  readonly onStatement?: ((sql: string) => void) | undefined;
  /** Prepared statements kept for reuse (default 256). */
  readonly statementCache?: number | undefined;
}

/**
 * better-sqlite3 as Kysely's SQLite driver sees it, with its prepared statements reused: the
 * driver prepares every statement on every call (~15 % of a booking's CPU). The cache is
 * bounded (least recently used goes) because raw SQL with inlined values would grow it forever;
 * a statement still iterating (a stream) is never handed out twice.
 */
export function reusingStatements(
  sqlite: SQLite.Database,
  options: SqliteOptions = {},
): SqliteDatabase {
  const max = options.statementCache ?? 256;
  const cache = new Map<string, SQLite.Statement>();
  const onStatement = options.onStatement;
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      onStatement?.(sql);
      let stmt = cache.get(sql);
      if (stmt && !stmt.busy) {
        cache.delete(sql);
        cache.set(sql, stmt);
        return stmt;
      }
      stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}

/**
 * better-sqlite3 under a `Db` opened by `openSqlite`: what `writeTransaction` (transaction.ts)
 * runs its raw prepared statements on. Statements come from the same cache as Kysely's, so
 * `onStatement` sees them too.
 */
export interface SqliteHandle {
  readonly sqlite: SQLite.Database;
  prepare(sql: string): SQLite.Statement;
}

const handles = new WeakMap<Db, SqliteHandle>();

/** The better-sqlite3 connection under `db` (undefined for a transaction or another dialect). */
export const sqliteHandleOf = (db: Db): SqliteHandle | undefined => handles.get(db);

export async function openSqlite(file: string, options: SqliteOptions = {}): Promise<Db> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const database = reusingStatements(sqlite, options);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  handles.set(db, { sqlite, prepare: (sql) => database.prepare(sql) as SQLite.Statement });
  await migrate(db);
  return db;
}

export async function migrate(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
