/** Notices to members, in French and English, newest first. */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';

export interface Notice {
  readonly id: string;
  readonly member: string;
  readonly kind:
    | 'reservation_moved'
    | 'reservation_cancelled'
    | 'overrun'
    | 'no_show'
    | 'waitlist_offer'
    /** Access at the machine: someone else's slot begins soon after yours. */
    | 'next_slot';
  readonly reservation: string | null;
  readonly text: { readonly fr: string; readonly en: string };
  readonly createdAt: number;
  readonly readAt: number | null;
}

export function noticesRepository(db: Db) {
  return {
    async add(n: Omit<Notice, 'id' | 'readAt'>): Promise<void> {
      await db
        .insertInto('notices')
        .values({
          id: randomUUID(),
          member_id: n.member,
          kind: n.kind,
          reservation_id: n.reservation,
          text_fr: n.text.fr,
          text_en: n.text.en,
          created_at: n.createdAt,
        })
        .execute();
    },
    async of(member: string, limit = 50): Promise<Notice[]> {
      const rows = await db
        .selectFrom('notices')
        .selectAll()
        .where('member_id', '=', member)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        member: r.member_id,
        kind: r.kind as Notice['kind'],
        reservation: r.reservation_id,
        text: { fr: r.text_fr, en: r.text_en },
        createdAt: Number(r.created_at),
        readAt: r.read_at === null ? null : Number(r.read_at),
      }));
    },
  };
}
export type NoticesRepository = ReturnType<typeof noticesRepository>;
