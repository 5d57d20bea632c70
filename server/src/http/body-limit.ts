/**
 * Refuses request bodies over `maxSize` bytes. A body with a `Content-Length` is judged from that
 * header alone (Node's parser never reads past it), so the request is not turned into a web
 * `Request` stream just to be measured — that cost a quarter of a booking's CPU. A chunked body
 * (no length) goes through Hono's `bodyLimit`, which counts while it reads.
 *
 * @example
 * ```ts
 * app.use('/api/*', bodyLimitByLength({ maxSize: 64 * 1024, onError: (c) => c.text('too big', 413) }));
 * ```
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  /** Largest body accepted, in bytes. */
  readonly maxSize: number;
  /** The answer to a body over the limit. */
  readonly onError: (c: Context) => Response | Promise<Response>;
}

export function bodyLimitByLength(options: BodyLimitOptions): MiddlewareHandler {
  const streamed = bodyLimit(options);
  return async function bodyLimitByContentLength(c, next) {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      const bytes = Number(length);
      if (!Number.isInteger(bytes) || bytes < 0 || bytes > options.maxSize)
        return options.onError(c);
      return next();
    }
    return streamed(c, next);
  };
}
