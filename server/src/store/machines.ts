/** Machines and their last live view. */
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import type {
  BillingMode,
  BookableMachine,
  MachineKind,
  MachineStatus,
} from '../domain/booking/model.js';
import type { Db } from './db.js';
import { prepared } from './prepared.js';
import { heldStatements } from './transaction.js';
import type { Selectable } from 'kysely';
import type { Database } from './schema.js';

export interface StoredStatus {
  readonly view: MachineView;
  readonly stateTs: number;
}

export function machinesRepository(db: Db) {
  return {
    /** Every machine's last view, for the wall at start. */
    async loadStatuses(): Promise<StoredStatus[]> {
      const rows = await db.selectFrom('machine_status').select(['view', 'state_ts']).execute();
      return rows.map((r) => {
        const view = JSON.parse(r.view) as MachineView;
        // Views saved before `reasonCode` or `awaitingCheck` existed have none.
        return {
          view: {
            ...view,
            reasonCode: view.reasonCode ?? null,
            awaitingCheck: view.awaitingCheck ?? null,
          },
          stateTs: Number(r.state_ts),
        };
      });
    },

    /** Creates or updates the machine and its status in one transaction. */
    async saveStatus(view: MachineView, stateTs: number): Promise<void> {
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('machines')
          .values({
            id: view.id,
            site: view.site,
            name: view.name,
            kind: view.kind,
            profile: view.profile,
            firmware: view.firmware,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({
              site: view.site,
              name: view.name,
              kind: view.kind,
              profile: view.profile,
              firmware: view.firmware,
              updated_at: now,
            }),
          )
          .execute();
        await trx
          .insertInto('machine_status')
          .values({
            machine_id: view.id,
            view: JSON.stringify(view),
            state_ts: stateTs,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc
              .column('machine_id')
              .doUpdateSet({ view: JSON.stringify(view), state_ts: stateTs, updated_at: now }),
          )
          .execute();
      });
    },
  };
}
export type MachinesRepository = ReturnType<typeof machinesRepository>;

const bookableFromRow = (r: Selectable<Database['machines']>): BookableMachine => ({
  id: r.id,
  site: r.site,
  name: r.name,
  kind: (['printer', 'laser', 'cnc'].includes(r.kind) ? r.kind : 'other') as MachineKind,
  status: r.status as MachineStatus,
  hourlyRateCents: r.hourly_rate_cents,
  bufferMin: r.buffer_min,
  qualification: r.qualification_id,
  needsApproval: r.needs_approval === 1,
  billingMode: r.billing_mode as BillingMode,
  rules: JSON.parse(r.booking_rules) as BookableMachine['rules'],
  blackouts: JSON.parse(r.blackouts) as BookableMachine['blackouts'],
  group: r.group_id,
  materialRateCentsPerKg: r.material_rate_cents_per_kg,
});

// Read by every booking: compiled once (see prepared.ts).
const machineById = prepared((db: Db, id: string) =>
  db.selectFrom('machines').selectAll().where('id', '=', id),
);

// Newest first along (member_id, ended_at): the first session on such a machine is the answer.
const lastUseOf = prepared((db: Db, member: string, qualification: string) =>
  db
    .selectFrom('usage_sessions')
    .innerJoin('machines', 'machines.id', 'usage_sessions.machine_id')
    .select('usage_sessions.ended_at as last')
    .where('usage_sessions.member_id', '=', member)
    .where('machines.qualification_id', '=', qualification)
    .orderBy('usage_sessions.ended_at', 'desc')
    .limit(1),
);

const LAST_USE_SQL = `select usage_sessions.ended_at as last from usage_sessions
  inner join machines on machines.id = usage_sessions.machine_id
  where usage_sessions.member_id = ? and machines.qualification_id = ?
  order by usage_sessions.ended_at desc limit 1`;

/** Machines as things to book: their sharing settings, kept beside what telemetry says. */
export function bookableMachinesRepository(db: Db) {
  return {
    async list(
      filter: {
        site?: string | undefined;
        /** Machines of any of these sites. */
        sites?: readonly string[] | undefined;
        kind?: MachineKind | undefined;
        group?: string | undefined;
      } = {},
    ): Promise<BookableMachine[]> {
      let q = db.selectFrom('machines').selectAll().orderBy('id');
      if (filter.site) q = q.where('site', '=', filter.site);
      if (filter.sites) q = q.where('site', 'in', filter.sites.length ? [...filter.sites] : ['']);
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.group) q = q.where('group_id', '=', filter.group);
      return (await q.execute()).map(bookableFromRow);
    },
    async get(id: string): Promise<BookableMachine | undefined> {
      const [row] = await machineById(db, id);
      return row && bookableFromRow(row);
    },
    /** Declares a machine (before any telemetry) or updates its sharing settings. */
    async save(m: BookableMachine, profile = 'none'): Promise<void> {
      const now = Date.now();
      const values = {
        site: m.site,
        name: m.name,
        kind: m.kind,
        status: m.status,
        hourly_rate_cents: m.hourlyRateCents,
        buffer_min: m.bufferMin,
        qualification_id: m.qualification,
        needs_approval: m.needsApproval ? 1 : 0,
        billing_mode: m.billingMode,
        booking_rules: JSON.stringify(m.rules),
        blackouts: JSON.stringify(m.blackouts),
        group_id: m.group ?? null,
        material_rate_cents_per_kg: m.materialRateCentsPerKg ?? 0,
        updated_at: now,
      };
      await db
        .insertInto('machines')
        .values({ id: m.id, profile, firmware: null, created_at: now, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },
    /** The group of every machine in one (machine id → group), for group quotas. */
    async groups(): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('machines')
        .select(['id', 'group_id'])
        .where('group_id', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.id, r.group_id!]));
    },
    /**
     * The groups of machines of these sites, with their kind and machines: what "any of the
     * group" offers. A group is a label machines of one site share; the same label on two sites
     * names two groups.
     */
    async listGroups(sites: readonly string[]) {
      const rows = await db
        .selectFrom('machines')
        .select(['id', 'site', 'group_id', 'kind', 'name', 'status'])
        .where('group_id', 'is not', null)
        .where('site', 'in', sites.length ? [...sites] : [''])
        .orderBy('site')
        .orderBy('group_id')
        .orderBy('id')
        .execute();
      const groups = new Map<
        string,
        {
          id: string;
          site: string;
          kind: string;
          machines: { id: string; name: string; status: string }[];
        }
      >();
      for (const r of rows) {
        const key = `${r.site}\u0000${r.group_id}`;
        let g = groups.get(key);
        if (!g)
          groups.set(key, (g = { id: r.group_id!, site: r.site, kind: r.kind, machines: [] }));
        g.machines.push({ id: r.id, name: r.name, status: r.status });
      }
      return [...groups.values()];
    },
    /** End of the member's last usage session on a machine needing `qualification`, or null. */
    async lastUse(member: string, qualification: string): Promise<number | null> {
      const raw = heldStatements(db);
      const row = raw
        ? (raw.prepare(LAST_USE_SQL).get(member, qualification) as { last: number } | undefined)
        : (await lastUseOf(db, member, qualification))[0];
      return row === undefined ? null : Number(row.last);
    },
  };
}
export type BookableMachinesRepository = ReturnType<typeof bookableMachinesRepository>;
