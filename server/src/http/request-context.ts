/**
 * The first middleware of every request: its id (the caller's `X-Request-Id` when well formed,
 * else a fresh UUID, as Hono's `requestId`); and, for the API, the security headers of Hono's
 * `secureHeaders()` defaults, built once. The app's dependencies are not set on the request: each
 * route is built with its part of them (`RouteDeps`, `http/env.ts`).
 *
 * @example
 * ```ts
 * app.use('*', requestContext());
 * app.use('/api/*', securityHeaders());
 * ```
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

const WELL_FORMED_ID = /^[\w\-=]{1,255}$/;

export function requestContext(): MiddlewareHandler<AppEnv> {
  return async function requestContextOf(c, next) {
    const given = c.req.header('x-request-id');
    const id = given !== undefined && WELL_FORMED_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}

/** Hono's `secureHeaders()` defaults (hono/secure-headers), the same names and values. */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

/**
 * Sets them before the handler runs, so they are part of the headers its `c.json()` builds the
 * response with (setting them afterwards, as `secureHeaders` does, rewrites the finished
 * response's headers); a response made without the context (`new Response`) gets them after.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function setSecurityHeaders(c, next) {
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
    await next();
    const headers = c.res.headers;
    if (headers.get('x-content-type-options') === null)
      for (const [name, value] of SECURITY_HEADERS) headers.set(name, value);
    headers.delete('x-powered-by');
  };
}
