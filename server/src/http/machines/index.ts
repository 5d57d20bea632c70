import { router } from '../openapi.js';
import { machineAccess } from './access.js';
import { machineAfterUseCheck } from './after-use-check.js';
import { machineHistory } from './history.js';
import { machineHolders } from './holders.js';
import { machineViews } from './live-views.js';
import { machineMaintenanceNotes } from './maintenance-notes.js';
import { machineOutagePreview } from './outage-preview.js';
import { machineSharing } from './sharing.js';
import { machineUtilisation } from './utilisation.js';

// `/holders` before `/{id}`: the first route that matches answers.
export const machines = router()
  .route('/', machineHolders)
  .route('/', machineViews)
  .route('/', machineUtilisation)
  .route('/', machineHistory)
  .route('/', machineSharing)
  .route('/', machineOutagePreview)
  .route('/', machineMaintenanceNotes)
  .route('/', machineAccess)
  .route('/', machineAfterUseCheck);
