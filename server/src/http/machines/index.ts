import { Hono } from 'hono';
import type { AppEnv } from '../../app.js';
import { getMachine } from './get.js';
import { listMachines } from './list.js';
import { machineUtilisation } from './utilisation.js';

export const machines = new Hono<AppEnv>().route('/', listMachines).route('/', getMachine).route('/', machineUtilisation);
