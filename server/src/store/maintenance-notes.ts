/**
 * Maintenance notes: the log a fab manager keeps per machine ("buse changée", "lentille
 * nettoyée"). The author is an account; their name is read at listing time, so a renamed
 * account shows its current name and an erased one shows none.
 * @module
 */
import type { Db } from './db.js';

export interface MaintenanceNote {
  readonly id: string;
  readonly site: string;
  readonly machine: string;
  readonly author: { readonly account: string; readonly name: string | null };
  readonly text: string;
  /** The machine's hours of use when the note was written, if the manager gave them. */
  readonly usageHours: number | null;
  readonly createdAt: number;
}

export interface NewMaintenanceNote {
  readonly site: string;
  readonly machine: string;
  readonly author: string;
  readonly text: string;
  readonly usageHours: number | null;
  readonly createdAt: number;
}

export function maintenanceNotesRepository(db: Db) {
  return {
    async add(note: NewMaintenanceNote): Promise<string> {
      const { insertId } = await db
        .insertInto('maintenance_notes')
        .values({
          site: note.site,
          machine_id: note.machine,
          author_account: note.author,
          text: note.text,
          usage_hours: note.usageHours,
          created_at: note.createdAt,
        })
        .executeTakeFirstOrThrow();
      return String(insertId);
    },
    /** A machine's notes, newest first (the counting id breaks ties of the same millisecond). */
    async list(machine: string, limit = 200): Promise<MaintenanceNote[]> {
      const rows = await db
        .selectFrom('maintenance_notes as n')
        .leftJoin('accounts as a', 'a.id', 'n.author_account')
        .select([
          'n.id',
          'n.site',
          'n.machine_id',
          'n.author_account',
          'a.name as author_name',
          'n.text',
          'n.usage_hours',
          'n.created_at',
        ])
        .where('n.machine_id', '=', machine)
        .orderBy('n.created_at', 'desc')
        .orderBy('n.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: String(r.id),
        site: r.site,
        machine: r.machine_id,
        author: { account: r.author_account, name: r.author_name ?? null },
        text: r.text,
        usageHours: r.usage_hours === null ? null : Number(r.usage_hours),
        createdAt: Number(r.created_at),
      }));
    },
  };
}
export type MaintenanceNotesRepository = ReturnType<typeof maintenanceNotesRepository>;
