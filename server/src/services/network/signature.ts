/**
 * Ed25519 signatures of network aggregates (node:crypto): the site signs the canonical
 * serialisation of its aggregate with its private key; the network verifies it with the public
 * key it registered for that site. The site's key lives in a PEM file, made on first start
 * (mode 600) with its public half beside it (`.pub`) to hand to the network.
 * @module
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonical } from '../../domain/network/canonical.js';
import type { ReportJson } from '../../reports/json.js';

export const AGGREGATE_VERSION = 1;

/** What a member site sends its network: its funder view of one period, signed. */
export interface Aggregate {
  readonly v: typeof AGGREGATE_VERSION;
  /** The sending site's id, as the network registered it. */
  readonly site: string;
  /** The report's period label: `2026-11`, `2026-Q4`, `2026`. */
  readonly period: string;
  /** When the site built it (ISO 8601): a newer one replaces an older one, never the reverse. */
  readonly issuedAt: string;
  readonly report: ReportJson;
}

export interface SignedAggregate {
  readonly aggregate: Aggregate;
  /** Ed25519 over canonical(aggregate), base64. */
  readonly signature: string;
}

export function signAggregate(aggregate: Aggregate, key: KeyObject): SignedAggregate {
  return {
    aggregate,
    signature: sign(null, Buffer.from(canonical(aggregate)), key).toString('base64'),
  };
}

/** The public key of a PEM text, if it is an Ed25519 one; else a sentence saying why not (naming the field). */
export function ed25519PublicKey(pem: string): KeyObject | string {
  try {
    const k = createPublicKey(pem);
    return k.asymmetricKeyType === 'ed25519'
      ? k
      : `publicKey: an Ed25519 key is needed, this one is ${k.asymmetricKeyType ?? 'unknown'}`;
  } catch {
    return 'publicKey: not a PEM public key (-----BEGIN PUBLIC KEY-----)';
  }
}

/** Whether `signature` signs `aggregate` (as parsed: its canonical form) under `publicKeyPem`. */
export function verifiesUnder(
  aggregate: unknown,
  signature: string,
  publicKeyPem: string,
): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonical(aggregate)),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** The site's signing key from `file`, made there on first use; its public half in PEM. */
export function siteKey(file: string): { privateKey: KeyObject; publicKeyPem: string } {
  if (!existsSync(file)) {
    const pair = generateKeyPairSync('ed25519');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `NETWORK_KEY_FILE: cannot read an Ed25519 private key from ${file} (${String(error)})`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `NETWORK_KEY_FILE: ${file} holds a ${privateKey.asymmetricKeyType} key, not Ed25519`,
    );
  const publicKeyPem = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString();
  if (!existsSync(`${file}.pub`)) writeFileSync(`${file}.pub`, publicKeyPem);
  return { privateKey, publicKeyPem };
}
