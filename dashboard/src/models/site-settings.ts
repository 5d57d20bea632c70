/**
 * A site's calendar settings, for a fab manager and for the booking page: its weekly opening
 * (staffed) hours, whether a slot must lie
 * wholly in staffed hours or only start there (an unattended print runs on overnight), which
 * public holidays close the workshop, and the coming closed days the server derives from them.
 * Saved whole with PUT /api/sites/{id}: the rest of the site (hours, closures, rules) unchanged.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type SiteSettings = Success<ReturnType<ServerApi['sites'][':id']['$get']>>['site'];
export type ClosedDay = Success<
  ReturnType<ServerApi['sites'][':id']['closed-days']['$get']>
>['days'][number];
export type StaffedHours = 'whole_slot' | 'start';

export interface SiteSettingsModel {
  /** The site last loaded (null before, or while another loads). */
  readonly site: ReadonlySignal<SiteSettings | null>;
  /** Its closed days from today, a year ahead (every calendar has a holiday in it). */
  readonly closedDays: ReadonlySignal<readonly ClosedDay[]>;
  load(site: string): Promise<void>;
  /** Saves the opening (staffed) hours, their rule and the holiday calendar; the closed days follow. */
  save(change: {
    readonly openingHours: SiteSettings['openingHours'];
    readonly staffedHours: StaffedHours;
    readonly holidays: string;
  }): Promise<void>;
  /** The closed days of `days` days from `from` (YYYY-MM-DD), without keeping them. */
  closedBetween(site: string, from: string, days: number): Promise<readonly ClosedDay[]>;
}

export function createSiteSettingsModel(api: ServerApi): SiteSettingsModel {
  const site = signal<SiteSettings | null>(null);
  const closedDays = signal<readonly ClosedDay[]>([]);
  const closedBetween = async (id: string, from: string | undefined, days: number) =>
    (
      await answer(
        api.sites[':id']['closed-days'].$get({
          param: { id },
          query: { ...(from ? { from } : {}), days: String(days) },
        }),
      )
    ).days;
  async function load(id: string): Promise<void> {
    site.value = null;
    const [{ site: s }, days] = await Promise.all([
      answer(api.sites[':id'].$get({ param: { id } })),
      closedBetween(id, undefined, 366),
    ]);
    site.value = s;
    closedDays.value = days;
  }
  return {
    site,
    closedDays,
    load,
    async save(change) {
      const current = site.value;
      if (!current) throw new Error('load the site first');
      const { id, ...settings } = current;
      await answer(
        api.sites[':id'].$put({
          param: { id },
          json: {
            ...settings,
            openingHours: change.openingHours,
            holidays: change.holidays,
            rules: { ...settings.rules, staffedHours: change.staffedHours },
          },
        }),
      );
      await load(id);
    },
    closedBetween: (id, from, days) => closedBetween(id, from, days),
  };
}
