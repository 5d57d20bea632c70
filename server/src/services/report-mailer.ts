/**
 * Monthly reports by mail: when the archive keeps a month's report (services/report-archive.ts),
 * one mailing per recipient of the site is queued in the store; `deliver` sends those due, the
 * funder-audience PDF and CSV attached (recipients may be anyone, funders included), French first and English second. A mailing the SMTP server took is
 * marked sent and never sent again, a restart included; one it refused or could not take (the
 * server down) keeps its error and is tried again later, 1 min after the first failure, then
 * doubling up to 6 h. stop() gives a send in flight a short grace, then aborts it (a dead SMTP
 * server would hold the shutdown for minutes); an aborted mailing stays due. Without a transport
 * (no SMTP configured) nothing is queued.
 * @module
 */
import { readFileSync } from 'node:fs';
import { backoff } from '../domain/retry/backoff.js';
import type { Db } from '../store/db.js';
import { reportMailingRepository, type MailingRow } from '../store/report-mailing.js';
import { sitesRepository } from '../store/sites.js';
import type { MailTransport } from './mail-transport.js';
import type { ReportArchive } from './report-archive.js';

export interface MailerOptions {
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
  readonly retryFirstMs?: number;
  readonly retryMaxMs?: number;
  /**
   * How long stop() lets a send in flight finish before aborting it (default 5 s): a dead SMTP
   * server would otherwise hold the shutdown for nodemailer's timeouts (30 s greeting, 10 min
   * socket).
   */
  readonly stopGraceMs?: number;
}

const monthWords = (month: string, locale: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(y, m - 1, 15));
};

export function reportMailer(
  db: Db,
  archive: ReportArchive | undefined,
  transport: MailTransport | undefined,
  o: MailerOptions = {},
) {
  const clock = o.clock ?? Date.now;
  const log = o.log ?? (() => undefined);
  const first = o.retryFirstMs ?? 60_000;
  const max = o.retryMaxMs ?? 6 * 3_600_000;
  const repo = reportMailingRepository(db);
  const grace = o.stopGraceMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ sent: number; failed: number }> | undefined;
  let stopped = false;
  /** The send in flight, which stop() aborts once its grace is over. */
  let inFlight: AbortController | undefined;

  async function message(m: MailingRow) {
    const site = await sitesRepository(db).get(m.site);
    const name = site?.name ?? m.site;
    // The funder's version (small counts suppressed): recipients are any address.
    const pdf = archive?.file(m.site, m.month, 'pdf', 'funder');
    const csv = archive?.file(m.site, m.month, 'csv', 'funder');
    if (!pdf || !csv) throw new Error(`the kept report of ${m.site} for ${m.month} is missing`);
    const base = `manufacto-rapport-${m.site}-${m.month}`;
    return {
      to: m.email,
      subject: `Rapport d’activité ${monthWords(m.month, 'fr-FR')} — ${name} / Activity report`,
      text: [
        'Bonjour,',
        '',
        `Voici le rapport d’activité de ${name} pour ${monthWords(m.month, 'fr-FR')} : les heures machine mesurées, les personnes et organisations servies, les formations. Le PDF et le tableau CSV (à ouvrir dans un tableur) sont joints.`,
        '',
        'Vous recevez ce message parce qu’un responsable du site vous a inscrit(e) aux rapports mensuels ; il peut vous en retirer.',
        '',
        '---',
        '',
        'Hello,',
        '',
        `Here is the activity report of ${name} for ${monthWords(m.month, 'en-GB')}: machine hours measured, people and organisations served, trainings. The PDF and the CSV table (for a spreadsheet) are attached.`,
        '',
        'You receive it because a manager of the site listed you for the monthly reports; they can remove you.',
        '',
        '— Manufacto',
      ].join('\n'),
      attachments: [
        { filename: `${base}.pdf`, content: readFileSync(pdf), contentType: 'application/pdf' },
        {
          filename: `${base}.csv`,
          content: readFileSync(csv),
          contentType: 'text/csv; charset=utf-8',
        },
      ],
    };
  }

  async function deliverDue() {
    let sent = 0;
    let failed = 0;
    if (!transport) return { sent, failed };
    for (const m of await repo.due(clock())) {
      // Stopping: the next mailings wait for the next start.
      if (stopped) break;
      const abort = new AbortController();
      inFlight = abort;
      try {
        await transport.send(await message(m), abort.signal);
        // Taken by the server: recorded before stop() resolves (the store is still open), so a
        // restart never sends it again.
        await repo.sent(m, clock());
        sent++;
        log(`mail: the ${m.month} report of ${m.site} sent to ${m.email}`);
      } catch (error) {
        if (abort.signal.aborted) {
          // Cut by stop() before the server took it: due again at the next start.
          await repo.failed(m, 'stopped before the SMTP server took it', clock());
          log(`mail: the ${m.month} report of ${m.site} to ${m.email} cut by the shutdown`);
          break;
        }
        failed++;
        const wait = backoff(m.attempts + 1, first, max);
        const why = (error as Error).message.slice(0, 300);
        await repo.failed(m, why, clock() + wait);
        log(
          `mail: the ${m.month} report of ${m.site} to ${m.email} not sent (${why}); next try in ${Math.round(wait / 1000)} s`,
        );
      } finally {
        inFlight = undefined;
      }
    }
    return { sent, failed };
  }

  return {
    enabled: transport !== undefined,
    /** smtp://host:port of the transport, or undefined. */
    describe: transport?.describe,
    from: transport?.from,
    recipients: (site: string) => repo.recipients(site),
    setRecipients: (site: string, emails: readonly string[]) => repo.setRecipients(site, emails),
    /** Queues the month's report for every recipient of the site (nothing without SMTP). */
    async queue(site: string, month: string): Promise<number> {
      if (!transport) return 0;
      const to = await repo.recipients(site);
      await repo.queue(site, month, to, clock());
      return to.length;
    },
    /** Sends the mailings due now, one delivery at a time. */
    deliver(): Promise<{ sent: number; failed: number }> {
      running ??= deliverDue().finally(() => (running = undefined));
      return running;
    },
    mailings: (sites?: readonly string[]) => repo.list(sites),
    /**
     * How many mailings wait, for the public /health: no error text (nodemailer's names recipients'
     * addresses and internal hosts); managers read it per site on GET /api/reports/recipients.
     */
    async pending(): Promise<{ unsent: number }> {
      return { unsent: (await repo.list()).filter((m) => m.sentAt === null).length };
    },
    /** Looks for due mailings every `everyMs` (a failed one waits its backoff in the store). */
    start(everyMs = 60_000) {
      if (!transport) return;
      stopped = false;
      timer = setInterval(
        () =>
          void this.deliver().catch((e: unknown) =>
            log(`mail: delivering reports failed: ${String(e)}`),
          ),
        everyMs,
      );
      timer.unref();
    },
    /**
     * Stops the timer and the delivery in flight, to await before the store closes: the send in
     * flight gets `stopGraceMs` to finish (then it is marked sent), after which it is aborted and
     * stays due; no further mailing starts.
     */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      stopped = true;
      if (!running) return;
      const flight = running.then(
        () => true,
        () => true,
      );
      let deadline: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        deadline = setTimeout(() => resolve(false), grace);
      });
      const finished = await Promise.race([flight, late]);
      clearTimeout(deadline);
      if (finished) return;
      inFlight?.abort();
      await flight;
    },
  };
}
export type ReportMailer = ReturnType<typeof reportMailer>;
