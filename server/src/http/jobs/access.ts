/**
 * The machine a job request is about, checked against the caller: its site (another site's
 * machine is a 404, as for no such machine), the gateway that serves it, and 403 unless the
 * caller may drive it now (`domain/jobs/machine-jobs.ts`).
 * @module
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { jobRefusal } from '../../domain/jobs/machine-jobs.js';
import { actor, onSite } from '../actor.js';
import type { AppEnv, JobDesk, RouteDeps } from '../env.js';
import { ApiError } from '../errors.js';
import { errorResponses, json } from '../openapi.js';

/**
 * What a job request may be refused with, from `drivenMachine()`: the caller may not drive it now
 * (403), no such machine on the caller's sites (404), no gateway serves it (409), no embedded
 * broker to publish on (503).
 */
export const drivenMachineResponses = {
  403: errorResponses[403],
  404: errorResponses[404],
  409: errorResponses[409],
  503: json(
    z.object({ code: z.string(), message: z.string() }),
    'Jobs need the embedded broker (MQTT_URL is set)',
  ),
};

export interface DrivenMachine {
  readonly id: string;
  readonly site: string;
  readonly gateway: string;
  readonly desk: JobDesk;
  readonly publish: (topic: string, payload: string) => Promise<void>;
}

/** What checking a driven machine reads: its site, the caller's slot now, its gateway, the job desk. */
export type DrivenMachineDeps = RouteDeps<
  'ingest' | 'gatewayCredentials' | 'jobs',
  'machines' | 'reservations' | 'clock'
>;

export async function drivenMachine(
  c: Context<AppEnv>,
  deps: DrivenMachineDeps,
  id: string,
): Promise<DrivenMachine> {
  const { services, ingest, gatewayCredentials, jobs } = deps;
  const site = (await services.machines.get(id))?.site ?? ingest.view(id)?.site;
  const a = actor(c);
  if (site === undefined || !onSite(a, site))
    throw new ApiError('machine_not_found', `no machine "${id}"`);
  const now = services.clock();
  const slots =
    a.role === 'artisan'
      ? await services.reservations.list({
          machine: id,
          statuses: ['confirmed'],
          from: now,
          to: now + 1,
        })
      : [];
  const refusal = jobRefusal(a, site, slots, now);
  if (refusal) throw new ApiError('forbidden', refusal);
  const gateway = (await gatewayCredentials.list(site)).find(
    (g) => !g.revoked && g.machines.includes(id),
  )?.gateway;
  if (gateway === undefined)
    throw new ApiError('conflict', `machine "${id}" has no gateway to run a job`);
  if (!jobs?.publish)
    throw new ApiError('unavailable', 'jobs need the embedded broker (MQTT_URL is set)');
  return { id, site, gateway, desk: jobs, publish: jobs.publish };
}
