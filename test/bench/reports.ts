/**
 * Report engine bench: a year of usage for 50 machines and 500 members (each machine used about
 * four times per opening day, most uses booked) in a SQLite file, then the year's report for a
 * manager and for a funder, and its CSV, XLSX and PDF. Target: the report in under 2 s.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIntervals } from '@manufacto/server';
import { DEMO_SITE } from '@manufacto/server/demo';
import type { Database } from '../../server/src/store/schema.js';
import { openSqlite } from '../../server/src/store/db.js';
import { sitesRepository } from '../../server/src/store/sites.js';
import { reportService } from '../../server/src/services/report-service.js';
import { reportCsv } from '../../server/src/reports/csv.js';
import { reportXlsx } from '../../server/src/reports/xlsx.js';
import { reportPdf } from '../../server/src/reports/pdf.js';
import { SECTORS, PERSON_STATUSES } from '../../server/src/domain/reports/facts.js';
import { seededRandom } from '../support/seeded-random.js';

export interface ReportsBench {
  readonly machines: number;
  readonly members: number;
  readonly sessions: number;
  readonly reservations: number;
  readonly seedSeconds: number;
  readonly managerMs: number;
  readonly funderMs: number;
  readonly csvMs: number;
  readonly xlsxMs: number;
  readonly pdfMs: number;
}

const KINDS = ['printer', 'laser', 'cnc', 'other'] as const;

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function benchReports(): Promise<ReportsBench> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-bench-reports-'));
  try {
    const db = await openSqlite(join(dir, 'manufacto.sqlite'));
    const random = seededRandom(15);
    const t0 = performance.now();
    await sitesRepository(db).save(DEMO_SITE);
    const now = Date.parse('2027-01-05T00:00:00Z');
    await db
      .insertInto('plans')
      .values({
        id: 'p',
        name: 'p',
        priority_class: 1,
        book_ahead_days: 28,
        quotas: '[]',
        created_at: now,
      })
      .execute();
    const orgs = Array.from({ length: 120 }, (_, i) => `org-${i}`);
    await db
      .insertInto('organisations')
      .values(orgs.map((id) => ({ id, name: id, kind: 'business', siret: null, created_at: now })))
      .execute();
    await db
      .insertInto('organisation_facts')
      .values(
        orgs.map((id, i) => ({
          organisation_id: id,
          legal_form: 'sas',
          sector: SECTORS[i % SECTORS.length]!,
          commune: `Commune ${i % 30}`,
          insee: null,
          qpv: i % 7 === 0 ? 1 : 0,
          rural: i % 3 === 0 && i % 7 !== 0 ? 1 : 0,
          updated_at: now,
          updated_by: 'bench',
        })),
      )
      .execute();
    const members = Array.from({ length: 500 }, (_, i) => `member-${i}`);
    await inChunks(members, 200, (chunk) =>
      db
        .insertInto('members')
        .values(
          chunk.map((id, i) => ({
            id,
            name: id,
            email: `${id}@bench.fr`,
            organisation_id: i % 3 === 0 ? null : orgs[i % orgs.length]!,
            plan_id: 'p',
            active: 1,
            quota_exempt: 0,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute(),
    );
    await inChunks(members, 200, (chunk) =>
      db
        .insertInto('member_facts')
        .values(
          chunk.map((id, i) => ({
            member_id: id,
            status: PERSON_STATUSES[i % 4]!,
            commune: null,
            insee: null,
            qpv: null,
            rural: null,
            updated_at: now,
            updated_by: 'bench',
          })),
        )
        .execute(),
    );
    await db
      .insertInto('qualifications')
      .values({
        id: 'q',
        name: 'Formation',
        validity_months: null,
        lapse_after_months: null,
        created_at: now,
      })
      .execute();
    const machines = Array.from({ length: 50 }, (_, i) => ({
      id: `machine-${i}`,
      kind: KINDS[i % 4]!,
    }));
    await db
      .insertInto('machines')
      .values(
        machines.map((m) => ({
          id: m.id,
          site: DEMO_SITE.id,
          name: m.id,
          kind: m.kind,
          profile: 'none',
          firmware: null,
          created_at: now,
          updated_at: now,
          qualification_id: m.kind === 'laser' ? 'q' : null,
        })),
      )
      .execute();
    await inChunks(members, 200, (chunk) =>
      db
        .insertInto('qualification_grants')
        .values(
          chunk.map((id) => ({
            member_id: id,
            qualification_id: 'q',
            granted_at:
              Date.parse('2026-01-01T00:00:00Z') + Math.floor(random() * 360) * 86_400_000,
            granted_by: 'bench',
          })),
        )
        .execute(),
    );

    // A year of opening hours; in each opening range, each machine gets jobs one after another.
    const open = openIntervals(
      DEMO_SITE,
      Date.parse('2025-12-31T23:00:00Z'),
      Date.parse('2026-12-31T23:00:00Z'),
    );
    const sessions: Database['usage_sessions'][] = [];
    const reservations: Database['reservations'][] = [];
    let n = 0;
    for (const day of open) {
      for (const m of machines) {
        let at = day.start + Math.floor(random() * 60) * 60_000;
        for (let k = 0; k < 4 && at < day.end; k++) {
          const len = (30 + Math.floor(random() * 120)) * 60_000;
          const end = Math.min(at + len, day.end);
          const member = members[Math.floor(random() * members.length)]!;
          const booked = random() < 0.7;
          const id = `s${n++}`;
          if (booked) {
            const status = random() < 0.05 ? 'no_show' : 'completed';
            reservations.push({
              id: `r${id}`,
              site: DEMO_SITE.id,
              machine_id: m.id,
              member_id: member,
              starts_at: at,
              ends_at: end + 15 * 60_000,
              blocks_until: end + 15 * 60_000,
              status,
              note: null,
              created_at: at,
              updated_at: at,
              cancelled_at: null,
              cancelled_by: null,
              overrun_warned_at: null,
              released_at: null,
              batch_id: null,
            });
          }
          const wall = (end - at) / 1000;
          sessions.push({
            id,
            site: DEMO_SITE.id,
            machine_id: m.id,
            gateway: 'gw',
            name: null,
            started_at: at,
            ended_at: end,
            outcome: 'completed',
            reason: null,
            wall_s: wall,
            active_s: wall * 0.8,
            beam_s: null,
            spindle_s: null,
            energy_wh: m.kind === 'laser' ? wall / 3.6 : null,
            recorded_at: end,
            reservation_id: booked ? `r${id}` : null,
            member_id: random() < 0.95 ? member : null,
            material_g: null,
          });
          at = end + 30 * 60_000;
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      await inChunks(reservations, 500, (chunk) =>
        trx.insertInto('reservations').values(chunk).execute(),
      );
      await inChunks(sessions, 500, (chunk) =>
        trx.insertInto('usage_sessions').values(chunk).execute(),
      );
    });
    const seedSeconds = (performance.now() - t0) / 1000;

    const service = reportService(db);
    const time = async <T>(f: () => Promise<T>) => {
      const s = performance.now();
      const value = await f();
      return { value, ms: performance.now() - s };
    };
    const manager = await time(() =>
      service.report({ sites: [DEMO_SITE.id], period: '2026', audience: 'manager' }),
    );
    const funder = await time(() =>
      service.report({ sites: [DEMO_SITE.id], period: '2026', audience: 'funder' }),
    );
    const csv = await time(async () => reportCsv(funder.value, 'fr'));
    const xlsx = await time(() => reportXlsx(funder.value, 'fr'));
    const pdf = await time(() => reportPdf(funder.value, 'fr'));
    await db.destroy();
    return {
      machines: machines.length,
      members: members.length,
      sessions: sessions.length,
      reservations: reservations.length,
      seedSeconds,
      managerMs: manager.ms,
      funderMs: funder.ms,
      csvMs: csv.ms,
      xlsxMs: xlsx.ms,
      pdfMs: pdf.ms,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
