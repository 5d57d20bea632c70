/**
 * HTTP digest authentication (RFC 7616, MD5 with `qop=auth`, as PrusaLink asks for it): the
 * `Authorization` header for one request, from the server's `WWW-Authenticate` challenge. Pure.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly qop?: string;
  readonly opaque?: string;
  readonly algorithm?: string;
}

/** `Digest realm="Printer API", nonce="…", qop="auth"` → its fields; `null` when not a digest challenge. */
export function parseDigestChallenge(header: string | null): DigestChallenge | null {
  if (!header || !/^Digest\s/i.test(header)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g))
    fields[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? '';
  if (fields.realm === undefined || fields.nonce === undefined) return null;
  return {
    realm: fields.realm,
    nonce: fields.nonce,
    ...(fields.qop !== undefined ? { qop: fields.qop } : {}),
    ...(fields.opaque !== undefined ? { opaque: fields.opaque } : {}),
    ...(fields.algorithm !== undefined ? { algorithm: fields.algorithm } : {}),
  };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface DigestRequest {
  readonly method: string;
  readonly uri: string;
  readonly username: string;
  readonly password: string;
  /** Request count on this nonce, from 1. */
  readonly nc: number;
  readonly cnonce?: string;
}

export function digestAuthorization(c: DigestChallenge, r: DigestRequest): string {
  const ha1 = md5(`${r.username}:${c.realm}:${r.password}`);
  const ha2 = md5(`${r.method}:${r.uri}`);
  const qop = c.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const nc = r.nc.toString(16).padStart(8, '0');
  const cnonce = r.cnonce ?? randomBytes(8).toString('hex');
  const response = qop
    ? md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : md5(`${ha1}:${c.nonce}:${ha2}`);
  const parts = [
    `username="${r.username}"`,
    `realm="${c.realm}"`,
    `nonce="${c.nonce}"`,
    `uri="${r.uri}"`,
    ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    `response="${response}"`,
    ...(c.opaque !== undefined ? [`opaque="${c.opaque}"`] : []),
    ...(c.algorithm !== undefined ? [`algorithm=${c.algorithm}`] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}
