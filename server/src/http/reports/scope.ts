/**
 * Whose sites a report may cover, on tenancy's model (an account's sites): an admin any site, a
 * manager the sites they manage, a funder the sites they fund (a funder of none is told so). An
 * artisan never gets this far: the route's role gate refuses them.
 * @module
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env.js';
import { actor } from '../actor.js';
import { ApiError } from '../errors.js';

/** The sites the caller may report on; `null` means every site. */
export function fundedOrManagedSites(c: Context<AppEnv>): readonly string[] | null {
  const a = actor(c);
  if (a.sites === 'all') return null;
  if (a.role === 'funder' && a.sites.length === 0)
    throw new ApiError(
      'forbidden',
      'this funder account funds no site yet: a manager or an admin must assign its site',
    );
  if (a.role !== 'manager' && a.role !== 'funder')
    throw new ApiError('forbidden', 'reports are for managers and funders');
  return a.sites;
}

/** The sites asked for (default: all the caller's), each checked against the caller's scope (403). */
export function reportSites(c: Context<AppEnv>, asked: readonly string[] | undefined): string[] {
  const mine = fundedOrManagedSites(c);
  if (asked === undefined || asked.length === 0) {
    if (mine === null || mine.length === 0)
      throw new ApiError('bad_request', 'site: name the site(s) to report on (site=atelier-demo)');
    return [...mine];
  }
  for (const s of asked) {
    if (mine !== null && !mine.includes(s))
      throw new ApiError('forbidden', `you may report on ${mine.join(', ')}, not "${s}"`);
  }
  return [...new Set(asked)];
}
