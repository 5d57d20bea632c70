/** GET /api/machines/:id — one machine's live state. */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.js';
import { ApiError } from '../errors.js';

export const getMachine = new Hono<AppEnv>().get('/:id', (c) => {
  const id = c.req.param('id');
  const view = c.get('deps').ingest.view(id);
  if (!view) throw new ApiError('machine_not_found', `no machine "${id.slice(0, 64)}" has reported yet`);
  return c.json(view);
});
