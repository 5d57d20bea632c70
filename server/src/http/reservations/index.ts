import { createReservation } from './create.js';
import { changeReservation } from './change.js';
import { getReservation } from './get.js';
import { listReservations } from './list.js';
import { router } from '../openapi.js';

export const reservations = router()
  .route('/', listReservations)
  .route('/', createReservation)
  .route('/', getReservation)
  .route('/', changeReservation);
