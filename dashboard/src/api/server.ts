/**
 * The typed client of the Manufacto API: `hc<AppType>` from Hono, so every route's request and
 * answer are the server's own zod schemas (no copy of a server type here), and `answer()` that
 * turns a response into its body or an `ApiRequestError` carrying the server's `{ code, message }`
 * (already in the user's language: every request says `Accept-Language`) and, for a refused
 * reservation, each reason.
 * @module
 */
import type { AppType } from '@manufacto/server';
import { type ClientResponse, hc, type InferResponseType } from 'hono/client';
import { ApiRequestError } from './client.js';

export type ServerApi = ReturnType<typeof hc<AppType>>['api'];

/** One reason a reservation is refused (`no_qualification`, `slot_taken`…), as the server sends it. */
export type Refusal = InferResponseType<ServerApi['reservations']['$post'], 422>['reasons'][number];

/** The body of a response's success statuses (2xx with JSON), as the route declares it. */
export type Success<R> =
  Awaited<R> extends infer C
    ? C extends ClientResponse<infer T, infer S, 'json'>
      ? S extends 200 | 201 | 202
        ? T
        : never
      : never
    : never;

/**
 * The API under `/api`, asking in `language()` (the server words its errors in it).
 *
 * @example const { account } = await answer(api.auth.me.$get());
 */
export function createServerApi(language: () => string, baseUrl = '/'): ServerApi {
  return hc<AppType>(baseUrl, {
    headers: () => ({ 'accept-language': language(), accept: 'application/json' }),
  }).api;
}

function readRefusals(body: unknown): Refusal[] {
  const reasons = (body as { reasons?: unknown } | null)?.reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.filter(
    (r): r is Refusal =>
      typeof r === 'object' &&
      r !== null &&
      typeof (r as Refusal).code === 'string' &&
      typeof (r as Refusal).message?.fr === 'string',
  );
}

/** Awaits a request; the success body, or an `ApiRequestError` with the server's words. */
// biome-ignore lint/suspicious/noExplicitAny: see Success.
export async function answer<R extends ClientResponse<any>>(
  request: R | Promise<R>,
): Promise<Success<R>> {
  let response: R;
  try {
    response = await request;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ApiRequestError('', '', null, why, 'network');
  }
  const path = new URL(response.url, 'http://x').pathname;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    if (response.ok) body = text;
  }
  if (!response.ok) {
    const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
    throw new ApiRequestError(
      '',
      path,
      response.status,
      typeof message === 'string' ? message : `HTTP ${response.status}`,
      typeof code === 'string' ? code : null,
      readRefusals(body),
    );
  }
  return body as Success<R>;
}
