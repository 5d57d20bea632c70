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
import type { Report } from '../domain/reports/types.js';
import { reportCsv } from '../reports/csv.js';
import { reportPdf } from '../reports/pdf.js';
import { reportXlsx } from '../reports/xlsx.js';
import type { Db } from '../store/db.js';
import { sitesRepository } from '../store/sites.js';
import type { ReportService } from './report-service.js';

/** A kept file's bytes from the report, in French (the archive is the site's record). */
const BUILD: Record<KeptFormat, (r: Report) => Promise<string | Buffer> | string> = {
  json: (r) => JSON.stringify(r, null, 2),
  csv: (r) => reportCsv(r, 'fr'),
  xlsx: (r) => reportXlsx(r, 'fr'),
  pdf: (r) => reportPdf(r, 'fr'),
};

export const KEPT_FORMATS = ['pdf', 'csv', 'xlsx', 'json'] as const;
export type KeptFormat = (typeof KEPT_FORMATS)[number];
/** The funder-audience files kept beside the manager's: what the report mailer attaches. */
export const FUNDER_FORMATS = ['pdf', 'csv'] as const;
export type FunderFormat = (typeof FUNDER_FORMATS)[number];
export type KeptAudience = 'manager' | 'funder';

/** Every file kept for a month, one table for both audiences: its name and how it is built. */
const KEPT: readonly {
  readonly audience: KeptAudience;
  readonly format: KeptFormat;
  readonly name: string;
  readonly build: (r: Report) => Promise<string | Buffer> | string;
}[] = [
  ...KEPT_FORMATS.map((format) => ({
    audience: 'manager' as const,
    format,
    name: `rapport.${format}`,
    build: BUILD[format],
  })),
  ...FUNDER_FORMATS.map((format) => ({
    audience: 'funder' as const,
    format,
    name: `rapport-financeur.${format}`,
    build: BUILD[format],
  })),
];

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

  async function keep(site: string, month: string): Promise<boolean> {
    const folder = monthDir(site, month);
    const missing = KEPT.filter((k) => !existsSync(join(folder, k.name)));
    if (missing.length === 0) return false;
    mkdirSync(folder, { recursive: true });
    // Each audience's report is built once, and only when one of its files is missing (months
    // kept before the funder files existed build only the funder's). Recipients are free
    // addresses, funders among them: they are mailed the funder's version only.
    const built = new Map<KeptAudience, Promise<Report>>();
    const report = (audience: KeptAudience) => {
      let r = built.get(audience);
      if (!r) built.set(audience, (r = reports.report({ sites: [site], period: month, audience })));
      return r;
    };
    for (const k of missing) write(join(folder, k.name), await k.build(await report(k.audience)));
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
    /**
     * The file of a kept report, or undefined: the manager's by default, or the funder's (the one
     * mailed; pdf and csv only).
     */
    file(
      site: string,
      month: string,
      format: KeptFormat,
      audience: KeptAudience = 'manager',
    ): string | undefined {
      if (!MONTH.test(month) || !/^[a-z0-9][a-z0-9._-]*$/i.test(site)) return undefined;
      const kept = KEPT.find((k) => k.audience === audience && k.format === format);
      const path = kept && join(monthDir(site, month), kept.name);
      return path && existsSync(path) ? path : undefined;
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
