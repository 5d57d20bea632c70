/**
 * The site of a machine addressed by its id, for the routes of `http/machines/`: a 404 when there
 * is no such machine, and the same 404 when its site is not one of the caller's. A site learns
 * nothing of another's machines through what only that site may do with them (history, access,
 * maintenance log, after-use check, outage preview, jobs); the wall shows every machine on
 * purpose, through its own public routes.
 * @module
 */
import type { Context } from 'hono';
import { actor, onSite } from '../actor.js';
import type { AppEnv, RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';

/** What finding a machine's site reads: the declared machines and, for `seen`, the live views. */
export type MachineSiteDeps = RouteDeps<'ingest', 'machines'>;

/**
 * The machine's site. `seen`: a machine only known from its telemetry (not declared yet) counts
 * too, for what needs no booking rules (its maintenance log).
 */

export async function machineSite(
  { services, ingest }: MachineSiteDeps,
  id: string,
  { seen = false }: { seen?: boolean } = {},
): Promise<string> {
  const site =
    (await services.machines.get(id))?.site ?? (seen ? ingest.view(id)?.site : undefined);
  if (site === undefined) throw new ApiError('machine_not_found', `no machine "${id}"`);
  return site;
}

/** The machine's site, when it is one of the caller's (404 otherwise, as for no such machine). */
export async function machineOnMySite(
  c: Context<AppEnv>,
  deps: MachineSiteDeps,
  id: string,
  options?: { seen?: boolean },
): Promise<string> {
  const site = await machineSite(deps, id, options);
  if (!onSite(actor(c), site)) throw new ApiError('machine_not_found', `no machine "${id}"`);
  return site;
}
