/**
 * /api/usage-sessions: the list, attaching a session to a member, its material. Each takes its
 * part of the app; the router takes what they take together.
 * @module
 */
import { router } from '../openapi.js';
import { attachUsageSession } from './attach.js';
import { listUsageSessions } from './list.js';
import { setUsageMaterial } from './material.js';

type Deps = Parameters<typeof listUsageSessions>[0] &
  Parameters<typeof attachUsageSession>[0] &
  Parameters<typeof setUsageMaterial>[0];

export const usageSessions = (deps: Deps) =>
  router()
    .route('/', listUsageSessions(deps))
    .route('/', attachUsageSession(deps))
    .route('/', setUsageMaterial(deps));
