/**
 * Every route of the OpenAPI document × every caller × a target on the caller's own site and one
 * on the other site, each call with a valid body (the route's OpenAPI example, aimed at the site):
 * a 400 cannot hide a missing site check. The callers are of atelier-demo; the other site is
 * fablab-nord. What each route reaches is in `testing/site-routes.ts`; a route missing there fails here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AS } from '../../testing/test-app.js';
import { aimedAt, LEAK, OTHER, OWN, type Place, twoSites } from '../../testing/two-sites.js';
import { type Caller, ROUTES, type Target } from '../../testing/site-routes.js';

type Schema = { $ref?: string; example?: unknown };
type Op = {
  'x-roles'?: string[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> };
};

const CALLERS: readonly Caller[] = ['nobody', 'gateway', 'artisan', 'funder', 'manager', 'admin'];

/** Whether the role gate lets `who` through (the gateway's secret is no HTTP credential). */
const passes = (roles: readonly string[], who: Caller): boolean =>
  who !== 'gateway' &&
  (roles.includes('public') ||
    roles.includes('wall') ||
    (who !== 'nobody' && (roles.includes(who) || (who === 'admin' && roles.includes('manager')))));

const served = (status: number, allowed?: readonly number[]) =>
  allowed ? allowed.includes(status) : status >= 200 && status < 300;

describe('site matrix', async () => {
  const t = await twoSites();
  afterAll(t.cleanup);
  const gatewaySecret = (
    await t.admin('PUT', '/gateways/gw-matrix', { site: OWN.site, machines: ['ghost-1'] })
  ).password as string;
  const headers: Record<Caller, Record<string, string>> = {
    nobody: AS.nobody,
    gateway: { authorization: `Bearer ${gatewaySecret}` },
    artisan: AS.artisan(OWN.member),
    funder: AS.funder,
    manager: AS.manager,
    admin: AS.admin,
  };
  const doc = (await (await t.call('GET', '/api/openapi.json', undefined, AS.nobody)).json()) as {
    paths: Record<string, Record<string, Op>>;
    components: { schemas: Record<string, Schema> };
  };
  const exampleOf = (op: Op): unknown => {
    const content = op.requestBody?.content ?? {};
    // A file upload (a job's G-code) documents its example under its own media type.
    const body = content['application/json'] ?? Object.values(content)[0];
    if (!body) return undefined;
    const ref = body.schema?.$ref?.split('/').pop();
    return body.example ?? (ref ? doc.components.schemas[ref]?.example : body.schema?.example);
  };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        roles: op['x-roles'] ?? [],
        takesBody: op.requestBody !== undefined,
        example: exampleOf(op),
      })),
  );

  it('has every operation of the document in its table, and none the document lacks', () => {
    expect(operations.length).toBeGreaterThan(70);
    expect(operations.map((o) => o.key).filter((k) => !(k in ROUTES))).toEqual([]);
    const documented = new Set(operations.map((o) => o.key));
    expect(Object.keys(ROUTES).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('documents an example body for every operation that takes one', () => {
    expect(
      operations.filter((o) => o.takesBody && o.example === undefined).map((o) => o.key),
    ).toEqual([]);
  });

  let address = 0;
  async function send(
    op: (typeof operations)[number],
    who: Caller,
    p: Place,
    target: Target,
    query = target.query,
  ) {
    const params = target.params ?? {};
    const url = op.path.replace(/\{(\w+)\}/g, (_, k: string) => {
      const value = params[k];
      if (value === undefined) throw new Error(`${op.key}: the table gives no {${k}}`);
      return encodeURIComponent(value);
    });
    const body = !op.takesBody
      ? undefined
      : typeof op.example === 'string'
        ? op.example
        : { ...(aimedAt(op.example, p) as object), ...target.body };
    // Each call from its own address: the per-address limits (login, resets) stay out of it.
    address++;
    const res = await t.callFrom(
      `198.51.${address >> 8}.${address & 255}`,
      op.method,
      `/api${url}${query ? `?${query}` : ''}`,
      body,
      target.as ?? headers[who],
    );
    // The live feed never ends: its headers are the answer.
    const streams = res.headers.get('content-type')?.includes('event-stream');
    if (streams) await res.body?.cancel();
    const text = streams ? '' : await res.text();
    return {
      status: res.status,
      text,
      said: `${who} ${op.method} ${url} → ${res.status} ${text.slice(0, 300)}`,
    };
  }

  describe.each(operations)('$key', (op) => {
    const entry = ROUTES[op.key];
    it.skipIf(entry === undefined).each(CALLERS)('as %s', async (who) => {
      if (!entry) return;
      const at = async (p: Place) => (entry.at ? await entry.at(t, p, who) : {});
      if (!passes(op.roles, who)) {
        for (const p of [OWN, OTHER]) {
          const res = await send(op, who, p, await at(p));
          expect([res.status], res.said).toEqual([
            who === 'funder' || who === 'artisan' || who === 'manager' || who === 'admin'
              ? 403
              : 401,
          ]);
        }
        return;
      }
      if (entry.scope === 'list') {
        const leaks = entry.leak ?? LEAK;
        const base = await at(OWN);
        const all = await send(op, who, OWN, base);
        expect(served(all.status), all.said).toBe(true);
        // The fixture of the other site is there to be leaked: an admin sees it.
        expect(leaks.test(all.text), all.said).toBe(who === 'admin');
        if (entry.siteQuery) {
          const join = (q: string) => (base.query ? `${base.query}&${q}` : q);
          const own = await send(op, who, OWN, base, join(`site=${OWN.site}`));
          expect(served(own.status), own.said).toBe(true);
          const other = await send(op, who, OTHER, base, join(`site=${OTHER.site}`));
          if (who === 'admin') expect(leaks.test(other.text), other.said).toBe(true);
          else
            expect(
              [403, 404].includes(other.status) ||
                (served(other.status) && !leaks.test(other.text)),
              other.said,
            ).toBe(true);
        }
        return;
      }
      const ownTarget = await at(OWN);
      const own = await send(op, who, OWN, ownTarget);
      expect(served(own.status, 'served' in entry ? entry.served : undefined), own.said).toBe(true);
      const otherTarget = await at(OTHER);
      const other = await send(op, who, OTHER, otherTarget);
      const refused = 'refused' in entry && entry.refused ? entry.refused : [403, 404];
      if (entry.scope === 'public' || (entry.scope === 'site' && who === 'admin'))
        expect(served(other.status, 'served' in entry ? entry.served : undefined), other.said).toBe(
          true,
        );
      else expect(refused, other.said).toContain(other.status);
      // An upsert checks the row that exists: the other site's id with a body of the caller's
      // own site (moving it over) is refused too.
      if (entry.scope === 'site' && op.method === 'PUT' && op.takesBody && who !== 'admin') {
        const fresh = await at(OTHER);
        const takeover = await send(op, who, OWN, { ...fresh, body: { ...ownTarget.body } });
        expect(refused, `takeover: ${takeover.said}`).toContain(takeover.status);
      }
    });
  });
});
