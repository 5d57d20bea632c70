/**
 * /api/reservations: list, book, read one, change (cancel, move, end, approve, reject). Each
 * operation takes its part of the app; the router takes what they take together.
 * @module
 */
import { createReservation } from './create.js';
import { changeReservation } from './change.js';
import { getReservation } from './get.js';
import { listReservations } from './list.js';
import { router } from '../openapi.js';

type Deps = Parameters<typeof listReservations>[0] &
  Parameters<typeof createReservation>[0] &
  Parameters<typeof getReservation>[0] &
  Parameters<typeof changeReservation>[0];

export const reservations = (deps: Deps) =>
  router()
    .route('/', listReservations(deps))
    .route('/', createReservation(deps))
    .route('/', getReservation(deps))
    .route('/', changeReservation(deps));
