/**
 * Who receives a site's monthly report by mail: GET /api/reports/recipients?site= (the list, and
 * whether mailing is on, how to turn it on, and each mailing's state), PUT
 * /api/reports/recipients/{site} (replaces the list). Managers of the site (admins any). The
 * mailing itself is services/report-mailer.ts.
 * @module
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireManager } from '../actor.js';
import { ApiError } from '../errors.js';
import { errorResponses, Id, iso, json, jsonBody, roles, router } from '../openapi.js';
import { forbidden } from './serve.js';
import type { ReportMailer } from '../../services/report-mailer.js';
import type { RouteDeps } from '../env.js';

const Recipients = z
  .array(z.email().max(254))
  .max(20)
  .openapi({ example: ['direction@atelier.example.fr'] });

const MailingSchema = z
  .object({
    month: z.string(),
    email: z.string(),
    status: z.enum(['sent', 'pending']),
    sentAt: z.string().optional(),
    attempts: z.number(),
    lastError: z.string().optional(),
    nextTryAt: z.string().optional(),
  })
  .openapi('ReportMailing');

const RecipientsAnswer = z
  .object({
    site: z.string(),
    recipients: z.array(z.string()),
    mailing: z.object({
      enabled: z.boolean(),
      /** smtp://host:port (never the credentials). */
      server: z.string().optional(),
      from: z.string().optional(),
      /** Without SMTP: how to turn mailing on. */
      howTo: z.object({ fr: z.string(), en: z.string() }).optional(),
    }),
    mailings: z.array(MailingSchema),
  })
  .openapi('ReportRecipients');

const HOW_TO = {
  fr: 'L’envoi par courriel est désactivé : l’administrateur du serveur définit SMTP_URL (ou SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS_FILE) et MAIL_FROM, puis redémarre le serveur. Les rapports restent conservés et téléchargeables.',
  en: 'Mailing is off: the server’s administrator sets SMTP_URL (or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS_FILE) and MAIL_FROM, then restarts the server. Reports are still kept and downloadable.',
};

async function answer(mailer: ReportMailer, site: string) {
  const mailings = await mailer.mailings([site]);
  return {
    site,
    recipients: await mailer.recipients(site),
    mailing: mailer.enabled
      ? { enabled: true, server: mailer.describe, from: mailer.from }
      : { enabled: false, howTo: HOW_TO },
    mailings: mailings.slice(0, 60).map((m) => ({
      month: m.month,
      email: m.email,
      status: m.sentAt === null ? ('pending' as const) : ('sent' as const),
      attempts: m.attempts,
      ...(m.sentAt === null ? { nextTryAt: iso(m.nextTryAt) } : { sentAt: iso(m.sentAt) }),
      ...(m.lastError ? { lastError: m.lastError } : {}),
    })),
  };
}

export const recipients = (deps: RouteDeps<never, 'reportMailer' | 'sites'>) =>
  router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        summary:
          'Who receives the site’s monthly report by mail, whether mailing is on, each mailing',
        tags: ['reports'],
        ...roles('manager'),
        request: { query: z.object({ site: Id }) },
        responses: {
          200: json(RecipientsAnswer, 'The recipients and the mailing state'),
          400: errorResponses[400],
          403: forbidden,
        },
      }),
      async (c) => {
        const { site } = c.req.valid('query');
        requireManager(c, 'see the report recipients', site);
        return c.json(await answer(deps.services.reportMailer, site), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{site}',
        summary: 'Choose who receives the site’s monthly report by mail (replaces the list)',
        tags: ['reports'],
        ...roles('manager'),
        request: {
          params: z.object({ site: Id.openapi({ param: { name: 'site', in: 'path' } }) }),
          body: jsonBody(z.object({ recipients: Recipients }), {
            recipients: ['direction@atelier.example.fr', 'suivi@region.example.fr'],
          }),
        },
        responses: {
          200: json(RecipientsAnswer, 'Saved'),
          400: errorResponses[400],
          403: forbidden,
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const { site } = c.req.valid('param');
        requireManager(c, 'choose the report recipients', site);
        if (!(await deps.services.sites.get(site)))
          throw new ApiError('not_found', `no site "${site}"`);
        const emails = [
          ...new Set(c.req.valid('json').recipients.map((e) => e.trim().toLowerCase())),
        ];
        await deps.services.reportMailer.setRecipients(site, emails);
        return c.json(await answer(deps.services.reportMailer, site), 200);
      },
    );
