/**
 * GET /api/machines/{id}/history?from&to&fields — a machine's recent past for the machine page's
 * charts: its state changes, and the mean of each metric asked for per step (10 s for an hour,
 * 5 min for a day: `domain/telemetry/history-step.ts`), from InfluxDB. Who may read it: an account of the
 * machine's site (artisan, manager, funder; an admin any); another site's machine is unknown
 * (404). 503 when InfluxDB is not configured (the demo runs without it) or does not answer.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  MACHINE_STATES,
  METRIC_KEY_PATTERN,
  type MachineKind,
} from '@manufacto/firmware-profiles/contract';
import { historyStep } from '../../domain/telemetry/history-step.js';
import { actor, onSite } from '../actor.js';
import type { RouteDeps } from '../env.js';
import { ApiError, influxDidNotAnswer } from '../errors.js';
import { errorResponses, Instant, iso, json, roles, router } from '../openapi.js';

const MAX_PERIOD_MS = 31 * 86_400_000;
const MAX_FIELDS = 8;

/** What a chart shows when the page asks for nothing in particular: each kind's key readings. */
export const DEFAULT_HISTORY_FIELDS: Readonly<Record<MachineKind, readonly string[]>> = {
  printer: ['hotend_temp_c', 'bed_temp_c', 'power_w'],
  laser: ['laser_power_pct', 'power_w'],
  cnc: ['spindle_rpm', 'power_w'],
  other: ['power_w'],
};

const query = z
  .object({
    from: Instant,
    to: Instant,
    fields: z
      .string()
      .max(600)
      .optional()
      .openapi({ description: 'Metric names, comma-separated (default: the kind’s key readings)' }),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['to'],
  })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_MS, {
    message: 'a period of at most 31 days',
    path: ['to'],
  });

const MachineStateSchema = z.enum(MACHINE_STATES);

export const HistorySchema = z
  .object({
    machine: z.string(),
    from: z.string(),
    to: z.string(),
    stepSeconds: z.number(),
    states: z.object({
      before: MachineStateSchema.nullable().openapi({ description: 'The state in force at from' }),
      changes: z.array(z.object({ at: z.string(), state: MachineStateSchema })),
    }),
    series: z.object({
      times: z.array(z.number()).openapi({ description: 'Start of each step, epoch ms' }),
      values: z
        .record(z.string(), z.array(z.number().nullable()))
        .openapi({ description: 'Per metric, the mean over each step (null: no reading)' }),
    }),
  })
  .openapi('MachineHistory');

/** `a,b , c` → the names, or a 400 naming the first that is not a metric name. */
function parseFields(raw: string): string[] {
  const names = [
    ...new Set(
      raw
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  ];
  const bad = names.find((f) => !METRIC_KEY_PATTERN.test(f));
  if (bad !== undefined)
    throw new ApiError('bad_request', `fields: "${bad.slice(0, 64)}" is not a metric name`);
  if (names.length === 0) throw new ApiError('bad_request', 'fields: name at least one metric');
  if (names.length > MAX_FIELDS)
    throw new ApiError('bad_request', `fields: at most ${MAX_FIELDS} metrics`);
  return names;
}

const route = createRoute({
  method: 'get',
  path: '/{id}/history',
  summary: 'A machine’s state changes and readings over a period, downsampled (from InfluxDB)',
  tags: ['machines'],
  ...roles('artisan', 'manager', 'funder'),
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
    query,
  },
  responses: {
    200: json(HistorySchema, 'History'),
    400: errorResponses[400],
    404: errorResponses[404],
    503: json(
      z.object({ code: z.string(), message: z.string() }),
      'InfluxDB not configured or not answering',
    ),
  },
});

export const machineHistory = (deps: RouteDeps<'history' | 'ingest', 'machines'>) =>
  router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    const { id } = c.req.valid('param');
    const { history, ingest, services } = deps;
    const view = ingest.view(id);
    const stored = await services.machines.get(id);
    const site = stored?.site ?? view?.site;
    const kind = stored?.kind ?? view?.kind;
    // Another site's machine is answered as unknown: a site learns nothing of the others'.
    if (site === undefined || kind === undefined || !onSite(actor(c), site))
      throw new ApiError('machine_not_found', `no machine "${id.slice(0, 64)}"`);
    const fields =
      q.fields === undefined ? [...DEFAULT_HISTORY_FIELDS[kind]] : parseFields(q.fields);
    if (!history)
      throw new ApiError(
        'unavailable',
        'the history needs InfluxDB, and INFLUX_URL is not set on this server',
      );
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    const step = historyStep(from, to);
    try {
      const [states, series] = await Promise.all([
        history.stateChanges(id, from, to),
        history.metricSeries(id, fields, from, to, step),
      ]);
      return c.json(
        {
          machine: id,
          from: iso(from),
          to: iso(to),
          stepSeconds: step / 1000,
          states: {
            before: states.before ?? null,
            changes: states.changes.map((change) => ({ at: iso(change.at), state: change.state })),
          },
          series: { times: series.times, values: series.values },
        },
        200,
      );
    } catch (error) {
      throw influxDidNotAnswer(error);
    }
  });
