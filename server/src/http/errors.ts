/**
 * One API error type and one error handler: every error body is `{ code, message, requestId }`,
 * in words a person understands; unknown errors are logged and answer 500 without internals.
 * @module
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  machine_not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  internal_error: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(ERROR_STATUS[code], { message });
    this.name = 'ApiError';
  }
}

export function errorBody(c: Context, code: string, message: string) {
  return { code, message, requestId: c.get('requestId') as string };
}

export function handleError(log: (line: string) => void) {
  return function onError(error: Error, c: Context) {
    if (error instanceof ApiError)
      return c.json(errorBody(c, error.code, error.message), error.status);
    if (error instanceof HTTPException) {
      return c.json(
        errorBody(
          c,
          error.status === 404 ? 'not_found' : 'bad_request',
          error.message || 'bad request',
        ),
        error.status,
      );
    }
    log(
      `HTTP ${c.req.method} ${c.req.path} [${String(c.get('requestId'))}]: ${error.stack ?? error.message}`,
    );
    return c.json(
      errorBody(c, 'internal_error', 'internal error; the server log has the details'),
      500,
    );
  };
}
