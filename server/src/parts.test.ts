/**
 * The server's parts keep to their places (README, "Architecture"): these read the source, so a
 * move that breaks a boundary fails here rather than in a review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('.', import.meta.url));
const files = (readdirSync(src, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.split('\\').join('/'));
const isTest = (f: string) => f.endsWith('.test.ts');
const shipped = files.filter((f) => !isTest(f) && !f.startsWith('testing/'));
const imports = (f: string) =>
  [...readFileSync(`${src}${f}`, 'utf8').matchAll(/\bfrom '([^']+)'/g)].map((m) => m[1]!);

describe('the server in its parts', () => {
  it('shipped code imports nothing from testing/ (fixtures, generators, the route-test app)', () => {
    const offenders = shipped.filter((f) => imports(f).some((i) => /(^|\/)testing\//.test(i)));
    expect(offenders).toEqual([]);
  });

  it('the package does not ship testing/', () => {
    const pkg = JSON.parse(readFileSync(`${src}../package.json`, 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('!dist/testing');
  });

  it('domain/ and the demo workshop data import no hono, mqtt, influx or store', () => {
    // The domain's own tests too: they run without I/O, the demo's data included.
    const offenders = files
      .filter((f) => f.startsWith('domain/') || f === 'demo/workshop.ts')
      .flatMap((f) =>
        imports(f)
          .filter(
            (i) =>
              /^(hono|@hono\/|mqtt|aedes|influx|@influxdata\/|kysely|better-sqlite3)/.test(i) ||
              /(^|\/)(store|ingest|influx|http|services)\//.test(i),
          )
          .map((i) => `${f} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('domain/ is one folder per concern (booking, telemetry, reports…): no loose file', () => {
    const loose = files.filter((f) => /^domain\/[^/]+$/.test(f));
    expect(loose).toEqual([]);
  });

  it('no route imports app.ts (which imports every route): their types live in http/env.ts', () => {
    const offenders = shipped.filter(
      (f) => f.startsWith('http/') && imports(f).some((i) => /(^|\/)app\.js$/.test(i)),
    );
    expect(offenders).toEqual([]);
  });

  it('SQL is written in store/ only (a service may open a transaction, not write a query)', () => {
    const sql = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(|\bsql`/;
    const offenders = shipped.filter(
      (f) => !f.startsWith('store/') && sql.test(readFileSync(`${src}${f}`, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
  it('http/ has no import cycle, type imports included: a route is built from its part of the app', () => {
    // The file each relative import of an http/ file names, within http/ (`x.js` is `x.ts`).
    const within = (f: string) =>
      imports(f)
        .filter((i) => i.startsWith('.'))
        .map((i) => posix.join(posix.dirname(f), i).replace(/\.js$/, '.ts'))
        .filter((t) => t.startsWith('http/') && shipped.includes(t));
    const http = shipped.filter((f) => f.startsWith('http/'));
    const cycles: string[] = [];
    const done = new Set<string>();
    const walk = (f: string, path: string[]) => {
      const at = path.indexOf(f);
      if (at >= 0) return void cycles.push([...path.slice(at), f].join(' → '));
      if (done.has(f)) return;
      for (const t of within(f)) walk(t, [...path, f]);
      done.add(f);
    };
    for (const f of http) walk(f, []);
    expect(cycles).toEqual([]);
  });
});
