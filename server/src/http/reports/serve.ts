/**
 * How a report is answered, for a site's report and the network's alike: its OpenAPI content in
 * the four formats, and the answer in the format asked (a download for CSV, XLSX and PDF).
 * @module
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Lang } from '../../domain/booking/refusals.js';
import type { Report } from '../../domain/reports/types.js';
import { reportCsv } from '../../reports/csv.js';
import { reportJson } from '../../reports/json.js';
import { reportPdf } from '../../reports/pdf.js';
import { fileName } from '../../reports/words.js';
import { reportXlsx } from '../../reports/xlsx.js';
import type { AppEnv } from '../env.js';
import { errorResponses } from '../openapi.js';
import { ReportSchema } from '../../reports/schema.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ReportFormat = z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json');

/** The 200 answer's content, one schema per format. */
export const reportContent = {
  'application/json': { schema: ReportSchema },
  'text/csv': { schema: z.string() },
  [XLSX]: { schema: z.string().openapi({ format: 'binary' }) },
  'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
};

export const forbidden = errorResponses[403];

const download = (c: Context<AppEnv>, body: string | Buffer, type: string, name: string) =>
  c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
  });

/** The report in the format asked; never cached (it changes as sessions are measured). */
export async function serveReport(
  c: Context<AppEnv>,
  r: Report,
  format: z.infer<typeof ReportFormat>,
  l: Lang,
) {
  switch (format) {
    case 'csv':
      return download(c, reportCsv(r, l), 'text/csv; charset=utf-8', fileName(r, l, 'csv'));
    case 'xlsx':
      return download(c, await reportXlsx(r, l), XLSX, fileName(r, l, 'xlsx'));
    case 'pdf':
      return download(c, await reportPdf(r, l), 'application/pdf', fileName(r, l, 'pdf'));
    default:
      c.header('cache-control', 'no-store');
      return c.json(reportJson(r), 200);
  }
}
