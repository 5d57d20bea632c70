/**
 * The no-overlap triggers look back only 8 days (migration 012): that is exact because a holding
 * reservation longer than 8 days is refused (`reservation_too_long`). Both sides are pinned here
 * at the edge, in SQL, below the booking rules (which cap a slot at 7 days).
 */
import { describe, expect, it } from 'vitest';
import { seedDemoWorkshop } from '../demo/seed.js';
import { openSqlite } from './db.js';

const DAY = 86_400_000;
const EIGHT_DAYS = 8 * DAY;
const T = Date.parse('2026-12-07T08:00:00Z');

async function store() {
  const db = await openSqlite(':memory:');
  await seedDemoWorkshop(db, T - 10 * DAY);
  let n = 0;
  const insert = (start: number, blocksUntil: number, status = 'confirmed') =>
    db
      .insertInto('reservations')
      .values({
        id: `r${++n}`,
        site: 'atelier-demo',
        machine_id: 'laser-co2',
        member_id: 'camille-roux',
        starts_at: start,
        ends_at: blocksUntil,
        blocks_until: blocksUntil,
        status,
        note: null,
        created_at: T,
        updated_at: T,
        cancelled_at: null,
        cancelled_by: null,
        overrun_warned_at: null,
        released_at: null,
        batch_id: null,
      })
      .execute()
      .then(() => `r${n}`);
  const move = (id: string, start: number, blocksUntil: number) =>
    db
      .updateTable('reservations')
      .set({ starts_at: start, ends_at: blocksUntil, blocks_until: blocksUntil })
      .where('id', '=', id)
      .execute();
  return { db, insert, move };
}

describe('the 8-day span of holding reservations', () => {
  it('refuses a holding reservation longer than 8 days, takes one of exactly 8', async () => {
    const { insert } = await store();
    await expect(insert(T, T + EIGHT_DAYS + 60_000)).rejects.toThrow(/reservation_too_long/);
    await expect(insert(T, T + EIGHT_DAYS, 'pending_approval')).resolves.toBe('r2');
    // A cancelled one holds nothing: its length is no one's business.
    await expect(insert(T, T + 30 * DAY, 'cancelled')).resolves.toBe('r3');
  });

  it('refuses stretching a reservation past 8 days', async () => {
    const { insert, move } = await store();
    const id = await insert(T, T + DAY);
    await expect(move(id, T, T + EIGHT_DAYS + 60_000)).rejects.toThrow(/reservation_too_long/);
  });
});

describe('an overlap at the 8-day edge', () => {
  it('is caught when the new reservation starts in the last minute of an 8-day one', async () => {
    const { insert } = await store();
    await insert(T, T + EIGHT_DAYS);
    await expect(insert(T + EIGHT_DAYS - 60_000, T + EIGHT_DAYS + DAY)).rejects.toThrow(
      /reservation_overlap/,
    );
    // Right after it is free.
    await expect(insert(T + EIGHT_DAYS, T + EIGHT_DAYS + DAY)).resolves.toBe('r3');
  });

  it('is caught when a reservation is moved into the last minute of an 8-day one', async () => {
    const { insert, move } = await store();
    await insert(T, T + EIGHT_DAYS);
    const later = await insert(T + 9 * DAY, T + 10 * DAY);
    await expect(move(later, T + EIGHT_DAYS - 60_000, T + EIGHT_DAYS + DAY)).rejects.toThrow(
      /reservation_overlap/,
    );
  });

  it('is caught for a short reservation inside an 8-day one, whichever comes first', async () => {
    const { insert } = await store();
    await insert(T + 7 * DAY, T + 7 * DAY + 3_600_000);
    await expect(insert(T, T + EIGHT_DAYS)).rejects.toThrow(/reservation_overlap/);
  });
});
