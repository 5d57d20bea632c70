/**
 * Running jobs the schedule keeper gave to a reservation before their usage session exists (it is
 * recorded when the job ends). When the session arrives it takes the attachment; should it never
 * arrive (a gateway lost), the job counts as ended when it was last seen running.
 * @module
 */
import type { Db } from './db.js';

export interface JobAttachment {
  readonly job: string;
  readonly machine: string;
  readonly reservation: string;
  readonly member: string;
  readonly startedAt: number;
  readonly seenAt: number;
}

export function jobAttachmentsRepository(db: Db) {
  return {
    /** Attaches a running job, or records that it is still running. */
    async seen(a: JobAttachment): Promise<void> {
      await db
        .insertInto('job_attachments')
        .values({
          job_id: a.job,
          machine_id: a.machine,
          reservation_id: a.reservation,
          member_id: a.member,
          started_at: a.startedAt,
          seen_at: a.seenAt,
        })
        .onConflict((oc) => oc.column('job_id').doUpdateSet({ seen_at: a.seenAt }))
        .execute();
    },

    async list(): Promise<JobAttachment[]> {
      const rows = await db.selectFrom('job_attachments').selectAll().execute();
      return rows.map((r) => ({
        job: r.job_id,
        machine: r.machine_id,
        reservation: r.reservation_id,
        member: r.member_id,
        startedAt: Number(r.started_at),
        seenAt: Number(r.seen_at),
      }));
    },

    async remove(job: string): Promise<void> {
      await db.deleteFrom('job_attachments').where('job_id', '=', job).execute();
    },
  };
}
export type JobAttachmentsRepository = ReturnType<typeof jobAttachmentsRepository>;
