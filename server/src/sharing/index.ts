/** What the sharing routes need, built once from the store. */
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { qualificationsRepository } from '../store/qualifications.js';
import { reservationsRepository } from '../store/reservations.js';
import { sitesRepository } from '../store/sites.js';
import { bookingService } from './booking-service.js';

export function createSharing(db: Db, clock: () => number = Date.now) {
  return {
    booking: bookingService(db, clock),
    sites: sitesRepository(db),
    members: membersRepository(db),
    qualifications: qualificationsRepository(db),
    machines: bookableMachinesRepository(db),
    reservations: reservationsRepository(db),
    clock,
  };
}
export type Sharing = ReturnType<typeof createSharing>;
