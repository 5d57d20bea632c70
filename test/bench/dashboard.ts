/**
 * The dashboard's weight as a browser downloads it, from the built `dashboard/dist`: the initial
 * JavaScript (the entry and what `index.html` preloads), gzipped as the server sends it, against
 * the 60 KB budget; then each page's own chunks, loaded on demand. Build first
 * (`npm run build:dashboard`): the figures are of what is built, not of a guess.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_BYTES = 60 * 1024;

export interface ChunkFigure {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface DashboardFigures {
  readonly initial: readonly ChunkFigure[];
  readonly initialGzipBytes: number;
  /** Chunks loaded after the first screen, largest first, with the static imports they add. */
  readonly lazy: readonly (ChunkFigure & { readonly adds: number })[];
}

const dist = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));

function figure(file: string): ChunkFigure {
  const body = readFileSync(`${dist}${file}`);
  return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
}

/** `./x.js` static imports of a chunk, as paths under dist. */
function staticImports(file: string): string[] {
  const text = readFileSync(`${dist}${file}`, 'utf8');
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  return [...text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => `${dir}${m[1]}`);
}

function closure(files: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...files];
  while (queue.length) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...staticImports(next));
  }
  return seen;
}

export function benchDashboard(): DashboardFigures {
  if (!existsSync(`${dist}index.html`))
    throw new Error('dashboard/dist is not built: run "npm run build:dashboard" first');
  const html = readFileSync(`${dist}index.html`, 'utf8');
  const named = [
    ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const initialFiles = closure(named);
  const initial = [...initialFiles].map(figure);
  const entries = [...initialFiles].flatMap((file) =>
    [...readFileSync(`${dist}${file}`, 'utf8').matchAll(/"(assets\/[^"]+\.js)"/g)].map(
      (m) => m[1]!,
    ),
  );
  const lazy = [...new Set(entries)]
    .filter((file) => !initialFiles.has(file))
    .map((file) => {
      const added = [...closure([file])].filter((f) => !initialFiles.has(f) && f !== file);
      return { ...figure(file), adds: added.reduce((sum, f) => sum + figure(f).gzipBytes, 0) };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    initial,
    initialGzipBytes: initial.reduce((sum, f) => sum + f.gzipBytes, 0),
    lazy,
  };
}
