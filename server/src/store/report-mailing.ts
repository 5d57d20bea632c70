/**
 * Who receives a site's monthly report by mail, and the record of each mailing: queued once per
 * report, month and address (a second queueing of the same is a no-op), marked sent once the SMTP
 * server took it, or given its error and the time of the next try.
 * @module
 */
import type { Db } from './db.js';

export interface MailingRow {
  readonly site: string;
  readonly month: string;
  readonly email: string;
  readonly queuedAt: number;
  readonly sentAt: number | null;
  readonly attempts: number;
  readonly nextTryAt: number;
  readonly lastError: string | null;
}

export function reportMailingRepository(db: Db) {
  const row = (r: {
    site: string;
    month: string;
    email: string;
    queued_at: number;
    sent_at: number | null;
    attempts: number;
    next_try_at: number;
    last_error: string | null;
  }): MailingRow => ({
    site: r.site,
    month: r.month,
    email: r.email,
    queuedAt: r.queued_at,
    sentAt: r.sent_at,
    attempts: r.attempts,
    nextTryAt: r.next_try_at,
    lastError: r.last_error,
  });
  return {
    async recipients(site: string): Promise<string[]> {
      const rows = await db
        .selectFrom('report_recipients')
        .select('email')
        .where('site', '=', site)
        .orderBy('email')
        .execute();
      return rows.map((r) => r.email);
    },
    /** Replaces the site's list; the unsent mailings of addresses no longer listed are dropped. */
    async setRecipients(site: string, emails: readonly string[]): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('report_recipients').where('site', '=', site).execute();
        // A removed address must not keep being retried, nor get the report once it goes through.
        let gone = tx
          .deleteFrom('report_mailings')
          .where('site', '=', site)
          .where('sent_at', 'is', null);
        if (emails.length) gone = gone.where('email', 'not in', emails);
        await gone.execute();
        if (emails.length)
          await tx
            .insertInto('report_recipients')
            .values(emails.map((email) => ({ site, email })))
            .execute();
      });
    },
    /** Queues one mailing per address; those already queued (sent or not) stay as they are. */
    async queue(site: string, month: string, emails: readonly string[], now: number) {
      if (!emails.length) return;
      await db
        .insertInto('report_mailings')
        .values(emails.map((email) => ({ site, month, email, queued_at: now, next_try_at: now })))
        .onConflict((oc) => oc.columns(['site', 'month', 'email']).doNothing())
        .execute();
    },
    /** Unsent mailings whose next try is due, oldest first. */
    async due(now: number): Promise<MailingRow[]> {
      const rows = await db
        .selectFrom('report_mailings')
        .selectAll()
        .where('sent_at', 'is', null)
        .where('next_try_at', '<=', now)
        .orderBy('queued_at')
        .orderBy('email')
        .execute();
      return rows.map(row);
    },
    async sent(m: MailingRow, now: number): Promise<void> {
      await db
        .updateTable('report_mailings')
        .set({ sent_at: now, attempts: m.attempts + 1, last_error: null })
        .where('site', '=', m.site)
        .where('month', '=', m.month)
        .where('email', '=', m.email)
        .execute();
    },
    async failed(m: MailingRow, error: string, nextTryAt: number): Promise<void> {
      await db
        .updateTable('report_mailings')
        .set({ attempts: m.attempts + 1, last_error: error, next_try_at: nextTryAt })
        .where('site', '=', m.site)
        .where('month', '=', m.month)
        .where('email', '=', m.email)
        .execute();
    },
    /** The mailings of the given sites (undefined: all), newest month first. */
    async list(sites?: readonly string[]): Promise<MailingRow[]> {
      let q = db
        .selectFrom('report_mailings')
        .selectAll()
        .orderBy('month', 'desc')
        .orderBy('site')
        .orderBy('email');
      if (sites) q = q.where('site', 'in', sites.length ? [...sites] : ['']);
      return (await q.execute()).map(row);
    },
  };
}
export type ReportMailingRepository = ReturnType<typeof reportMailingRepository>;
