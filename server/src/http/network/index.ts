/**
 * Networks of sites (issue 15): a regional network or the national programme runs its own
 * instance; member sites push it signed aggregates of their funder reports
 * (services/network/sender.ts), and its funders read the network report. Routes under
 * /api/network.
 * @module
 */
import { router } from '../openapi.js';
import { aggregates } from './aggregates.js';
import { members } from './members.js';
import { networkReport } from './report.js';

type Deps = Parameters<typeof aggregates>[0] &
  Parameters<typeof members>[0] &
  Parameters<typeof networkReport>[0];

export const network = (deps: Deps) =>
  router().route('/', aggregates(deps)).route('/', members(deps)).route('/', networkReport(deps));
