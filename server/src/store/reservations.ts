/**
 * Reservations. The no-overlap rule lives in the store (triggers, see migration 002): a write
 * that would overlap another holding reservation fails with `ReservationOverlapError`, whatever
 * the code above checked.
 * @module
 */
import {
  HOLDING_STATUSES,
  type Reservation,
  type ReservationStatus,
} from '../domain/booking/model.js';
import type { Interval } from '../domain/booking/site-calendar.js';
import { sql } from 'kysely';
import type { Db } from './db.js';
import { prepared } from './prepared.js';
import { heldStatements } from './transaction.js';
import type { Database } from './schema.js';

export class ReservationOverlapError extends Error {
  constructor(machine: string) {
    super(`machine ${machine} already holds a reservation overlapping this slot`);
    this.name = 'ReservationOverlapError';
  }
}

/** Longest a reservation can hold a machine: the rules cap a slot at 7 days; buffers at 24 h. */
export const MAX_SPAN_MS = 8 * 86_400_000;

const isOverlap = (error: unknown) =>
  error instanceof Error && /reservation_overlap/.test(error.message);

export const reservationFromRow = (r: Database['reservations']): Reservation => ({
  id: r.id,
  site: r.site,
  machine: r.machine_id,
  member: r.member_id,
  start: Number(r.starts_at),
  end: Number(r.ends_at),
  blocksUntil: Number(r.blocks_until),
  status: r.status as ReservationStatus,
  createdAt: Number(r.created_at),
  releasedAt: r.released_at == null ? null : Number(r.released_at),
  batch: r.batch_id ?? null,
});

export interface ReservationFilter {
  readonly machine?: string | undefined;
  readonly machines?: readonly string[] | undefined;
  readonly member?: string | undefined;
  readonly site?: string | undefined;
  /** Reservations on any of these sites. */
  readonly sites?: readonly string[] | undefined;
  readonly statuses?: readonly ReservationStatus[] | undefined;
  /** Overlapping `[from, to)`: ends after `from` (buffer included), starts before `to`. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly limit?: number | undefined;
  /** Keyset pagination: rows after this (starts_at, id). */
  readonly after?: { readonly start: number; readonly id: string } | undefined;
}

/**
 * "Holds the machine", with the statuses written in the SQL: bound as parameters, SQLite builds
 * a temporary table for the `IN` list at every run (on the bench's store the overlap `EXISTS` took
 * 13–19 µs instead of 6).
 */
const holding = sql<boolean>`${sql.ref('status')} in (${sql.join(HOLDING_STATUSES.map((s) => sql.lit(s)))})`;

/**
 * A holding reservation of `machine` overlapping `[start, end)` (starting after `from`, a week
 * and a buffer before: the index cuts the scan there). On every booking: compiled once.
 */
const collidingQuery = (db: Db, machine: string, end: number, from: number, start: number) =>
  db
    .selectFrom('reservations')
    .selectAll()
    .where('machine_id', '=', machine)
    .where('starts_at', '<', end)
    .where('starts_at', '>', from)
    .where('blocks_until', '>', start)
    .where(holding)
    .orderBy('starts_at', 'desc')
    .limit(1);
const collidingOn = prepared(collidingQuery);
// The same, as raw SQL for a held connection (transaction.ts): what every booking runs.
const HOLDING_SQL = `status in (${HOLDING_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const COLLIDING_SQL = `select * from reservations where machine_id = ? and starts_at < ? and starts_at > ?
  and blocks_until > ? and ${HOLDING_SQL}`;
const COLLIDING_ON = `${COLLIDING_SQL} order by starts_at desc limit 1`;
const COLLIDING_ON_BUT = `${COLLIDING_SQL} and id <> ? order by starts_at desc limit 1`;
const INSERT_SQL = `insert into reservations (id, site, machine_id, member_id, starts_at, ends_at,
  blocks_until, status, note, created_at, updated_at, batch_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const collidingOnBut = prepared(
  (db: Db, machine: string, end: number, from: number, start: number, excluding: string) =>
    collidingQuery(db, machine, end, from, start).where('id', '<>', excluding),
);

const insertReservation = prepared(
  (
    db: Db,
    id: string,
    site: string,
    machine: string,
    member: string,
    start: number,
    end: number,
    blocksUntil: number,
    status: string,
    note: string | null,
    createdAt: number,
    updatedAt: number,
    batch: string | null,
  ) =>
    db.insertInto('reservations').values({
      id,
      site,
      machine_id: machine,
      member_id: member,
      starts_at: start,
      ends_at: end,
      blocks_until: blocksUntil,
      status,
      note,
      created_at: createdAt,
      updated_at: updatedAt,
      batch_id: batch,
    }),
);

export function reservationsRepository(db: Db) {
  return {
    async list(f: ReservationFilter): Promise<Reservation[]> {
      let q = db.selectFrom('reservations').selectAll().orderBy('starts_at').orderBy('id');
      if (f.machine) q = q.where('machine_id', '=', f.machine);
      if (f.machines)
        q = f.machines.length
          ? q.where('machine_id', 'in', [...f.machines])
          : q.where(({ lit }) => lit(false));
      if (f.member) q = q.where('member_id', '=', f.member);
      if (f.site) q = q.where('site', '=', f.site);
      if (f.sites) q = q.where('site', 'in', f.sites.length ? [...f.sites] : ['']);
      if (f.statuses) q = q.where('status', 'in', [...f.statuses]);
      // The lower bound on starts_at lets the (machine|member, starts_at) index cut the scan: no
      // reservation is longer than a week plus its buffer (the rules' maximum).
      if (f.from !== undefined)
        q = q.where('blocks_until', '>', f.from).where('starts_at', '>', f.from - MAX_SPAN_MS);
      if (f.to !== undefined) q = q.where('starts_at', '<', f.to);
      if (f.after) {
        const { start, id } = f.after;
        q = q.where((eb) =>
          eb.or([
            eb('starts_at', '>', start),
            eb.and([eb('starts_at', '=', start), eb('id', '>', id)]),
          ]),
        );
      }
      if (f.limit) q = q.limit(f.limit);
      return (await q.execute()).map(reservationFromRow);
    },

    /**
     * A holding reservation of `machine` overlapping `blocked` (its buffer included), other than
     * `excluding`: `[]` when the slot is free. What the no-overlap rule needs, at the cost of an
     * index seek (the day's reservations were 7× dearer to read and turn into objects).
     */
    async colliding(
      machine: string,
      blocked: Interval,
      excluding?: string,
    ): Promise<Reservation[]> {
      const from = blocked.start - MAX_SPAN_MS;
      const raw = heldStatements(db);
      if (raw) {
        const row = (
          excluding === undefined
            ? raw.prepare(COLLIDING_ON).get(machine, blocked.end, from, blocked.start)
            : raw
                .prepare(COLLIDING_ON_BUT)
                .get(machine, blocked.end, from, blocked.start, excluding)
        ) as Database['reservations'] | undefined;
        return row ? [reservationFromRow(row)] : [];
      }
      const rows =
        excluding === undefined
          ? await collidingOn(db, machine, blocked.end, from, blocked.start)
          : await collidingOnBut(db, machine, blocked.end, from, blocked.start, excluding);
      return rows.map(reservationFromRow);
    },

    /**
     * `colliding` for many machines at once ("any laser"): every holding reservation of
     * `machines` overlapping `[blocked.start, blocked.end)` — the longest of their buffers given,
     * the rules then judge each machine's own.
     */
    async collidingAny(machines: readonly string[], blocked: Interval): Promise<Reservation[]> {
      if (machines.length === 0) return [];
      const rows = await db
        .selectFrom('reservations')
        .selectAll()
        .where('machine_id', 'in', [...machines])
        .where('starts_at', '<', blocked.end)
        .where('starts_at', '>', blocked.start - MAX_SPAN_MS)
        .where('blocks_until', '>', blocked.start)
        .where(holding)
        .execute();
      return rows.map(reservationFromRow);
    },

    /**
     * How long each of `machines` is held by reservations starting in `[from, to)` (a local
     * day): summed by SQLite, where reading the day's rows cost more than the rest of "any laser".
     */
    async heldMsStartingIn(
      machines: readonly string[],
      from: number,
      to: number,
    ): Promise<Map<string, number>> {
      if (machines.length === 0) return new Map();
      const rows = await db
        .selectFrom('reservations')
        .select(({ fn, ref }) => [
          'machine_id',
          fn.sum<number>(sql<number>`${ref('ends_at')} - ${ref('starts_at')}`).as('held'),
        ])
        .where('machine_id', 'in', [...machines])
        .where('starts_at', '>=', from)
        .where('starts_at', '<', to)
        .where(holding)
        .groupBy('machine_id')
        .execute();
      return new Map(rows.map((r) => [r.machine_id, Number(r.held)]));
    },

    async get(id: string): Promise<Reservation | undefined> {
      const row = await db
        .selectFrom('reservations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && reservationFromRow(row);
    },

    async insert(r: Reservation, note: string | null = null): Promise<void> {
      // In INSERT_SQL's column order, for the raw statement and Kysely's alike.
      const values = [
        r.id,
        r.site,
        r.machine,
        r.member,
        r.start,
        r.end,
        r.blocksUntil,
        r.status,
        note,
        r.createdAt,
        r.createdAt,
        r.batch ?? null,
      ] as const;
      try {
        const raw = heldStatements(db);
        if (raw) raw.prepare(INSERT_SQL).run(...values);
        else await insertReservation(db, ...values);
      } catch (error) {
        if (isOverlap(error)) throw new ReservationOverlapError(r.machine);
        throw error;
      }
    },

    /** Moves a reservation (machine and times); the store re-checks overlaps. */
    async move(
      id: string,
      to: Pick<Reservation, 'machine' | 'start' | 'end' | 'blocksUntil'>,
    ): Promise<void> {
      try {
        await db
          .updateTable('reservations')
          .set({
            machine_id: to.machine,
            starts_at: to.start,
            ends_at: to.end,
            blocks_until: to.blocksUntil,
            updated_at: Date.now(),
          })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isOverlap(error)) throw new ReservationOverlapError(to.machine);
        throw error;
      }
    },

    async setStatus(id: string, status: ReservationStatus, by: string, at: number): Promise<void> {
      const cancelled = status === 'cancelled' || status === 'rejected';
      try {
        await db
          .updateTable('reservations')
          .set({
            status,
            updated_at: at,
            ...(cancelled ? { cancelled_at: at, cancelled_by: by } : {}),
          })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (!isOverlap(error)) throw error;
        // Reinstating a reservation (e.g. approving one) can meet another on its machine: name the machine.
        const row = await db
          .selectFrom('reservations')
          .select('machine_id')
          .where('id', '=', id)
          .executeTakeFirst();
        throw new ReservationOverlapError(row?.machine_id ?? `of reservation ${id}`);
      }
    },

    /**
     * The rest of a started slot goes back (its job ended early, or its holder ended it): the
     * reservation is completed, held up to `at`.
     */
    async release(id: string, at: number, now: number): Promise<void> {
      await db
        .updateTable('reservations')
        .set({ status: 'completed', released_at: at, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'confirmed')
        .execute();
    },

    /** Of these reservations, those whose overrun was already reported. */
    async overrunWarned(ids: readonly string[]): Promise<Set<string>> {
      const warned = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom('reservations')
          .select('id')
          .where('id', 'in', ids.slice(i, i + 500))
          .where('overrun_warned_at', 'is not', null)
          .execute();
        for (const r of rows) warned.add(r.id);
      }
      return warned;
    },

    /** Records that the overrun of a reservation was reported; false if it already was. */
    async markOverrunWarned(id: string, at: number): Promise<boolean> {
      const r = await db
        .updateTable('reservations')
        .set({ overrun_warned_at: at })
        .where('id', '=', id)
        .where('overrun_warned_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Pairs of holding reservations on one machine that overlap: always empty (tests check). */
    async overlaps(): Promise<Array<{ a: string; b: string }>> {
      return db
        .selectFrom('reservations as a')
        .innerJoin('reservations as b', (j) =>
          j.onRef('a.machine_id', '=', 'b.machine_id').onRef('a.id', '<', 'b.id'),
        )
        .select(['a.id as a', 'b.id as b'])
        .where('a.status', 'in', ['pending_approval', 'confirmed'])
        .where('b.status', 'in', ['pending_approval', 'confirmed'])
        .whereRef('a.starts_at', '<', 'b.blocks_until')
        .whereRef('b.starts_at', '<', 'a.blocks_until')
        .execute();
    },
  };
}
export type ReservationsRepository = ReturnType<typeof reservationsRepository>;
