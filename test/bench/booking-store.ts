/**
 * The booking bench's workshop: set up once through the API of the server under test (20 printers
 * needing a training, a plan, 100 members holding it, an administrator's API token), then copied
 * for each run so every run starts from the same store. `addHistory` writes years of past
 * reservations, usage sessions and audit rows straight into a stopped server's file, the way a
 * workshop's store looks after two years.
 * @module
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { DEMO_SITE } from '@manufacto/server/demo';
import { adminHeaders, TEST_ADMIN } from '../support/server-env.js';
import { benchDataDir, startBenchServer, type BenchServerOptions } from './server-process.js';

export const PRINTERS = 20;
export const MEMBERS = 100;
export const TRAINING = 'impression-3d';
/**
 * The bench plan's horizon: eight weeks, so that the one-machine runs have free slots enough for
 * a long warm-up (booking.ts) besides the measured requests; the horizon costs nothing per booking.
 */
export const BOOK_AHEAD_DAYS = 56;
const FILE = 'manufacto.sqlite';

export const benchServerEnv = {
  SEED_DEMO: 'true',
  ADMIN_EMAIL: TEST_ADMIN.email,
  ADMIN_PASSWORD: TEST_ADMIN.password,
  AUTH_SCRYPT_LOG_N: '10',
  BOOKING_RATE_PER_MIN: '0',
};

export interface BenchStore {
  readonly dataDir: string;
  /** Request headers of the administrator's read-write API token. */
  readonly headers: Record<string, string>;
}

async function putAll(
  url: string,
  headers: Record<string, string>,
  puts: Array<[string, unknown]>,
) {
  for (const [path, body] of puts) {
    const res = await fetch(`${url}${path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
  }
}

export const printer = (m: number) => `bench-printer-${m}`;

/** Printers `from..to` (1-based), each needing the bench's training. */
export const printerPuts = (from: number, to: number): Array<[string, unknown]> =>
  Array.from({ length: to - from + 1 }, (_, i) => [
    `/api/machines/${printer(from + i)}/sharing`,
    {
      site: DEMO_SITE.id,
      name: `Imprimante ${from + i}`,
      kind: 'printer',
      bufferMin: 15,
      qualification: TRAINING,
    },
  ]);

export async function addPrinters(url: string, headers: Record<string, string>, to: number) {
  await putAll(url, headers, printerPuts(PRINTERS + 1, to));
}

/** Sets the workshop up through the server's own API, then stops the server. */
export async function prepareStore(name: string, options: BenchServerOptions): Promise<BenchStore> {
  const server = await startBenchServer(name, benchServerEnv, options);
  try {
    const headers = await adminHeaders(server.url);
    await putAll(server.url, headers, [
      [
        `/api/qualifications/${TRAINING}`,
        { name: 'Impression 3D', validityMonths: 24, lapseAfterMonths: 6 },
      ],
      ...printerPuts(1, PRINTERS),
      [
        '/api/plans/bench',
        { name: 'Bench', priorityClass: 1, bookAheadDays: BOOK_AHEAD_DAYS, quotas: [] },
      ],
      ...Array.from(
        { length: MEMBERS },
        (_, i): Array<[string, unknown]> => [
          [
            `/api/members/bench-${i + 1}`,
            { name: `Membre ${i + 1}`, email: `bench-${i + 1}@example.fr`, plan: 'bench' },
          ],
          [`/api/members/bench-${i + 1}/qualifications/${TRAINING}`, {}],
        ],
      ).flat(),
    ]);
    return { dataDir: server.dataDir, headers };
  } finally {
    await server.stop();
  }
}

/** A copy of a stopped server's store in a fresh data directory. */
export function copyStore(store: BenchStore, name: string): BenchStore {
  const dataDir = benchDataDir(name);
  mkdirSync(dataDir, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    const from = join(store.dataDir, FILE + suffix);
    if (existsSync(from)) copyFileSync(from, join(dataDir, FILE + suffix));
  }
  return { ...store, dataDir };
}

export const storeFile = (store: BenchStore) => join(store.dataDir, FILE);

/**
 * `reservations` past reservations (non-overlapping, a few hours apart on each printer, mostly
 * completed), as many usage sessions by the members on the printers, and an audit row per
 * reservation, all before `now`.
 */
export function addHistory(store: BenchStore, now: number, rows: number): void {
  const db = new SQLite(storeFile(store));
  const hour = 3_600_000;
  const reservation = db.prepare(
    `INSERT INTO reservations (id, site, machine_id, member_id, starts_at, ends_at, blocks_until,
     status, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const session = db.prepare(
    `INSERT INTO usage_sessions (id, site, machine_id, gateway, name, started_at, ended_at,
     outcome, reason, wall_s, active_s, recorded_at, reservation_id, member_id)
     VALUES (?, ?, ?, 'bench-gw', 'piece.gcode', ?, ?, 'completed', NULL, 3600, 3000, ?, ?, ?)`,
  );
  const audit = db.prepare(
    `INSERT INTO audit_log (at, actor, role, action, target, detail)
     VALUES (?, 'bench', 'admin', 'reservation.create', ?, NULL)`,
  );
  // Past reservations the schedule keeper has settled (none still 'confirmed').
  const statuses = ['completed', 'completed', 'completed', 'cancelled', 'no_show'];
  db.transaction(() => {
    // Newest first: each insert meets few later rows in the no-overlap trigger's index range.
    for (let i = 0; i < rows; i++) {
      const m = 1 + (i % PRINTERS);
      const k = 1 + Math.floor(i / PRINTERS);
      const start = now - 2 * 86_400_000 - k * 3 * hour;
      const end = start + 2 * hour;
      const member = `bench-${1 + (i % MEMBERS)}`;
      const id = `past-${i}`;
      reservation.run(
        id,
        DEMO_SITE.id,
        printer(m),
        member,
        start,
        end,
        end + 15 * 60_000,
        statuses[i % statuses.length],
        start - 86_400_000,
        end,
      );
      session.run(`session-${i}`, DEMO_SITE.id, printer(m), start, end, end, id, member);
      audit.run(start - 86_400_000, `reservation:${id}`);
    }
  })();
  db.close();
}
