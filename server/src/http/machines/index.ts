import { router } from '../openapi.js';
import { machineViews } from './live-views.js';
import { machineSharing } from './sharing.js';
import { machineUtilisation } from './utilisation.js';

export const machines = router()
  .route('/', machineViews)
  .route('/', machineUtilisation)
  .route('/', machineSharing);
