/**
 * One API error type and one error handler: every error body is `{ code, message, requestId }`,
 * in words a person understands and in their language (handlers write English; the French forms
 * are in `error-words.ts`); unknown errors are logged and answer 500 without internals.
 * @module
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Lang } from '../domain/booking/refusals.js';
import { NotFoundError } from '../services/booking/request.js';
import { ERROR_WORDS_FR } from './error-words.js';
import { lang } from './language.js';

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

/** The one answer when InfluxDB fails a read: a 503 naming its error (at most 200 characters). */
export const influxDidNotAnswer = (error: unknown) =>
  new ApiError(
    'unavailable',
    `InfluxDB did not answer (${(error as Error).message.slice(0, 200)})`,
  );

interface Form {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly french: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Most specific forms first (more fixed text), so `no member "{id}"` wins over `no {what}`. */
const FORMS: readonly Form[] = Object.entries(ERROR_WORDS_FR)
  .map(([english, french]) => {
    const names: string[] = [];
    const source = english
      .split(/\{(\w+)\}/)
      .map((part, i) => {
        if (i % 2 === 0) return escapeRegExp(part);
        names.push(part);
        return '(.+?)';
      })
      .join('');
    return {
      pattern: new RegExp(`^${source}$`, 's'),
      names,
      french,
      fixed: english.replace(/\{\w+\}/g, '').length,
    };
  })
  .sort((a, b) => b.fixed - a.fixed)
  .map(({ pattern, names, french }) => ({ pattern, names, french }));

/** Values that are words, not names: put in French too (an id "open" stays "open"). */
const WORDED_VALUES = new Set(['what', 'status']);

/**
 * A handler's English message in `language`: French through its form in `ERROR_WORDS_FR`, each
 * value put in French too when it is itself a form; a message with no form stays as written.
 *
 * @example errorText('only a manager may grant a training', 'fr') // 'seul un responsable peut attribuer une formation'
 */
export function errorText(message: string, language: Lang, depth = 0): string {
  if (language === 'en' || depth > 2) return message;
  for (const form of FORMS) {
    const match = form.pattern.exec(message);
    if (!match) continue;
    return form.french.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const at = form.names.indexOf(name);
      const value = at < 0 ? undefined : match[at + 1];
      if (value === undefined) return whole;
      return WORDED_VALUES.has(name) ? errorText(value, language, depth + 1) : value;
    });
  }
  return message;
}

export function errorBody(c: Context, code: string, message: string) {
  return { code, message: errorText(message, lang(c)), requestId: c.get('requestId') as string };
}

export function handleError(log: (line: string) => void) {
  return function onError(error: Error, c: Context) {
    if (error instanceof ApiError)
      return c.json(errorBody(c, error.code, error.message), error.status);
    // A service's own "no such thing" (a machine or site gone between the route's check and the
    // service's read) is the same 404 a route gives, not an internal error.
    if (error instanceof NotFoundError) {
      const code = error.what === 'machine' ? 'machine_not_found' : 'not_found';
      return c.json(errorBody(c, code, error.message), ERROR_STATUS[code]);
    }
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
