/** Machine groups: the list (and, per group, what its machines did). */
import { router } from '../openapi.js';
import { listMachineGroups } from './list.js';
import { groupUtilisation } from './utilisation.js';

export const machineGroups = router().route('/', listMachineGroups).route('/', groupUtilisation);
