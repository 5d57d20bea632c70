/**
 * What the routes and the server's timers call, built once from the store: the application
 * services (booking, access at the machine, the schedule keeper, waitlist, rounds, accounting,
 * reports with their archive and mailer, the network), which load from the store, ask the domain
 * and write back, and the store's repositories a route reads directly (members, trainings, sites,
 * machines, reservations, notices, facts…). A route is given only the ones it names (`RouteDeps`).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { trainingsRepository } from '../store/trainings.js';
import { reservationsRepository } from '../store/reservations.js';
import { sitesRepository } from '../store/sites.js';
import { noticesRepository } from '../store/notices.js';
import { maintenanceNotesRepository } from '../store/maintenance-notes.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import { factsRepository } from '../store/facts.js';
import { reportService } from './report-service.js';
import { reportArchive } from './report-archive.js';
import type { MailTransport } from './mail-transport.js';
import { reportMailer } from './report-mailer.js';
import { networkService } from './network/network-service.js';
import { accessService } from './access-service.js';
import { bookingService } from './booking-service.js';
import { scheduleKeeper, type LiveJob } from './schedule-keeper.js';
import { roundsService } from './rounds-service.js';
import { accountingService } from './accounting-service.js';
import { waitlistService, type WaitlistService } from './waitlist-service.js';

export function createServices(
  db: Db,
  clock: () => number = Date.now,
  options: {
    liveJobs?: () => LiveJob[];
    log?: (line: string) => void;
    calendarSecret?: string;
    /** Where monthly reports are kept; none kept without it. */
    reportsDir?: string;
    /** SMTP (SMTP_URL or SMTP_HOST): kept monthly reports are mailed to their site's recipients. */
    mailTransport?: MailTransport;
  } = {},
) {
  // Without a kept secret, feed URLs last as long as the process.
  const {
    calendarSecret = randomBytes(32).toString('base64url'),
    reportsDir,
    mailTransport,
    ...keeperOptions
  } = options;
  // The waitlist needs booking and booking tells the waitlist: bind late.
  let waitlist: WaitlistService | undefined;
  const onFreed = async (slot: Parameters<WaitlistService['slotFreed']>[0]) =>
    waitlist?.slotFreed(slot);
  const booking = bookingService(db, clock, onFreed);
  waitlist = waitlistService(db, booking, clock);
  const wl = waitlist;
  const reports = reportService(db);
  const log = options.log ? { log: options.log } : {};
  // The mailer reads the archive's files and the archive tells the mailer what it kept: bind late.
  let mailer: ReturnType<typeof reportMailer> | undefined;
  const archive =
    reportsDir === undefined
      ? undefined
      : reportArchive(db, reports, reportsDir, {
          clock,
          ...log,
          onKept: (site, month) => mailer!.queue(site, month),
        });
  mailer = reportMailer(db, archive, mailTransport, { clock, ...log });
  // Codes are kept keyed under the same kept secret as the feeds (their own message prefix).
  const access = accessService(db, clock, calendarSecret);
  const machines = bookableMachinesRepository(db);
  const sites = sitesRepository(db);
  return {
    /** Signs the secret iCal feed URLs. */
    calendarSecret,
    scheduleKeeper: scheduleKeeper(db, {
      clock,
      ...keeperOptions,
      onFreed,
      onTick: () => wl.tick(),
    }),
    notices: noticesRepository(db),
    maintenanceNotes: maintenanceNotesRepository(db),
    usage: usageSessionsRepository(db),
    booking,
    access,
    waitlist: wl,
    rounds: roundsService(db, clock),
    accounting: accountingService(db, clock),
    // Saved rules may ask another after-use check: the access service tells who follows it.
    sites: {
      ...sites,
      async save(site: Parameters<typeof sites.save>[0]) {
        await sites.save(site);
        access.rulesChanged((await machines.list({ site: site.id })).map((m) => m.id));
      },
    },
    members: membersRepository(db),
    trainings: trainingsRepository(db),
    facts: factsRepository(db, clock),
    reports,
    /** A network's members and their signed aggregates (on a network's instance). */
    network: networkService(db, clock),
    /** Monthly reports kept on disk (`reportsDir`), or undefined. */
    reportArchive: archive,
    /** Kept monthly reports mailed to each site's recipients (when SMTP is configured). */
    reportMailer: mailer,
    machines: {
      ...machines,
      async save(...args: Parameters<typeof machines.save>) {
        await machines.save(...args);
        access.rulesChanged([args[0].id]);
      },
    },
    reservations: reservationsRepository(db),
    clock,
  };
}
export type Services = ReturnType<typeof createServices>;
