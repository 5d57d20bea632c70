/**
 * Secrets: random tokens (256 bits, base64url) stored as SHA-256 hashes; passwords hashed with
 * scrypt from node:crypto, parameters kept in the hash so they can be raised later.
 * @module
 */
import {
  createHash,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

/** A fresh random token, e.g. `mfs_3q2…`; the prefix says what it is when it leaks into a log. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** scrypt cost: N = 2^15 by default (32 MiB, ~60 ms here); tests lower it through AUTH_SCRYPT_LOG_N. */
export interface PasswordCost {
  readonly logN: number;
}

export async function hashPassword(
  password: string,
  cost: PasswordCost = { logN: 15 },
): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost.logN;
  const key = await scrypt(password.normalize('NFKC'), salt, 32, {
    N,
    r: 8,
    p: 1,
    maxmem: 256 * N * 8,
  });
  return `scrypt$${cost.logN}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !hash) return false;
  const N = 2 ** Number(logN);
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64url'),
    expected.length,
    { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) },
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}
