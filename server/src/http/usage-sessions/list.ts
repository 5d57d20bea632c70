/**
 * GET /api/usage-sessions?machine=&from=&to=&limit= — measured jobs, newest first. What usage
 * reports and billing read. `from`/`to` are ISO 8601 instants.
 * @module
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app.js';
import { ApiError } from '../errors.js';

const query = z.object({
  machine: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const listUsageSessions = new Hono<AppEnv>().get('/', async (c) => {
  const parsed = query.safeParse(c.req.query());
  if (!parsed.success) {
    throw new ApiError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const q = parsed.data;
  const rows = await c.get('deps').usageSessions.list({
    ...(q.machine ? { machine: q.machine } : {}),
    ...(q.from ? { from: Date.parse(q.from) } : {}),
    ...(q.to ? { to: Date.parse(q.to) } : {}),
    limit: q.limit,
  });
  return c.json({
    usageSessions: rows.map((r) => ({
      id: r.id,
      site: r.site,
      machine: r.machine_id,
      name: r.name,
      startedAt: new Date(Number(r.started_at)).toISOString(),
      endedAt: new Date(Number(r.ended_at)).toISOString(),
      outcome: r.outcome,
      reason: r.reason,
      wallSeconds: r.wall_s,
      activeSeconds: r.active_s,
      beamSeconds: r.beam_s,
      spindleSeconds: r.spindle_s,
      energyWh: r.energy_wh,
      member: r.member_id,
      reservation: r.reservation_id,
    })),
  });
});
