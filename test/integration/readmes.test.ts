/**
 * The READMEs name what is there (STYLE: README and code agree): every file or folder a README
 * names in code (`src/http/env.ts`, `tracker-job.ts`) or links to exists, every function it names
 * (`startBroker()`) is one the code declares or calls, every link to a heading finds the heading,
 * and every table row has as many cells as its header (a `|` inside code must be written `\|`,
 * or Markdown splits the cell there). It reads the files only: no build, no service.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGatewayConfig } from '@manufacto/gateway';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SKIPPED = new Set(['node_modules', 'dist', 'var', '.git', 'coverage']);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIPPED.has(e.name) || (e.name.startsWith('.') && e.name !== '.ci')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? [path, ...walk(path)] : [path];
  });
}

const tree = walk(root);
const readmes = tree.filter((f) => basename(f) === 'README.md');
/** Every file and folder by its last segment, to find a bare `tracker-job.ts` in its package. */
const byName = new Map<string, string[]>();
for (const f of tree) byName.set(basename(f), [...(byName.get(basename(f)) ?? []), f]);

/**
 * Named by the READMEs but made at run time or by the reader, so not in the repository: the
 * demo's data, build output, the server's data folders, the gateway's own config file.
 */
const MADE_AT_RUN_TIME = new Set([
  'var/demo/',
  './var',
  'dist/',
  '../dashboard/dist',
  'influx-spool/',
  'journal/',
  'test/e2e/.screenshots/',
  'gateway.yaml',
  './gateway.yaml',
]);

const EXTENSION = /\.(ts|tsx|mjs|js|json|jsonc|md|ya?ml|sql|txt|gcode|png|css|html)$/;
const PATH_LIKE = /^(\.{1,2}\/)*[\w@.-]+(\/[\w@.*-]+)*\/?$/;

/** The README's lines, those of fenced code blocks left empty (a shell session is not prose). */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').map((l) => {
    if (l.startsWith('```')) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : l;
  });
}

/** What a README names in code spans and links to, with the line it is on. */
function mentions(lines: string[]): { token: string; line: number; link: boolean }[] {
  const found: { token: string; line: number; link: boolean }[] = [];
  lines.forEach((l, i) => {
    for (const m of l.matchAll(/`([^`]+)`/g))
      found.push({ token: m[1]!, line: i + 1, link: false });
    for (const m of l.matchAll(/\]\(([^)\s]+)\)/g))
      found.push({ token: m[1]!, line: i + 1, link: true });
  });
  return found;
}

/** A path, as opposed to a state (`offline/unresponsive`), a topic or a package name. */
function isPath(token: string, link: boolean): boolean {
  if (link) return !/^[a-z]+:/.test(token) && !token.startsWith('#');
  if (!PATH_LIKE.test(token) || token.startsWith('@') || token.startsWith('/')) return false;
  if (/DATA_DIR|dataDir/.test(token) || MADE_AT_RUN_TIME.has(token)) return false;
  return EXTENSION.test(token) || (token.includes('/') && token.endsWith('/'));
}

/** The package folder a README belongs to (the repository's root for the root README). */
function packageOf(readme: string): string {
  const [first, ...rest] = relative(root, readme).split('/');
  return rest.length === 0 ? root : join(root, first!);
}

function exists(readme: string, path: string): boolean {
  const here = dirname(readme);
  const pkg = packageOf(readme);
  const inRepo = (p: string) => !relative(root, p).startsWith('..');
  const candidates = [join(here, path), join(pkg, 'src', path), join(root, path)];
  if (candidates.some((c) => existsSync(c.replace(/\*.*$/, '')))) return true;
  // Outside the repository (the team's own notes): not ours to check.
  if (!inRepo(resolve(here, path))) return true;
  // A bare name (`tracker-job.ts`, `booking/`) or the end of a path (`e2e/booking.test.ts`,
  // each folder's `testcases/README.md`), said beside the folder it is in.
  const tail = path.replace(/^(\.\/)+/, '').replace(/\/$/, '');
  return (byName.get(basename(tail)) ?? []).some((f) => f.endsWith(`/${tail}`));
}

/** The repository's code with its comments taken out: a name only a comment keeps is gone. */
const code = tree
  .filter((f) => /\.(ts|tsx|mjs|js)$/.test(f) && !f.includes('/dashboard/public/'))
  .map((f) =>
    readFileSync(f, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1'),
  )
  .join('\n');
const declared = new Set(code.match(/[A-Za-z_$][\w$]*/g));

/** The root package.json's scripts: the READMEs' commands run from the repository's root. */
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
const anchorsOf = (file: string) =>
  new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => slug(l.replace(/^#+ /, ''))),
  );

/** Cells of a table row, split where Markdown splits them: at every `|` not written `\|`. */
const cells = (row: string) =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/);

describe.each(readmes.map((f) => [relative(root, f), f] as const))('%s', (_name, readme) => {
  const raw = readFileSync(readme, 'utf8').split('\n');
  const lines = prose(raw.join('\n'));
  const all = mentions(lines);

  it('names files and folders that exist', () => {
    const missing = all
      .filter((m) => isPath(m.token.split('#')[0]!, m.link) && m.token.split('#')[0] !== '')
      .filter((m) => !exists(readme, decodeURI(m.token.split('#')[0]!).replace(/\(.*$/, '')))
      .map((m) => `line ${m.line}: ${m.token}`);
    expect(missing).toEqual([]);
  });

  it('names functions the code has', () => {
    const unknown = all
      .filter((m) => !m.link)
      .flatMap((m) =>
        [...m.token.matchAll(/(?<![\w.$-])([A-Za-z_$][\w$]*)\(/g)].map((f) => ({
          ...m,
          name: f[1]!,
        })),
      )
      .filter((m) => !declared.has(m.name))
      .map((m) => `line ${m.line}: ${m.name}()`);
    expect(unknown).toEqual([]);
  });

  it('names npm scripts the root package.json has, in its shell sessions too', () => {
    const missing = raw
      .flatMap((l, i) =>
        [...l.matchAll(/npm run ([\w:-]+)/g)].map((m) => ({ name: m[1]!, line: i + 1 })),
      )
      .filter((m) => !(m.name in scripts))
      .map((m) => `line ${m.line}: npm run ${m.name}`);
    expect(missing).toEqual([]);
  });

  it('names metrics and InfluxDB names (`manufacto_…`) the code has', () => {
    const unknown = all
      .flatMap((m) =>
        [...m.token.matchAll(/\bmanufacto_[a-z0-9_]+/g)].map((n) => ({ ...m, name: n[0] })),
      )
      .filter((m) => !declared.has(m.name))
      .map((m) => `line ${m.line}: ${m.name}`);
    expect(unknown).toEqual([]);
  });

  it('links to headings that exist', () => {
    const broken = all
      .filter((m) => m.link && m.token.includes('#') && !/^[a-z]+:/.test(m.token))
      .filter((m) => {
        const [file, anchor] = m.token.split('#') as [string, string];
        const target = file === '' ? readme : join(dirname(readme), file);
        return !existsSync(target) || !anchorsOf(target).has(anchor);
      })
      .map((m) => `line ${m.line}: ${m.token}`);
    expect(broken).toEqual([]);
  });

  it('has as many cells in each table row as in its header', () => {
    const wrong: string[] = [];
    let header: number | undefined;
    lines.forEach((l, i) => {
      if (!l.startsWith('|')) {
        header = undefined;
        return;
      }
      header ??= cells(l).length;
      if (cells(l).length !== header)
        wrong.push(`line ${i + 1}: ${cells(l).length} cells, not ${header}`);
    });
    expect(wrong).toEqual([]);
  });
});

it('finds the READMEs', () => {
  expect(readmes.map((f) => relative(root, f))).toEqual(
    expect.arrayContaining([
      'README.md',
      'server/README.md',
      'gateway/README.md',
      'test/README.md',
    ]),
  );
});

it("server/README.md's configuration table has every variable src/env.ts reads, and no other", () => {
  const env = readFileSync(join(root, 'server/src/env.ts'), 'utf8');
  // The keys of the environment's schema, four spaces in (`    PORT: port.default(8080),`).
  const read = [...env.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
  const readme = readFileSync(join(root, 'server/README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
  );
  const listed = section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...cells(l)[0]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
  expect(read.length).toBeGreaterThan(30);
  expect([...listed].sort()).toEqual([...read].sort());
});

it('the gateway configs the READMEs show load as they are (the root one with a site, a gateway and a broker)', () => {
  const blocks = (file: string) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/^( *)```yaml\n([\s\S]*?)^ *```/gm)].map(
      (m) => m[2]!.replace(new RegExp(`^${m[1]}`, 'gm'), ''),
    );
  const [gatewayReadme] = blocks('gateway/README.md');
  const [adding] = blocks('README.md');
  const dir = tempDir('mf-readme-config-');
  const load = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return loadGatewayConfig(join(dir, name));
  };
  expect(load('gateway.yaml', gatewayReadme!).machines.map((m) => m.id)).toEqual(['prusa-mk4-1']);
  const head = 'site: atelier\ngateway: gw\nbroker:\n  url: mqtt://localhost:1883\n';
  expect(load('adding.yaml', head + adding!).machines.map((m) => m.id)).toEqual(['laser-co2']);
  expect(
    loadGatewayConfig(join(root, 'gateway/gateway.example.yaml')).machines.length,
  ).toBeGreaterThan(0);
});

it("dashboard/README.md's table of browser tests has every file of test/e2e/", () => {
  const readme = readFileSync(join(root, 'dashboard/README.md'), 'utf8');
  const listed = [...readme.matchAll(/^\| `e2e\/([\w-]+\.test\.ts)`/gm)].map((m) => m[1]!);
  const files = readdirSync(join(root, 'test/e2e')).filter((f) => f.endsWith('.test.ts'));
  expect([...listed].sort()).toEqual([...files].sort());
});

it.each(['server', 'gateway'])('%s/README.md has a row for every folder of its src/', (pkg) => {
  const readme = readFileSync(join(root, pkg, 'README.md'), 'utf8');
  const firstCells = readme
    .split('\n')
    .filter((l) => l.startsWith('| `src/'))
    .map((l) => cells(l)[0]!);
  const folders = readdirSync(join(root, pkg, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const missing = folders.filter((f) => !firstCells.some((c) => c.includes(`\`src/${f}/`)));
  expect(folders.length).toBeGreaterThan(5);
  expect(missing).toEqual([]);
});

it('test/README.md names every folder of test/ and of test/integration/', () => {
  const readme = readFileSync(join(root, 'test/README.md'), 'utf8');
  const folders = (dir: string) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name);
  const missing = [
    ...folders('test').filter((f) => !readme.includes(`\`${f}/`)),
    ...folders('test/integration').filter((f) => !readme.includes(`\`${f}/\``)),
  ];
  expect(missing).toEqual([]);
});

it("dashboard/README.md's structure names files and folders that exist", () => {
  const readme = readFileSync(join(root, 'dashboard/README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('## Structure')).split('```')[1]!;
  // The first column: `src/models/usage.ts`, or a folder and the names after it
  // (`src/pages/members, equipment, rounds/`, `src/lib/members.ts, machine-rules.ts`).
  const missing = block
    .split('\n')
    .map((l) => l.match(/^(src\/[^\s,]+(?:, [\w.-]+\/?)*)/)?.[1])
    .filter((first): first is string => first !== undefined)
    .flatMap((first) => {
      const [head, ...rest] = first.split(', ');
      const dir = head!.includes('.') ? dirname(head!) : dirname(head!.replace(/\/$/, ''));
      return [head!, ...rest.map((r) => `${dir}/${r}`)].map((p) => p.replace(/\/$/, ''));
    })
    .filter((p) => !existsSync(join(root, 'dashboard', p)));
  expect(missing).toEqual([]);
});

it("firmware-profiles/README.md's tables of profiles count each profile's test cases right", () => {
  const readme = readFileSync(join(root, 'firmware-profiles/README.md'), 'utf8');
  const wrong = readme
    .split('\n')
    .filter((l) => /^\| `[a-z]+` /.test(l))
    .map((l) => cells(l).map((c) => c.trim()))
    .filter((row) =>
      existsSync(join(root, 'firmware-profiles/src', row[0]!.slice(1, -1), 'testcases')),
    )
    .flatMap((row) => {
      const id = row[0]!.slice(1, -1);
      const said = Number(row.at(-1)!.match(/^(\d+),/)?.[1]);
      const cases = readdirSync(join(root, 'firmware-profiles/src', id, 'testcases'), {
        withFileTypes: true,
      }).filter((e) => e.isDirectory()).length;
      return said === cases ? [] : [`${id}: ${said} said, ${cases} in testcases/`];
    });
  expect(wrong).toEqual([]);
});
