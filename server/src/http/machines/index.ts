/**
 * /api/machines: live views, holders, history, utilisation, sharing, outage preview, maintenance
 * notes, access and the after-use check. Each takes its part of the app; the router takes what
 * they take together.
 * @module
 */
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

type Deps = Parameters<typeof machineHolders>[0] &
  Parameters<typeof machineViews>[0] &
  Parameters<typeof machineUtilisation>[0] &
  Parameters<typeof machineHistory>[0] &
  Parameters<typeof machineSharing>[0] &
  Parameters<typeof machineOutagePreview>[0] &
  Parameters<typeof machineMaintenanceNotes>[0] &
  Parameters<typeof machineAccess>[0] &
  Parameters<typeof machineAfterUseCheck>[0];

// `/holders` before `/{id}`: the first route that matches answers.
export const machines = (deps: Deps) =>
  router()
    .route('/', machineHolders(deps))
    .route('/', machineViews(deps))
    .route('/', machineUtilisation(deps))
    .route('/', machineHistory(deps))
    .route('/', machineSharing(deps))
    .route('/', machineOutagePreview(deps))
    .route('/', machineMaintenanceNotes(deps))
    .route('/', machineAccess(deps))
    .route('/', machineAfterUseCheck(deps));
