/**
 * Booking machine time: loads what the rules need from the store, asks the pure domain, and
 * writes, all in one transaction (SQLite serialises them; the store's no-overlap trigger is the
 * last word either way). Routes call this; it knows nothing of HTTP. Its parts, in booking/:
 * request.ts (what is asked and answered), context.ts (what the rules need, through the sharing
 * cache), book.ts (one machine), any-machine.ts (any of a kind or group), changes.ts (cancel,
 * move, approve or reject, and a machine's calendar).
 * @module
 */
import type { Db } from '../store/db.js';
import { booker } from './booking/book.js';
import { reservationChanges } from './booking/changes.js';
import { ruleContexts } from './booking/context.js';
import type { OnFreed } from './booking/request.js';
import { serialQueue } from './serial.js';

export {
  NotFoundError,
  type BookingOutcome,
  type BookRequest,
  type OnFreed,
} from './booking/request.js';

export function bookingService(
  db: Db,
  clock: () => number = Date.now,
  onFreed: OnFreed = async () => undefined,
) {
  // One queue for every operation: a booking and a move never interleave their transactions.
  const serial = serialQueue();
  const contexts = ruleContexts(clock);
  return {
    book: booker(db, contexts, serial, clock),
    ...reservationChanges(db, contexts, serial, clock, onFreed),
  };
}
export type BookingService = ReturnType<typeof bookingService>;
