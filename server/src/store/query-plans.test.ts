/**
 * The booking path's cost must not grow with history: every statement a booking runs (captured
 * from the driver while real bookings run, so the list cannot go stale) and the no-overlap
 * triggers' checks are explained by SQLite, and none may scan a table that grows with time.
 */
import { CompiledQuery, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { accountsService } from '../auth/accounts.js';
import { sha256 } from '../auth/secrets.js';
import { bookingService } from '../services/booking-service.js';
import { seedDemoWorkshop } from '../demo/seed.js';
import { openSqlite } from './db.js';

const NOW = Date.parse('2026-12-01T07:00:00Z');
const at = (local: string) => Date.parse(`${local}:00+01:00`);

/** Tables whose rows pile up as the workshop lives. */
const GROWING = [
  'reservations',
  'usage_sessions',
  'audit_log',
  'notices',
  'waitlist',
  'round_requests',
  'sessions',
  'api_tokens',
];

async function explain(db: Awaited<ReturnType<typeof openSqlite>>, text: string) {
  const params = (text.match(/\?/g) ?? []).map(() => null);
  const { rows } = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${text}`, params),
  );
  return rows.map((r) => r.detail);
}

const scansOfGrowing = (details: string[]) =>
  details.filter((d) => {
    const m = /^SCAN (\w+)/.exec(d);
    return m !== null && GROWING.includes(m[1]!);
  });

describe('query plans of the booking path', () => {
  it('scan no table that grows with history, in any statement a booking runs or any no-overlap check', async () => {
    const statements = new Set<string>();
    let capture = false;
    const db = await openSqlite(':memory:', {
      onStatement: (s) => capture && statements.add(s),
    });
    await seedDemoWorkshop(db, NOW);
    const accounts = accountsService(db, { clock: () => NOW, cost: { logN: 10 } });
    const account = await accounts.create(
      { email: 'm@test.fr', name: 'm', role: 'manager', member: null, sites: ['atelier-demo'] },
      null,
    );
    await db
      .insertInto('api_tokens')
      .values({
        id: 't',
        account_id: account.id,
        name: 't',
        token_hash: sha256('mft_plan'),
        scopes: '["read","write"]',
        created_at: NOW,
      })
      .execute();
    const booking = bookingService(db, () => NOW);
    capture = true;
    expect(await accounts.fromToken('mft_plan')).toBeDefined();
    const base = {
      member: 'camille-roux',
      by: 'camille-roux',
      audit: { actor: 'a', role: 'admin' },
    };
    const one = await booking.book({
      ...base,
      machine: 'laser-co2',
      start: at('2026-12-02T10:00'),
      end: at('2026-12-02T12:00'),
    });
    const any = await booking.book({
      ...base,
      kind: 'laser',
      site: 'atelier-demo',
      start: at('2026-12-03T10:00'),
      end: at('2026-12-03T12:00'),
    });
    capture = false;
    expect(one.ok && any.ok).toBe(true);
    const plain = [...statements].filter((s) => !/^(begin|commit|rollback)/i.test(s));
    // Kysely's quoted SQL and the raw statements of a held connection (transaction.ts) alike.
    expect(plain.some((s) => /insert into "?audit_log"?/.test(s))).toBe(true);
    expect(plain.some((s) => /^select \* from reservations where machine_id = \?/.test(s))).toBe(
      true,
    );

    // The triggers' checks, with NEW.column as a parameter: what each insert or move runs.
    const { rows: triggers } = await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'reservations'`.execute(
      db,
    );
    const checks = triggers.flatMap((t) => {
      const m = /EXISTS \(([\s\S]*?)\)\s*BEGIN/i.exec(t.sql);
      return m ? [`select ${m[1]!.replace(/NEW\.\w+/g, '?').replace(/^\s*SELECT/i, '')}`] : [];
    });
    expect(checks.length).toBeGreaterThanOrEqual(2);

    const scans: string[] = [];
    for (const s of [...plain, ...checks])
      for (const d of scansOfGrowing(await explain(db, s))) scans.push(`${d}  ←  ${s}`);
    expect(scans).toEqual([]);
  });
});
