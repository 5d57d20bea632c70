/**
 * Every route of the OpenAPI document × every role: the role gate lets through exactly the roles
 * the route declares (`x-roles`), answers 401 to nobody and 403 to the others. The document is
 * the list, so a new route is covered the day it is added.
 */
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';

type Op = { 'x-roles'?: string[] };
const who = {
  nobody: AS.nobody,
  artisan: AS.artisan('camille-roux'),
  funder: AS.funder,
  manager: AS.manager,
  admin: AS.admin,
} as const;
type Who = keyof typeof who;

const allowed = (roles: readonly string[], w: Who): boolean =>
  roles.includes('public') ||
  roles.includes('wall') ||
  (w !== 'nobody' && (roles.includes(w) || (w === 'admin' && roles.includes('manager'))));

const concrete = (path: string) =>
  path
    .replace('{kind}', 'members')
    .replace('{file}', 'camille-roux.ics')
    .replace('{qualification}', 'laser')
    .replace('{request}', 'x')
    .replace(/\{[a-z]+\}/g, 'camille-roux');

describe('role matrix', async () => {
  const { call } = await testApp();
  const doc = (await (await call('GET', '/api/openapi.json', undefined, AS.nobody)).json()) as {
    paths: Record<string, Record<string, Op>>;
  };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, roles: op['x-roles'] ?? [] })),
  );

  it('documents the roles of every operation', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(
      operations.filter((o) => o.roles.length === 0).map((o) => `${o.method} ${o.path}`),
    ).toEqual([]);
  });

  it.each(operations)(
    '$method $path lets exactly $roles through',
    async ({ method, path, roles }) => {
      for (const w of Object.keys(who) as Who[]) {
        const res = await call(
          method,
          `/api${concrete(path)}`,
          method === 'GET' || method === 'DELETE' ? undefined : {},
          who[w],
        );
        let body: { message?: string } = {};
        // A body that is not JSON is cancelled unread, so the connection is freed.
        if (res.headers.get('content-type')?.includes('json'))
          body = (await res.json()) as { message?: string };
        else await res.body?.cancel();
        const gated =
          res.status === 401 ||
          (res.status === 403 && /^ceci est réservé aux rôles /.test(body.message ?? ''));
        if (allowed(roles, w))
          expect(
            gated,
            `${w} should pass the gate of ${method} ${path} (got ${res.status} ${body.message ?? ''})`,
          ).toBe(false);
        else
          expect([w, res.status, gated], `${w} should be stopped at ${method} ${path}`).toEqual([
            w,
            w === 'nobody' ? 401 : 403,
            true,
          ]);
      }
    },
  );
});
