/** Machine groups: the list (and, per group, what its machines did). */
import { router } from '../openapi.js';
import { listMachineGroups } from './list.js';
import { groupUtilisation } from './utilisation.js';

type Deps = Parameters<typeof listMachineGroups>[0] & Parameters<typeof groupUtilisation>[0];

export const machineGroups = (deps: Deps) =>
  router().route('/', listMachineGroups(deps)).route('/', groupUtilisation(deps));
