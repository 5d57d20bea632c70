/**
 * The monthly reports' timers as one start/stop unit: the archive's check (months kept on disk)
 * and the mailer's deliveries (each kept month to its site's recipients).
 * @module
 */
import type { ReportArchive } from './report-archive.js';
import type { ReportMailer } from './report-mailer.js';

/**
 * @example
 * const reports = startReportKeeping(services.reportArchive, services.reportMailer);
 * await reports.keep(); // what the timers do, now (tests)
 * await reports.stop(); // before the store closes
 */
export function startReportKeeping(archive: ReportArchive | undefined, mailer: ReportMailer) {
  archive?.start();
  mailer.start();
  return {
    /** One check of the archive now, then the mailings due, as the timers do. */
    async keep(): Promise<{
      kept: { site: string; month: string }[];
      sent: number;
      failed: number;
    }> {
      const kept = (await archive?.tick()) ?? [];
      return { kept, ...(await mailer.deliver()) };
    },
    /**
     * Stops both timers and answers what is in flight: a mail the SMTP server took must be marked
     * sent, or it goes out again after a restart; a month kept must reach its queueing.
     */
    async stop(): Promise<void> {
      await Promise.all([archive?.stop(), mailer.stop()]);
    },
  };
}
export type ReportKeeping = ReturnType<typeof startReportKeeping>;
