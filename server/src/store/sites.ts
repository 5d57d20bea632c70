/** Sites: opening hours, closures, blackouts and booking rules (JSON columns). */
import { DEFAULT_RULES, type Site } from '../domain/booking/model.js';
import type { Db } from './db.js';
import type { Database } from './schema.js';

type Row = Database['sites'];

export function siteFromRow(r: Row): Site {
  return {
    id: r.id,
    name: r.name,
    timezone: r.timezone,
    openingHours: JSON.parse(r.opening_hours) as Site['openingHours'],
    closures: JSON.parse(r.closures) as Site['closures'],
    holidays: r.holidays as Site['holidays'],
    blackouts: JSON.parse(r.blackouts) as Site['blackouts'],
    rules: { ...DEFAULT_RULES, ...(JSON.parse(r.rules) as Partial<Site['rules']>) },
  };
}

export function sitesRepository(db: Db) {
  return {
    async list(): Promise<Site[]> {
      return (await db.selectFrom('sites').selectAll().orderBy('id').execute()).map(siteFromRow);
    },
    async get(id: string): Promise<Site | undefined> {
      const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
      return row && siteFromRow(row);
    },
    /** Creates or replaces the site. */
    async save(site: Site): Promise<void> {
      const now = Date.now();
      const values = {
        name: site.name,
        timezone: site.timezone,
        opening_hours: JSON.stringify(site.openingHours),
        closures: JSON.stringify(site.closures),
        holidays: site.holidays,
        blackouts: JSON.stringify(site.blackouts),
        rules: JSON.stringify(site.rules),
        updated_at: now,
      };
      await db
        .insertInto('sites')
        .values({ id: site.id, ...values, created_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
  };
}
export type SitesRepository = ReturnType<typeof sitesRepository>;
