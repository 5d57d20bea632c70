/**
 * GET /api/machines/:id/utilisation?from=&to=&tz= — time in each state, busy and running shares,
 * and the hour × weekday heat map of running time, from the InfluxDB history. Role: fab manager
 * (enforced with the accounts issue).
 * @module
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app.js';
import { utilisation } from '../../domain/utilisation.js';
import { ApiError } from '../errors.js';

const MAX_PERIOD_MS = 366 * 24 * 3_600_000;

const query = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    tz: z.string().max(64).default('Europe/Paris'),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_MS, { message: 'a period of at most 366 days', path: ['to'] });

export const machineUtilisation = new Hono<AppEnv>().get('/:id/utilisation', async (c) => {
  const parsed = query.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { history, ingest } = c.get('deps');
  const id = c.req.param('id');
  if (!ingest.view(id)) throw new ApiError('machine_not_found', `no machine "${id.slice(0, 64)}" has reported yet`);
  if (!history) throw new ApiError('unavailable', 'utilisation needs the InfluxDB history, and INFLUX_URL is not set');
  try {
    new Intl.DateTimeFormat('en', { timeZone: parsed.data.tz });
  } catch {
    throw new ApiError('bad_request', `tz: unknown time zone "${parsed.data.tz}"`);
  }
  const from = Date.parse(parsed.data.from);
  const to = Date.parse(parsed.data.to);
  let data;
  try {
    data = await history.stateChanges(id, from, to);
  } catch (error) {
    throw new ApiError('unavailable', `InfluxDB did not answer (${(error as Error).message.slice(0, 200)})`);
  }
  const u = utilisation(data.before, data.changes, from, to, parsed.data.tz);
  return c.json({ machine: id, from: parsed.data.from, to: parsed.data.to, timeZone: parsed.data.tz, seconds: u.seconds, busyShare: u.busyShare, runningShare: u.runningShare, heatmap: u.heatmap });
});
