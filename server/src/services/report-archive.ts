/**
 * Monthly reports kept on disk: once a month is over on a site's clock, its report (a manager's,
 * in French: PDF, CSV, XLSX, and JSON for machines) is written under
 * `<dir>/<site>/<YYYY-MM>/`, with the funder's version beside it (`rapport-financeur.{pdf,csv}`:
 * small people counts suppressed, the one mailed to recipients, who may be funders), each file atomically (written beside, then renamed), and never
 * rewritten: what a funder was sent stays what it was. Checked every hour, the first time a minute
 * after start (not during boot: building reports of a big store costs CPU); a month missed while
 * the server was down is written at the next check. `onKept` hears of last month at every check
 * (the report mailer queues its mailings there, idempotently).
 * @module
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localParts } from '../domain/booking/zoned-time.js';
import { reportCsv } from '../reports/csv.js';
import { reportPdf } from '../reports/pdf.js';
import { reportXlsx } from '../reports/xlsx.js';
import type { Db } from '../store/db.js';
import { sitesRepository } from '../store/sites.js';
import type { ReportService } from './report-service.js';

export const KEPT_FORMATS = ['pdf', 'csv', 'xlsx', 'json'] as const;
export type KeptFormat = (typeof KEPT_FORMATS)[number];
/** The funder-audience files kept beside the manager's: what the report mailer attaches. */
export const FUNDER_FORMATS = ['pdf', 'csv'] as const;
export type FunderFormat = (typeof FUNDER_FORMATS)[number];
const funderName = (f: FunderFormat) => `rapport-financeur.${f}`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month before the one `now` falls in, on the site's clock: `2026-11` on 1 December. */
export function lastMonth(now: number, timeZone: string): string {
  const p = localParts(now, timeZone);
  const year = p.month === 1 ? p.year - 1 : p.year;
  const month = p.month === 1 ? 12 : p.month - 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function reportArchive(
  db: Db,
  reports: ReportService,
  dir: string,
  options: {
    clock?: () => number;
    log?: (line: string) => void;
    onKept?: (site: string, month: string) => Promise<unknown>;
  } = {},
) {
  const clock = options.clock ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const monthDir = (site: string, month: string) => join(dir, site, month);
  const write = (path: string, body: string | Buffer) => {
    writeFileSync(`${path}.part`, body);
    renameSync(`${path}.part`, path);
  };

  const names = [...KEPT_FORMATS.map((f) => `rapport.${f}`), ...FUNDER_FORMATS.map(funderName)];

  async function keep(site: string, month: string): Promise<boolean> {
    const folder = monthDir(site, month);
    if (names.every((n) => existsSync(join(folder, n)))) return false;
    const r = await reports.report({ sites: [site], period: month, audience: 'manager' });
    // Recipients are free addresses (funders among them): they get the funder's version only.
    const rf = await reports.report({ sites: [site], period: month, audience: 'funder' });
    mkdirSync(folder, { recursive: true });
    const files: Record<string, () => Promise<string | Buffer>> = {
      'rapport.json': async () => JSON.stringify(r, null, 2),
      'rapport.csv': async () => reportCsv(r, 'fr'),
      'rapport.xlsx': () => reportXlsx(r, 'fr'),
      'rapport.pdf': () => reportPdf(r, 'fr'),
      [funderName('csv')]: async () => reportCsv(rf, 'fr'),
      [funderName('pdf')]: () => reportPdf(rf, 'fr'),
    };
    for (const n of names) {
      const path = join(folder, n);
      if (!existsSync(path)) write(path, await files[n]!());
    }
    options.log?.(`reports: kept the ${month} report of ${site} in ${folder}`);
    return true;
  }

  return {
    /** Keeps last month's report of every site that has none yet; answers what it wrote. */
    async tick(): Promise<{ site: string; month: string }[]> {
      const kept: { site: string; month: string }[] = [];
      for (const s of await sitesRepository(db).list()) {
        const month = lastMonth(clock(), s.timezone);
        if (await keep(s.id, month)) kept.push({ site: s.id, month });
        // Every check, not only when just written: a crash (or a failed queueing) between the last
        // rename and onKept would otherwise lose that month's mailing for good. Queueing is
        // idempotent; a recipient added during the month thus gets last month's report.
        await options.onKept?.(s.id, month);
      }
      return kept;
    },
    keep,
    /** The months kept for a site, newest first, with the formats present. */
    list(site: string): { month: string; formats: KeptFormat[] }[] {
      const root = join(dir, site);
      if (!existsSync(root)) return [];
      return readdirSync(root)
        .filter((m) => MONTH.test(m))
        .sort()
        .reverse()
        .map((month) => ({
          month,
          formats: KEPT_FORMATS.filter((f) => existsSync(join(root, month, `rapport.${f}`))),
        }));
    },
    /** The file of a kept report, or undefined. */
    file(site: string, month: string, format: KeptFormat): string | undefined {
      if (!MONTH.test(month) || !/^[a-z0-9][a-z0-9._-]*$/i.test(site)) return undefined;
      const path = join(monthDir(site, month), `rapport.${format}`);
      return existsSync(path) ? path : undefined;
    },
    /** The kept funder-audience file (the one mailed), or undefined. */
    funderFile(site: string, month: string, format: FunderFormat): string | undefined {
      if (!MONTH.test(month) || !/^[a-z0-9][a-z0-9._-]*$/i.test(site)) return undefined;
      const path = join(monthDir(site, month), funderName(format));
      return existsSync(path) ? path : undefined;
    },
    /** Checks every `everyMs`; the first check waits `firstAfterMs` so a big store boots fast. */
    start(everyMs = 3_600_000, firstAfterMs = 60_000) {
      const run = () => {
        running ??= this.tick()
          .then(() => undefined)
          .catch((e: unknown) =>
            options.log?.(`reports: keeping monthly reports failed: ${String(e)}`),
          )
          .finally(() => (running = undefined));
      };
      timer = setTimeout(() => {
        run();
        timer = setInterval(run, everyMs);
        timer.unref();
      }, firstAfterMs);
      timer.unref();
    },
    /** Stops the timer; answers the check in flight, to await before the store closes. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
export type ReportArchive = ReturnType<typeof reportArchive>;
