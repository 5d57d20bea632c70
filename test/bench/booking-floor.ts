/**
 * The booking floor: the least a booking server on Manufacto's stack (Hono, @hono/node-server,
 * better-sqlite3) can do per booking, run by the booking bench beside the real server with the
 * same client, on a copy of the real server's database (same schema, same no-overlap trigger,
 * same members, machines and API token). Per request: the API token looked up by its hash, the
 * machine read, an `EXISTS` overlap check, the reservation and its audit row inserted in one
 * transaction; every statement prepared once. No rules, no validation beyond what the insert
 * needs: what Manufacto spends above this is the price of its rules and layers.
 *
 * `FLOOR_DB=<file> PORT=<port> node --import tsx test/bench/booking-floor.ts`
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';

const file = process.env.FLOOR_DB;
if (!file) throw new Error('FLOOR_DB: the database file to serve is missing');
const db = new SQLite(file);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');

const HOLDING = `('pending_approval', 'confirmed')`;
const MAX_SPAN_MS = 8 * 86_400_000;
const tokenOwner = db.prepare<[string], { id: string; role: string; scopes: string }>(
  `SELECT a.id, a.role, t.scopes FROM api_tokens t JOIN accounts a ON a.id = t.account_id
   WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.disabled_at IS NULL`,
);
const machineOf = db.prepare<[string], { site: string; buffer_min: number }>(
  'SELECT site, buffer_min FROM machines WHERE id = ?',
);
const taken = db
  .prepare<[string, number, number, number]>(
    `SELECT EXISTS (SELECT 1 FROM reservations WHERE machine_id = ? AND status IN ${HOLDING}
     AND starts_at < ? AND blocks_until > ? AND starts_at > ?)`,
  )
  .pluck();
const insertReservation = db.prepare(
  `INSERT INTO reservations (id, site, machine_id, member_id, starts_at, ends_at, blocks_until,
   status, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed', NULL, ?, ?)`,
);
const insertAudit = db.prepare(
  `INSERT INTO audit_log (at, actor, role, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)`,
);

interface Slot {
  readonly id: string;
  readonly site: string;
  readonly machine: string;
  readonly member: string;
  readonly start: number;
  readonly end: number;
  readonly blocksUntil: number;
}

/** true: booked; false: the slot is taken. */
const book = db.transaction((r: Slot, actor: { id: string; role: string }, dryRun: boolean) => {
  if (taken.get(r.machine, r.blocksUntil, r.start, r.start - MAX_SPAN_MS)) return false;
  if (dryRun) return true;
  const now = Date.now();
  insertReservation.run(r.id, r.site, r.machine, r.member, r.start, r.end, r.blocksUntil, now, now);
  const detail = JSON.stringify({ machine: r.machine, member: r.member, start: r.start });
  insertAudit.run(now, actor.id, actor.role, 'reservation.create', `reservation:${r.id}`, detail);
  return true;
});

const app = new Hono()
  .get('/health', (c) => c.json({ ok: true }))
  .post('/api/reservations', async (c) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
    const who = tokenOwner.get(createHash('sha256').update(token).digest('base64url'));
    if (!who) return c.json({ code: 'unauthorized' }, 401);
    const body = (await c.req.json()) as Record<string, unknown>;
    const start = Date.parse(String(body.start));
    const end = Date.parse(String(body.end));
    const machine = typeof body.machine === 'string' ? machineOf.get(body.machine) : undefined;
    if (!machine || typeof body.member !== 'string' || !(start < end))
      return c.json({ code: 'bad_request' }, 400);
    const slot: Slot = {
      id: randomUUID(),
      site: machine.site,
      machine: body.machine as string,
      member: body.member,
      start,
      end,
      blocksUntil: end + machine.buffer_min * 60_000,
    };
    if (!book(slot, who, c.req.query('dryRun') === 'true'))
      return c.json({ code: 'slot_taken' }, 409);
    return c.json({ reservation: { ...slot, status: 'confirmed' } }, 201);
  });

const server = serve({
  fetch: app.fetch,
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
});
process.on('SIGTERM', () => server.close(() => db.close()));
