/** GET /api/machines — every machine with its live state. Role: anyone who can see the wall. */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.js';

export const listMachines = new Hono<AppEnv>().get('/', (c) => c.json({ machines: c.get('deps').ingest.views() }));
