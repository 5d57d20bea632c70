/**
 * `createApp(deps)`: the Hono app. `startServer()` (server.ts) builds it once from the app's parts
 * (`AppDeps`), the route tests through `testing/test-app.ts` (`app.request()`).
 *
 * It only wires: the request id and security headers, the body limits, authentication and the
 * error handler; then every resource's router, each built from the same `deps` and reading only
 * its part of them (`RouteDeps`, http/env.ts); the OpenAPI document of those routes and its
 * reference page; and the dashboard's files. The request carries no dependency, only its id and
 * who is asking.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimitByLength } from './http/body-limit.js';
import { dashboardAssets, REVALIDATE } from './http/dashboard-assets.js';
import { requestContext, securityHeaders } from './http/request-context.js';
import { ApiError, errorBody, handleError } from './http/errors.js';
import { health } from './http/health.js';
import { live } from './http/live.js';
import { machineGroups } from './http/machine-groups/index.js';
import { machines } from './http/machines/index.js';
import { jobs, machineJobs } from './http/jobs/index.js';
import { metrics } from './http/metrics.js';
import { usageSessions } from './http/usage-sessions/index.js';
import { docsPage, openApiDocument } from './http/docs.js';
import { router } from './http/openapi.js';
import { reservations } from './http/reservations/index.js';
import { members } from './http/members/index.js';
import { organisations } from './http/organisations/index.js';
import { plans } from './http/plans/index.js';
import { qualifications } from './http/qualifications/index.js';
import { sites } from './http/sites/index.js';
import { siteAfterUseChecks } from './http/machines/after-use-check.js';
import { rounds } from './http/rounds/index.js';
import { accounting } from './http/accounting/index.js';
import { calendar } from './http/calendar/index.js';
import { waitlist } from './http/waitlist/index.js';
import { auth } from './http/auth/index.js';
import { gateways } from './http/gateways/index.js';
import { facts } from './http/facts/index.js';
import { reports } from './http/reports/index.js';
import { network } from './http/network/index.js';
import { authenticate, gate } from './http/actor.js';
import type { AppDeps, AppEnv } from './http/env.js';

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestContext());
  app.use('/api/*', securityHeaders());
  const apiBodyLimit = bodyLimitByLength({
    maxSize: 64 * 1024,
    onError: (c) => c.json(errorBody(c, 'payload_too_large', 'request body over 64 KiB'), 413),
  });
  // A job's G-code file is the one big body: its route counts it against JOB_FILE_MAX_BYTES.
  const JOB_UPLOAD = /^\/api\/machines\/[^/]+\/jobs$/;
  // A network's member sites deliver a period's whole funder report at once.
  const aggregateLimit = bodyLimitByLength({
    maxSize: 2 * 1024 * 1024,
    onError: (c) => c.json(errorBody(c, 'payload_too_large', 'request body over 2 MiB'), 413),
  });
  app.use('/api/*', (c, next) =>
    c.req.method === 'POST' && JOB_UPLOAD.test(c.req.path)
      ? next()
      : c.req.method === 'POST' && c.req.path === '/api/network/aggregates'
        ? aggregateLimit(c, next)
        : apiBodyLimit(c, next),
  );
  app.use('/api/*', authenticate(deps));
  app.onError(handleError(deps.log ?? ((l) => console.error(l))));

  // Every /api route is described by OpenAPI (generated from its zod schemas) and declares its roles.
  const api = router()
    .route('/machines', machines(deps))
    .route('/machines', machineJobs(deps))
    .route('/jobs', jobs(deps))
    .route('/machine-groups', machineGroups(deps))
    .route('/sites', sites(deps))
    .route('/sites', siteAfterUseChecks(deps))
    .route('/plans', plans(deps))
    .route('/organisations', organisations(deps))
    .route('/members', members(deps))
    .route('/', facts(deps))
    .route('/reports', reports(deps))
    .route('/network', network(deps))
    .route('/qualifications', qualifications(deps))
    .route('/reservations', reservations(deps))
    .route('/rounds', rounds(deps))
    .route('/waitlist', waitlist(deps))
    .route('/calendar', calendar(deps))
    .route('/usage-sessions', usageSessions(deps))
    .route('/gateways', gateways(deps))
    .route('/', accounting(deps))
    .route('/', auth(deps));
  // The live feed streams (SSE), so it is a plain route: described here, gated like the wall.
  api.openAPIRegistry.registerPath({
    method: 'get',
    path: '/live',
    summary:
      'Server-Sent Events: `machine` for every machine on connect and at each change; `ping` every 15 s',
    tags: ['machines'],
    'x-roles': ['wall'],
    responses: { 200: { description: 'text/event-stream' } },
  });
  const document = openApiDocument(api);
  api.get('/openapi.json', (c) => c.json(document));
  api.get('/docs', (c) => c.html(docsPage(document)));

  const routes = app
    .route('/health', health(deps))
    .route('/metrics', metrics(deps))
    .use('/api/live', gate(['wall']))
    .route('/api/live', live(deps))
    .route('/api', api);

  app.all('/api/*', (c) => {
    throw new ApiError('not_found', `no API route ${c.req.method} ${c.req.path}`);
  });

  const dir = deps.dashboardDir;
  const index = dir ? join(dir, 'index.html') : undefined;
  if (dir && index && existsSync(index)) {
    // Hashed assets: a year in the browser's cache, compressed; the rest asked again each time.
    app.get('/assets/*', dashboardAssets(join(dir, 'assets')));
    const files = serveStatic({ root: dir });
    app.use('/*', async (c, next) => {
      // A Response when it served a file (not found, it ran the next handler).
      const found = await files(c, next);
      if (found instanceof Response) found.headers.set('Cache-Control', REVALIDATE);
      return found;
    });
    // Single-page app: any other path is the dashboard's own route.
    const html = readFileSync(index, 'utf8');
    app.get('*', (c) => {
      c.header('Cache-Control', REVALIDATE);
      return c.html(html);
    });
  } else {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><meta charset="utf-8"><title>Manufacto</title><p>The dashboard is not built: run <code>npm run build:dashboard</code>, then reload. The API is at <a href="/api/machines">/api/machines</a>.</p>',
      ),
    );
  }
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
export type { AppDeps, Mailer } from './http/env.js';
