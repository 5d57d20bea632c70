/**
 * Pure helpers of "Mon compte": my API tokens in the order a person looks for them (the live ones,
 * newest first, then the revoked), the scopes a choice of access gives, how a script uses a token,
 * when a token was made or used, and the `webcal:` address a calendar app subscribes to.
 * @module
 */
import { INTL_LOCALE, type Locale } from './locale.js';

export interface TokenLine {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revoked: boolean;
}

/** What a token may do, as the form offers it: read only, or read and write (book, cancel…). */
export type TokenAccess = 'read' | 'write';

/** The live tokens first, newest first; the revoked ones after, kept for the record. */
export function tokenRows<T extends TokenLine>(tokens: readonly T[]): T[] {
  return [...tokens].sort(
    (a, b) => Number(a.revoked) - Number(b.revoked) || b.createdAt.localeCompare(a.createdAt),
  );
}

/** The scopes the API takes for a choice of access: writing needs reading too. */
export const scopesOf = (access: TokenAccess): ('read' | 'write')[] =>
  access === 'write' ? ['read', 'write'] : ['read'];

/** Read-only unless the token holds `write`. */
export const accessOf = (scopes: readonly string[]): TokenAccess =>
  scopes.includes('write') ? 'write' : 'read';

/**
 * A call a script makes with the token, to try it at once: "who am I" answers with the account.
 *
 * @example bearerExample('https://atelier.example', 'mft_abc') // curl -H "Authorization: Bearer mft_abc" https://atelier.example/api/auth/me
 */
export const bearerExample = (origin: string, secret: string) =>
  `curl -H "Authorization: Bearer ${secret}" ${origin.replace(/\/+$/, '')}/api/auth/me`;

/** `2 déc. 2026, 14:05` / `2 Dec 2026, 14:05`. */
export function formatTokenDate(iso: string, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(Date.parse(iso));
}

/** The feed's address for "subscribe" links: calendar apps open `webcal:` and keep it updated. */
export const webcalUrl = (url: string) => url.replace(/^https?:/, 'webcal:');
