/**
 * Monthly reports kept on disk (services/report-archive.ts): GET /api/reports/archive?site=
 * lists the months kept, GET /api/reports/archive/{site}/{month}/{format} downloads one file.
 * Managers of the site (admins any): kept reports are the manager's, with every figure.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteDeps } from '../env.js';
import { KEPT_FORMATS } from '../../services/report-archive.js';
import { requireManager } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, json, roles, router } from '../openapi.js';
import { reportSites } from './scope.js';

const TYPES: Record<(typeof KEPT_FORMATS)[number], string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
};

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
  .openapi({ example: '2026-11' });

/**
 * The server's archive, read when a request comes (`testing/two-sites.ts` sets one after the app
 * is built); none (tests, a server without a data folder) keeps nothing.
 */
export const archive = (deps: RouteDeps<never, 'reportArchive'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary: 'The monthly reports kept for a site, newest first',
        tags: ['reports'],
        ...roles('manager'),
        request: { query: z.object({ site: Id.optional() }) },
        responses: {
          200: json(
            z.object({
              reports: z.array(
                z.object({
                  site: z.string(),
                  month: z.string(),
                  files: z.record(z.string(), z.string()),
                }),
              ),
            }),
            'Months kept, each with the download path of each format',
          ),
          400: errorResponses[400],
        },
      }),
      (c) => {
        requireManager(c, 'see the kept reports');
        const q = c.req.valid('query');
        const store = deps.services.reportArchive;
        const reports = reportSites(c, q.site === undefined ? undefined : [q.site]).flatMap(
          (site) =>
            (store?.list(site) ?? []).map((k) => ({
              site,
              month: k.month,
              files: Object.fromEntries(
                k.formats.map((f) => [f, `/api/reports/archive/${site}/${k.month}/${f}`]),
              ),
            })),
        );
        return c.json({ reports }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{site}/{month}/{format}',
        summary: 'One kept monthly report, as it was written',
        tags: ['reports'],
        ...roles('manager'),
        request: {
          params: z.object({
            site: Id.openapi({ param: { name: 'site', in: 'path' } }),
            month: Month.openapi({ param: { name: 'month', in: 'path' } }),
            format: z.enum(KEPT_FORMATS).openapi({ param: { name: 'format', in: 'path' } }),
          }),
        },
        responses: {
          200: { description: 'The file (PDF, CSV, XLSX or JSON)' },
          400: errorResponses[400],
          404: errorResponses[404],
        },
      }),
      (c) => {
        requireManager(c, 'see the kept reports');
        const p = c.req.valid('param');
        const [site] = reportSites(c, [p.site]);
        const path = deps.services.reportArchive?.file(site!, p.month, p.format);
        if (!path) throw new ApiError('not_found', `no kept report for ${p.site} in ${p.month}`);
        return c.body(new Uint8Array(readFileSync(path)), 200, {
          'content-type': TYPES[p.format],
          'content-disposition': `attachment; filename="manufacto-rapport-${site}-${p.month}.${p.format}"`,
        });
      },
    );
