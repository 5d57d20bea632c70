/**
 * What the site's machines did over a period, for the fab manager: each machine's and each
 * group's utilisation (running time, share of opening hours, staffed vs unattended, hour ×
 * weekday heat map, from GET /machines/{id}/utilisation and /machine-groups/…/utilisation) beside
 * the hours booked and the no-shows of the books (GET /accounting/totals?by=machine).
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';
import type { SiteMachine } from './machine-sharing.js';
import type { Totals } from './ledger.js';

export type MachineUtilisation = Success<
  ReturnType<ServerApi['machines'][':id']['utilisation']['$get']>
>;
export type GroupUtilisation = Success<
  ReturnType<ServerApi['machine-groups'][':site'][':group']['utilisation']['$get']>
>;

export interface UtilisationFigures {
  readonly machines: readonly SiteMachine[];
  readonly byMachine: ReadonlyMap<string, MachineUtilisation>;
  readonly byGroup: ReadonlyMap<string, GroupUtilisation>;
  /** The books of the period by machine id: hours booked and used, no-shows. */
  readonly books: ReadonlyMap<string, Totals[number]>;
  readonly from: string;
  readonly to: string;
}

export interface UtilisationModel {
  /** The last period read (null before the first). */
  readonly figures: ReadonlySignal<UtilisationFigures | null>;
  /** The site's time zone: a week is the workshop's week. */
  timeZone(site: string): Promise<string>;
  load(query: { site: string; from: string; to: string }): Promise<void>;
}

export function createUtilisationModel(api: ServerApi): UtilisationModel {
  const figures = signal<UtilisationFigures | null>(null);
  const zones = new Map<string, string>();
  // A period picked while the previous one is still being read: only the last asked is shown.
  let asked = 0;
  return {
    figures,
    async timeZone(site) {
      if (!zones.has(site))
        zones.set(
          site,
          (await answer(api.sites[':id'].$get({ param: { id: site } }))).site.timezone,
        );
      return zones.get(site)!;
    },
    async load({ site, from, to }) {
      const mine = ++asked;
      const { machines } = await answer(api.sites[':id'].machines.$get({ param: { id: site } }));
      const groups = [...new Set(machines.flatMap((m) => (m.group ? [m.group] : [])))].sort();
      const query = { from, to };
      const [each, perGroup, totals] = await Promise.all([
        Promise.all(
          machines.map((m) =>
            answer(api.machines[':id'].utilisation.$get({ param: { id: m.id }, query })),
          ),
        ),
        Promise.all(
          groups.map((group) =>
            answer(
              api['machine-groups'][':site'][':group'].utilisation.$get({
                param: { site, group },
                query,
              }),
            ),
          ),
        ),
        answer(api.accounting.totals.$get({ query: { from, to, site, by: 'machine' } })),
      ]);
      if (mine !== asked) return;
      figures.value = {
        machines,
        byMachine: new Map(each.map((u) => [u.machine, u])),
        byGroup: new Map(perGroup.map((g) => [g.group, g])),
        books: new Map(totals.totals.map((t) => [t.key, t])),
        from,
        to,
      };
    },
  };
}
