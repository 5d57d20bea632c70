/**
 * The dashboard's hashed assets (`dashboard/dist/assets/*`, names that change with their content):
 * cached by browsers for a year without asking again, and sent compressed (brotli, else gzip:
 * 57 KB of scripts and styles become ~20 KB on the wire). Each file is read and compressed at
 * its first request and kept in memory: the set is fixed by the build and small, and Vite emits
 * no compressed copies by itself. Everything else of the dashboard (index.html above all, which
 * names the current hashes) must be asked again each time: `no-cache`.
 * @example
 * app.get('/assets/*', dashboardAssets(join(dist, 'assets')));
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

const TYPES: Record<string, { type: string; compress: boolean }> = {
  js: { type: 'text/javascript; charset=utf-8', compress: true },
  mjs: { type: 'text/javascript; charset=utf-8', compress: true },
  css: { type: 'text/css; charset=utf-8', compress: true },
  json: { type: 'application/json; charset=utf-8', compress: true },
  map: { type: 'application/json; charset=utf-8', compress: true },
  svg: { type: 'image/svg+xml', compress: true },
  txt: { type: 'text/plain; charset=utf-8', compress: true },
  // Already compressed formats: sent as they are.
  png: { type: 'image/png', compress: false },
  jpg: { type: 'image/jpeg', compress: false },
  webp: { type: 'image/webp', compress: false },
  woff2: { type: 'font/woff2', compress: false },
  ico: { type: 'image/x-icon', compress: false },
};

interface Asset {
  readonly type: string;
  readonly identity: Buffer;
  readonly br?: Buffer | undefined;
  readonly gzip?: Buffer | undefined;
}

/** Which encoding to send: brotli when the client takes it, else gzip, else none. */
function encodingFor(accept: string | undefined, asset: Asset): 'br' | 'gzip' | undefined {
  const accepts = (name: string) =>
    (accept ?? '').split(',').some((part) => {
      const [token, ...params] = part.trim().split(';');
      return token === name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    });
  if (asset.br && accepts('br')) return 'br';
  if (asset.gzip && accepts('gzip')) return 'gzip';
  return undefined;
}

async function load(dir: string, name: string): Promise<Asset | undefined> {
  const kind = TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()];
  let identity: Buffer;
  try {
    identity = await readFile(join(dir, name));
  } catch {
    return undefined;
  }
  const type = kind?.type ?? 'application/octet-stream';
  if (!kind?.compress || identity.length < 512) return { type, identity };
  const br = brotliCompressSync(identity, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
    },
  });
  const gzip = gzipSync(identity, { level: 9 });
  return {
    type,
    identity,
    br: br.length < identity.length ? br : undefined,
    gzip: gzip.length < identity.length ? gzip : undefined,
  };
}

/** Serves `dir`'s files under the route's `*`; a name with a path in it, or unknown, falls through. */
export function dashboardAssets(dir: string): MiddlewareHandler {
  const assets = new Map<string, Promise<Asset | undefined>>();
  return async function dashboardAssetsHandler(c: Context, next) {
    // Hashed build outputs only: one plain file name, no way out of the folder. The name is
    // not percent-decoded: build outputs need no escapes, and a malformed escape (`%ZZ`) must
    // fall through to a 404 rather than throw.
    const name = c.req.path.slice(c.req.path.lastIndexOf('/') + 1);
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return next();
    let pending = assets.get(name);
    if (!pending) {
      pending = load(dir, name);
      assets.set(name, pending);
      // A missing file is not kept: a rebuilt dashboard may bring it.
      pending.then((a) => a ?? assets.delete(name));
    }
    const asset = await pending;
    if (!asset) return next();
    const encoding = encodingFor(c.req.header('accept-encoding'), asset);
    const body = encoding ? asset[encoding]! : asset.identity;
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', IMMUTABLE);
    c.header('Vary', 'Accept-Encoding');
    if (encoding) c.header('Content-Encoding', encoding);
    c.header('Content-Length', String(body.length));
    return c.body(new Uint8Array(body), 200);
  };
}
