/**
 * GET /api/network/report?network=&period=&format=json|csv|xlsx|pdf — the network report: the
 * member sites' funder views of the period, summed (suppressed stays suppressed). For funders and
 * managers of the network's site (admins any); the same formats as a site's report.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Lang } from '../../domain/booking/refusals.js';
import { PeriodError } from '../../domain/reports/period.js';
import type { Report } from '../../domain/reports/types.js';
import { NetworkRefusal } from '../../services/network/network-service.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, lang, roles, router } from '../openapi.js';
import { reportSites } from '../reports/scope.js';
import { forbidden, ReportFormat, reportContent, serveReport } from '../reports/serve.js';
import type { RouteDeps } from '../env.js';

export const networkReport = (deps: RouteDeps<never, 'network'>) =>
  router().openapi(
    createRoute({
      method: 'get',
      path: '/report',
      summary: 'The network report of a period: the member sites’ funder reports summed',
      tags: ['network'],
      ...roles('manager', 'funder'),
      request: {
        query: z.object({
          network: Id.openapi({
            description: 'The site of this instance standing for the network',
          }),
          period: z.string().max(40).openapi({ example: '2026-Q4' }),
          format: ReportFormat,
          lang: z.enum(['fr', 'en']).optional(),
        }),
      },
      responses: {
        200: {
          description: 'The network report',
          content: reportContent,
        },
        400: errorResponses[400],
        403: forbidden,
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const [network] = reportSites(c, [q.network]);
      let r: Report;
      try {
        r = await deps.services.network.report(network!, q.period);
      } catch (error) {
        if (error instanceof NetworkRefusal) throw new ApiError(error.status, error.message);
        if (error instanceof PeriodError)
          throw new ApiError('bad_request', lang(c) === 'fr' ? error.text.fr : error.text.en);
        throw error;
      }
      const l: Lang = q.lang ?? lang(c);
      return serveReport(c, r, q.format, l);
    },
  );
