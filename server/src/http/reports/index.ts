/**
 * Shared-equipment reports: GET /api/reports?site=&period=&format=json|csv|xlsx|pdf (managers
 * of their site, funders of the sites they fund; funders get aggregates with statistical
 * secrecy), GET /api/reports/sessions (managers: the usage sessions behind a figure).
 * `lang=fr|en` overrides Accept-Language, so a plain download link can choose.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, RouteDeps } from '../env.js';
import type { Lang } from '../../domain/booking/refusals.js';
import { PeriodError } from '../../domain/reports/period.js';
import { UnknownSiteError } from '../../services/report-service.js';
import { actor, requireManager } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, iso, json, lang, roles, router } from '../openapi.js';
import { archive } from './archive.js';
import { recipients } from './recipients.js';
import { reportSites } from './scope.js';
import { DrilledSessionSchema } from '../../reports/schema.js';
import { forbidden, ReportFormat, reportContent, serveReport } from './serve.js';

const Sites = z
  .string()
  .max(400)
  .regex(/^[a-z0-9][a-z0-9._-]*(,[a-z0-9][a-z0-9._-]*)*$/i, 'site ids separated by commas')
  .optional()
  .openapi({
    description: 'One site or several, comma-separated; default: the caller’s.',
    example: 'atelier-demo',
  });
const Period = z.string().max(40).openapi({
  description: '2026 · 2026-Q4 · 2026-11 · 2026-10-05..2026-10-18 (local dates, both included)',
  example: '2026-Q4',
});
const Lang_ = z
  .enum(['fr', 'en'])
  .optional()
  .openapi({ description: 'Overrides Accept-Language.' });

const ReportQuery = z.object({
  site: Sites,
  period: Period,
  format: ReportFormat,
  lang: Lang_,
});

/** The service's errors as the API's: an unknown site is a 404, a wrong period a 400 in the caller's words. */
async function answering<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownSiteError) throw new ApiError('not_found', error.message);
    if (error instanceof PeriodError)
      throw new ApiError('bad_request', lang(c) === 'fr' ? error.text.fr : error.text.en);
    throw error;
  }
}

type Deps = RouteDeps<never, 'reports'> &
  Parameters<typeof archive>[0] &
  Parameters<typeof recipients>[0];

export const reports = (deps: Deps) =>
  router()
    .route('/archive', archive(deps))
    .route('/recipients', recipients(deps))
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary:
          'The shared-equipment report of a period for one or several sites, as JSON, CSV (French: `;`, decimal comma, BOM), XLSX or PDF',
        tags: ['reports'],
        ...roles('manager', 'funder'),
        request: { query: ReportQuery },
        responses: {
          200: {
            description: 'The report',
            content: reportContent,
          },
          400: errorResponses[400],
          403: forbidden,
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const sites = reportSites(c, q.site?.split(','));
        const a = actor(c);
        const audience = a.role === 'funder' ? 'funder' : 'manager';
        const r = await answering(c, () =>
          deps.services.reports.report({ sites, period: q.period, audience }),
        );
        const l: Lang = q.lang ?? lang(c);
        return serveReport(c, r, q.format, l);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/sessions',
        summary:
          'The usage sessions behind a figure of the report (managers): all, one machine, or one kind',
        tags: ['reports'],
        ...roles('manager'),
        request: {
          query: z.object({
            site: Sites,
            period: Period,
            machine: Id.optional(),
            kind: z.enum(['printer', 'laser', 'cnc', 'other']).optional(),
          }),
        },
        responses: {
          200: json(
            z.object({ sessions: z.array(DrilledSessionSchema) }),
            'The sessions, oldest first, with the part of each inside the period',
          ),
          400: errorResponses[400],
          403: forbidden,
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const sites = reportSites(c, q.site?.split(','));
        requireManager(c, 'see the sessions behind a report');
        const found = await answering(c, () =>
          deps.services.reports.sessions(
            { sites, period: q.period },
            { machine: q.machine, kind: q.kind },
          ),
        );
        return c.json(
          { sessions: found.sessions.map((s) => ({ ...s, start: iso(s.start), end: iso(s.end) })) },
          200,
        );
      },
    );
