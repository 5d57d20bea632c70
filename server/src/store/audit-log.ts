/** The audit log: who changed what (reservations, trainings, machines, accounts), append-only. */
import { sql } from 'kysely';
import type { Db } from './db.js';
import { prepared } from './prepared.js';
import { heldStatements } from './transaction.js';

const INSERT_SQL =
  'insert into audit_log (at, actor, role, action, target, detail, site) values (?, ?, ?, ?, ?, ?, ?)';

// Every booking writes one: compiled once.
const insertEntry = prepared(
  (
    db: Db,
    at: number,
    actor: string,
    role: string,
    action: string,
    target: string,
    detail: string | null,
    site: string | null,
  ) => db.insertInto('audit_log').values({ at, actor, role, action, target, detail, site }),
);

export interface AuditEntry {
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly detail?: unknown;
  /** The site the change concerns; null or absent: none (an account, a token). */
  readonly site?: string | null | undefined;
}

export function auditLog(db: Db, clock: () => number = Date.now) {
  return {
    async record(e: AuditEntry): Promise<void> {
      const detail = e.detail === undefined ? null : JSON.stringify(e.detail);
      const raw = heldStatements(db);
      if (raw) {
        raw
          .prepare(INSERT_SQL)
          .run(clock(), e.actor, e.role, e.action, e.target, detail, e.site ?? null);
        return;
      }
      await insertEntry(db, clock(), e.actor, e.role, e.action, e.target, detail, e.site ?? null);
    },
    /**
     * Entries newest first. With `sites`, only those about one of these sites or made by
     * `actor` (a manager reads their sites' entries and their own).
     */
    async list(filter: {
      target?: string | undefined;
      /** One kind of change (`member.save`), or a family of them (`member.`: every member.*). */
      action?: string | undefined;
      limit: number;
      before?: number | undefined;
      sites?: readonly string[] | undefined;
      actor?: string | undefined;
    }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
      const sites = filter.sites;
      if (sites)
        q = q.where((eb) =>
          eb.or([
            eb('site', 'in', sites.length ? [...sites] : ['']),
            eb('actor', '=', filter.actor ?? ''),
          ]),
        );
      if (filter.target) q = q.where('target', '=', filter.target);
      if (filter.action?.endsWith('.')) {
        // A prefix, not a range below `action + '\uffff'` (which depends on the collation and
        // left out characters above U+FFFF). `%` and `_` in the family are letters; SQLite's
        // LIKE ignores ASCII case, so the prefix is compared exactly too.
        const family = filter.action;
        const pattern = `${family.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
        q = q
          .where(sql<boolean>`action LIKE ${pattern} ESCAPE '\\'`)
          .where(sql<boolean>`substr(action, 1, length(${family})) = ${family}`);
      } else if (filter.action) q = q.where('action', '=', filter.action);
      if (filter.before !== undefined) q = q.where('id', '<', filter.before);
      return (await q.execute()).map((r) => ({
        id: r.id,
        at: Number(r.at),
        actor: r.actor,
        role: r.role,
        action: r.action,
        target: r.target,
        detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
        site: r.site,
      }));
    },
  };
}
export type AuditLog = ReturnType<typeof auditLog>;
