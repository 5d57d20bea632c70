/**
 * The routes the READMEs name are the server's (README and code agree): each `GET /api/…` written
 * in the root, server, dashboard or gateway README is an operation of the OpenAPI document,
 * parameters compared by place (`{id}`, `:id` and `{pause\|resume\|cancel}` are each one
 * parameter). A route written with `…` abbreviates the one before it and is not checked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../testing/test-app.js';

/** Each README by its path in the repository, and where it is from here. */
const READMES = {
  'README.md': '../../../README.md',
  'server/README.md': '../../README.md',
  'dashboard/README.md': '../../../dashboard/README.md',
  'gateway/README.md': '../../../gateway/README.md',
};
/** Not in the document it serves: the document itself and its reference page. */
const ABOUT_THE_DOCUMENT = new Set(['GET /api/openapi.json', 'GET /api/docs']);

/** `/api/members/{id}/qualifications/{q}` and `…/{qualification}` have the same shape. */
const shape = (path: string) =>
  path
    .replace(/:\w+/g, '{}')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\/$/, '');

describe('the routes the READMEs name', () => {
  it('are operations of the OpenAPI document', async () => {
    const { call } = await testApp();
    const doc = (await (await call('GET', '/api/openapi.json', undefined, AS.nobody)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${shape(`/api${path}`)}`),
      ),
    );
    const named: string[] = [];
    const unknown: string[] = [];
    for (const [readme, from] of Object.entries(READMES)) {
      const text = readFileSync(new URL(from, import.meta.url), 'utf8');
      // `GET /api/…`, `GET/PUT /api/…`; the path ends at a space, a query or an option bracket.
      for (const m of text.matchAll(
        /`((?:GET|PUT|POST|PATCH|DELETE)(?:\/(?:GET|PUT|POST|PATCH|DELETE))*) (\/api\/[^`\s?[]*)/g,
      )) {
        if (m[2]!.includes('…')) continue;
        for (const method of m[1]!.split('/')) {
          const route = `${method} ${m[2]!.replace(/\\\|/g, '|')}`;
          named.push(route);
          if (!ABOUT_THE_DOCUMENT.has(route) && !operations.has(`${method} ${shape(m[2]!)}`))
            unknown.push(`${readme}: ${route}`);
        }
      }
    }
    expect(named.length).toBeGreaterThan(50);
    expect(unknown).toEqual([]);
  });
});
