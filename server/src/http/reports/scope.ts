/**
 * Whose sites a report may cover — the one place to change when accounts get their sites from
 * tenancy. An admin: any site. A manager: their site (a manager without a site, every site, as
 * `requireManager` reads it). A funder: the sites they fund, which today is the account's site
 * (a funder account with no site sees none, and is told so). An artisan never gets this far: the
 * route's role gate refuses them.
 * @module
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../app.js';
import { actor } from '../actor.js';
import { ApiError } from '../errors.js';

/** The sites the caller may report on; `null` means every site. */
export function fundedOrManagedSites(c: Context<AppEnv>): readonly string[] | null {
  const a = actor(c);
  if (a.role === 'admin') return null;
  if (a.role === 'manager') return a.site === null ? null : [a.site];
  if (a.role === 'funder') {
    if (a.site === null)
      throw new ApiError(
        'forbidden',
        'this funder account funds no site yet: a manager or an admin must assign its site',
      );
    return [a.site];
  }
  throw new ApiError('forbidden', 'reports are for managers and funders');
}

/** The sites asked for (default: all the caller's), each checked against the caller's scope (403). */
export function reportSites(c: Context<AppEnv>, asked: readonly string[] | undefined): string[] {
  const mine = fundedOrManagedSites(c);
  if (asked === undefined || asked.length === 0) {
    if (mine === null)
      throw new ApiError('bad_request', 'site: name the site(s) to report on (site=atelier-demo)');
    return [...mine];
  }
  for (const s of asked) {
    if (mine !== null && !mine.includes(s))
      throw new ApiError('forbidden', `you may report on ${mine.join(', ')}, not "${s}"`);
  }
  return [...new Set(asked)];
}
