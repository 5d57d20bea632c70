/**
 * JSON over HTTP to the Manufacto server. Every failure becomes an `ApiRequestError` whose message
 * says which request failed and how (network, HTTP status with the server's `{ code, message }`,
 * a body that is not JSON or not the expected shape), ready to show under "Réessayer".
 * @module
 */
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import type { Refusal } from './server.js';

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status, or null when no response came back. */
    readonly status: number | null,
    /** What went wrong, in the server's words when it said (in the language asked). */
    readonly detail: string,
    /** The server's error code (`{ code, message, requestId }` body), when it sent one. */
    readonly code: string | null = null,
    /** Why a reservation (or a wait) was refused: one typed reason each, in French and English. */
    readonly reasons: readonly Refusal[] = [],
  ) {
    super(`${method} ${path} failed: ${detail}`);
  }
}

export interface ClientOptions {
  /** Prefix of every path, '' for the same origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
}

function describeErrorBody(body: unknown): { detail: string | null; code: string | null } {
  if (typeof body !== 'object' || body === null) return { detail: null, code: null };
  const { code, message } = body as Record<string, unknown>;
  return {
    code: typeof code === 'string' ? code : null,
    detail:
      typeof message === 'string'
        ? typeof code === 'string'
          ? `${code}: ${message}`
          : message
        : null,
  };
}

/**
 * Fetches `path` and parses its JSON body.
 *
 * @example await fetchJson('/health') // { status: 'ok', … }
 */
export async function fetchJson(
  path: string,
  init: RequestInit = {},
  options: ClientOptions = {},
): Promise<unknown> {
  const method = (init.method ?? 'GET').toUpperCase();
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl ?? ''}${path}`, {
      ...init,
      headers: { accept: 'application/json', ...init.headers },
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ApiRequestError(method, path, null, `network error (${why})`);
  }
  const text = await response.text();
  let body: unknown;
  let parsed = true;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (!response.ok) {
    const { detail, code } = describeErrorBody(body);
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new ApiRequestError(
      method,
      path,
      response.status,
      detail ? `${status} — ${detail}` : status,
      code,
    );
  }
  if (!parsed) {
    const type = response.headers.get('content-type') ?? 'no content-type';
    throw new ApiRequestError(method, path, response.status, `the response is not JSON (${type})`);
  }
  return body;
}

export interface ApiClient {
  /** `GET /api/machines` → the machines' live views. */
  listMachines(): Promise<readonly MachineView[]>;
  /** `GET /health` → `{ status: 'ok', … }`. */
  health(): Promise<{ readonly status: string } & Record<string, unknown>>;
}

export function createApiClient(options: ClientOptions = {}): ApiClient {
  return {
    async listMachines() {
      const body = await fetchJson('/api/machines', {}, options);
      const machines = (body as { machines?: unknown } | null)?.machines;
      if (!Array.isArray(machines)) {
        throw new ApiRequestError(
          'GET',
          '/api/machines',
          200,
          'expected a body { machines: [...] }',
        );
      }
      return machines as MachineView[];
    },
    async health() {
      const body = await fetchJson('/health', {}, options);
      if (
        typeof body !== 'object' ||
        body === null ||
        typeof (body as { status?: unknown }).status !== 'string'
      ) {
        throw new ApiRequestError('GET', '/health', 200, 'expected a body { status: … }');
      }
      return body as { status: string } & Record<string, unknown>;
    },
  };
}
