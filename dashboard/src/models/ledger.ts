/**
 * The manager's books: usage totals of a month by member, organisation or machine (the CSV of
 * every line goes to the bookkeeper by a link), and the audit log — who changed what — a page at
 * a time, filtered by what changed (a member, a machine…) or by the kind of change.
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { answer, type ServerApi, type Success } from '../api/server.js';

export type Totals = Success<ReturnType<ServerApi['accounting']['totals']['$get']>>['totals'];
export type GroupBy = 'member' | 'organisation' | 'machine';
export type AuditEntry = Success<ReturnType<ServerApi['audit']['$get']>>['entries'][number];
export type AccountLine = Success<ReturnType<ServerApi['accounts']['$get']>>['accounts'][number];

/** How many audit entries a page shows. */
export const AUDIT_PAGE = 50;

export interface AuditFilter {
  readonly target?: string;
  readonly action?: string;
}

export interface LedgerModel {
  readonly totals: ReadonlySignal<Totals>;
  readonly entries: ReadonlySignal<readonly AuditEntry[]>;
  /** Whether older entries may follow the page shown. */
  readonly more: ReadonlySignal<boolean>;
  /** The accounts the manager sees, to name who made each change. */
  readonly accounts: ReadonlySignal<readonly AccountLine[]>;
  /** The site's time zone (a month is the workshop's month). */
  timeZone(site: string): Promise<string>;
  loadTotals(query: { from: string; to: string; site: string | null; by: GroupBy }): Promise<void>;
  /** The newest entries matching `filter` (the first page). */
  loadAudit(filter: AuditFilter): Promise<void>;
  /** The next, older page after the last entry shown. */
  olderAudit(): Promise<void>;
}

export function createLedgerModel(api: ServerApi): LedgerModel {
  const totals = signal<Totals>([]);
  const entries = signal<readonly AuditEntry[]>([]);
  const more = signal(false);
  const accounts = signal<readonly AccountLine[]>([]);
  let filter: AuditFilter = {};
  const zones = new Map<string, string>();

  async function page(before?: number): Promise<AuditEntry[]> {
    const query = {
      limit: String(AUDIT_PAGE),
      ...(filter.target ? { target: filter.target } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(before === undefined ? {} : { before: String(before) }),
    };
    const got = (await answer(api.audit.$get({ query }))).entries;
    more.value = got.length === AUDIT_PAGE;
    return got;
  }

  return {
    totals,
    entries,
    more,
    accounts,
    async timeZone(site) {
      if (!zones.has(site))
        zones.set(
          site,
          (await answer(api.sites[':id'].$get({ param: { id: site } }))).site.timezone,
        );
      return zones.get(site)!;
    },
    async loadTotals({ from, to, site, by }) {
      totals.value = (
        await answer(
          api.accounting.totals.$get({ query: { from, to, by, ...(site ? { site } : {}) } }),
        )
      ).totals;
    },
    async loadAudit(next) {
      filter = next;
      const [got, people] = await Promise.all([
        page(),
        accounts.value.length ? null : answer(api.accounts.$get()),
      ]);
      entries.value = got;
      if (people) accounts.value = people.accounts;
    },
    async olderAudit() {
      const last = entries.value[entries.value.length - 1];
      if (!last) return;
      entries.value = [...entries.value, ...(await page(last.id))];
    },
  };
}
