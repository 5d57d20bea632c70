/** The audit log: who changed what (reservations, trainings, machines, accounts), append-only. */
import type { Db } from '../store/db.js';

export interface AuditEntry {
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly detail?: unknown;
}

export function auditLog(db: Db, clock: () => number = Date.now) {
  return {
    async record(e: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          at: clock(),
          actor: e.actor,
          role: e.role,
          action: e.action,
          target: e.target,
          detail: e.detail === undefined ? null : JSON.stringify(e.detail),
        })
        .execute();
    },
    async list(filter: {
      target?: string | undefined;
      limit: number;
      before?: number | undefined;
    }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
      if (filter.target) q = q.where('target', '=', filter.target);
      if (filter.before !== undefined) q = q.where('id', '<', filter.before);
      return (await q.execute()).map((r) => ({
        id: r.id,
        at: Number(r.at),
        actor: r.actor,
        role: r.role,
        action: r.action,
        target: r.target,
        detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
      }));
    },
  };
}
export type AuditLog = ReturnType<typeof auditLog>;
