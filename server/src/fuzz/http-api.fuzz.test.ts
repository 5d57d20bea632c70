/**
 * Fuzzing the HTTP API with generated hostile input (fast-check): every route of the OpenAPI
 * document, every method, garbage bodies (wrong types, huge strings, deep nesting, nulls, not
 * JSON at all), odd query strings and path ids. The server never answers 5xx, always answers
 * JSON `{ code, message }` on errors, and a refused request changes nothing in the store.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';

const TABLES = [
  'members',
  'reservations',
  'sites',
  'plans',
  'organisations',
  'qualifications',
  'qualification_grants',
  'round_requests',
  'booking_rounds',
  'waitlist',
  'credits',
  'accounts',
  'api_tokens',
  'gateway_credentials',
  'machines',
  'notices',
] as const;

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    'NaN',
    'null',
    'undefined',
    '../../etc/passwd',
    "'; DROP TABLE members; --",
    '<script>alert(1)</script>',
    '2026-13-45T25:61:00Z',
    '\u0000',
    '9'.repeat(400),
    'é'.repeat(70),
  ),
);
const leaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'member',
      'machine',
      'kind',
      'site',
      'start',
      'end',
      'email',
      'password',
      'name',
      'plan',
      'role',
      'token',
      'windows',
      'durationMin',
      'hours',
      'confirm',
      'machines',
      'openingHours',
      'rules',
      'scopes',
    ),
    leaf,
  ),
  fc.string().map((s) => ({ raw: s })),
);

describe('fuzzing the HTTP API', async () => {
  const { app, call, db } = await testApp();
  // Raw bodies (not JSON.stringify'd by the helper), as the manager.
  const raw = (method: string, path: string, text: string) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...AS.manager },
      body: text,
    });
  const doc = (await (await call('GET', '/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path })),
  );
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        TABLES.map(async (t) => [
          t,
          Number(
            (await db.selectFrom(t).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
          ),
        ]),
      ),
    );

  it('answers every hostile request with a JSON 4xx (or a success), never a 5xx, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(
          fc.constantFrom('camille-roux', 'laser-co2', 'x'),
          hostileString.filter((s) => !/[/?#%]/.test(s) && s.length > 0),
        ),
        fc.dictionary(
          fc.constantFrom(
            'from',
            'to',
            'limit',
            'cursor',
            'member',
            'machine',
            'status',
            'by',
            'format',
            'method',
            'dryRun',
            'token',
            'site',
          ),
          hostileString,
          { maxKeys: 4 },
        ),
        fc.constantFrom<Record<string, string>>(
          AS.manager,
          AS.admin,
          AS.artisan('camille-roux'),
          AS.funder,
          AS.nobody,
        ),
        async (route, id, query, who) => {
          const path = route.path.replace(/\{[a-z]+\}/g, encodeURIComponent(id));
          const qs = new URLSearchParams(query).toString();
          const before = await counts();
          const res = await call(route.method, `/api${path}${qs ? `?${qs}` : ''}`, undefined, who);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = (await res.json()) as { code?: unknown; message?: unknown };
            expect(typeof parsed.code).toBe('string');
            expect(typeof parsed.message).toBe('string');
            expect(await counts()).toEqual(before);
          } else await res.body?.cancel();
        },
      ),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it('refuses garbage bodies on every write route with a JSON 4xx and writes nothing', async () => {
    const writes = routes.filter((r) => r.method !== 'GET');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.oneof(
          body.map((b) => JSON.stringify(b)),
          hostileString,
          fc.constant('{"member":'),
          fc.constant('x'.repeat(70 * 1024)),
        ),
        async (route, text) => {
          const path = route.path.replace(/\{[a-z]+\}/g, 'camille-roux');
          const before = await counts();
          const res = await raw(route.method, `/api${path}`, text);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = (await res.json()) as { code?: unknown };
            expect(typeof parsed.code).toBe('string');
            expect(await counts()).toEqual(before);
          } else await res.body?.cancel();
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
