/**
 * The API's OpenAPI side: routers that validate with zod and describe themselves, the shared
 * schemas (errors, refusals, instants, pages), and the role each route needs (`x-roles`, read by
 * the auth layer and by the role-matrix test).
 * @module
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { describeRefusal, refusalText, type Refusal } from '../domain/booking/refusals.js';
import { gate, type Role } from './actor.js';
import { ApiError } from './errors.js';
import { lang } from './language.js';
import { RULE_WORDS_FR } from './rule-words.js';

/**
 * Who may call the route: documented as `x-roles` in the OpenAPI document and enforced by the
 * role gate, from this one declaration next to the route.
 */
export const roles = (...r: Role[]) => ({ 'x-roles': r, middleware: [gate(r)] });

/** A router whose zod failures become the API's one 400 error, naming each wrong field. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const french = lang(c) === 'fr';
        const input: unknown = 'data' in result ? result.data : undefined;
        const issues = result.error.issues
          .map((i) => `${i.path.join('.') || '(body)'}: ${french ? inFrench(i, input) : i.message}`)
          .join('; ');
        throw new ApiError('bad_request', issues);
      }
    },
  });
}

const EN = z.locales.en().localeError;
const FR = z.locales.fr().localeError;
const text = (m: ReturnType<typeof EN>) => (typeof m === 'string' ? m : m?.message);

/**
 * An issue in French: zod's own words from its locale, ours from `RULE_WORDS_FR`. zod drops the
 * input from finished issues, so it is put back from the request, or the French text would say
 * what was received wrongly.
 */
function inFrench(issue: z.core.$ZodIssue, input: unknown): string {
  const at = issue.path.reduce<unknown>(
    (v, k) =>
      v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined,
    input,
  );
  const raw = { ...issue, input: at } as unknown as Parameters<typeof EN>[0];
  try {
    if (text(EN(raw)) !== issue.message) return RULE_WORDS_FR[issue.message] ?? issue.message;
    return text(FR(raw)) ?? issue.message;
  } catch {
    return issue.message; // an issue shape the locale does not know: zod's English is still right
  }
}

export { lang } from './language.js';

export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'bad_request' }),
    message: z.string(),
    requestId: z.string(),
  })
  .openapi('Error');

export const RefusalSchema = z
  .object({
    code: z.string().openapi({ example: 'no_qualification' }),
    message: z.object({ fr: z.string(), en: z.string() }),
  })
  .catchall(z.unknown())
  .openapi('Refusal', {
    description: 'Why not: a typed reason with its facts and words in French and English.',
  });

export const RefusedSchema = z
  .object({
    code: z.literal('booking_refused'),
    message: z.string(),
    reasons: z.array(RefusalSchema),
    requestId: z.string(),
  })
  .openapi('Refused');

export function refusedBody(c: Context<AppEnv>, refusals: readonly Refusal[]) {
  const l = lang(c);
  return {
    code: 'booking_refused' as const,
    message: refusals.map((r) => refusalText(r, l)).join(' '),
    reasons: refusals.map(describeRefusal),
    requestId: c.get('requestId'),
  };
}

/** A slot taken is a conflict (409); any other refusal is a rule the request breaks (422). */
/** Refusals saying the time is someone else's: 409, where the other rules answer 422. */
const TAKEN: ReadonlySet<string> = new Set([
  'slot_taken',
  'no_machine_of_kind_free',
  'no_machine_of_group_free',
  'not_enough_units_free',
]);
export const refusedStatus = (refusals: readonly Refusal[]) =>
  refusals.every((r) => TAKEN.has(r.code)) ? (409 as const) : (422 as const);

export const Instant = z.iso
  .datetime({ offset: true })
  .openapi({ example: '2026-12-02T10:00:00+01:00' });
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, dot, dash, underscore');
export const iso = (ms: number) => new Date(ms).toISOString();

/** C0 and C1 controls (NUL, escapes), DEL, and the bidirectional marks and overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A name as people typed it, stripped of control characters (NUL, bidi overrides) and trimmed. */
export const stripControls = (s: string) => s.replace(CONTROLS, '').trim();

/** A person's, a machine's, a site's… name: 1–`max` characters once its controls are stripped. */
export const Name = (max = 200) => z.string().overwrite(stripControls).min(1).max(max);

const errorResponse = (description: string) =>
  ({ description, content: { 'application/json': { schema: ErrorSchema } } }) as const;

/** The error answers by status: a route documents `403: errorResponses[403]`, each its own. */
export const errorResponses = {
  400: errorResponse('Invalid request'),
  401: errorResponse('Not authenticated'),
  403: errorResponse('Not allowed to the caller'),
  404: errorResponse('Not found'),
  409: errorResponse('Conflicts with the current state'),
  413: errorResponse('Request too large'),
  429: errorResponse('Too many requests'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * A required JSON request body, with an example the docs show and the site-matrix test sends
 * (typed by the schema, so it cannot drift from it).
 */
export const jsonBody = <T extends z.ZodType>(schema: T, example: z.input<T>) => ({
  required: true as const,
  content: { 'application/json': { schema, example } },
});

/** Cursor pagination: an opaque cursor from the last page's `nextCursor`. */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .openapi({ description: 'At most this many items (1–500, default 100).' }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'The previous page’s nextCursor.' }),
});

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(
  cursor: string | undefined,
  check: (v: unknown) => v is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw new ApiError(
    'bad_request',
    'invalid cursor: pass the nextCursor of the previous page unchanged',
  );
}
