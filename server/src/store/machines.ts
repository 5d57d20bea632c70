/** Machines and their last live view. */
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import type { Db } from './db.js';

export interface StoredStatus {
  readonly view: MachineView;
  readonly stateTs: number;
}

export function machinesRepository(db: Db) {
  return {
    /** Every machine's last view, for the wall at start. */
    async loadStatuses(): Promise<StoredStatus[]> {
      const rows = await db.selectFrom('machine_status').select(['view', 'state_ts']).execute();
      return rows.map((r) => ({ view: JSON.parse(r.view) as MachineView, stateTs: Number(r.state_ts) }));
    },

    /** Creates or updates the machine and its status in one transaction. */
    async saveStatus(view: MachineView, stateTs: number): Promise<void> {
      const now = Date.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('machines')
          .values({ id: view.id, site: view.site, name: view.name, kind: view.kind, profile: view.profile, firmware: view.firmware, created_at: now, updated_at: now })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({ site: view.site, name: view.name, kind: view.kind, profile: view.profile, firmware: view.firmware, updated_at: now }),
          )
          .execute();
        await trx
          .insertInto('machine_status')
          .values({ machine_id: view.id, view: JSON.stringify(view), state_ts: stateTs, updated_at: now })
          .onConflict((oc) => oc.column('machine_id').doUpdateSet({ view: JSON.stringify(view), state_ts: stateTs, updated_at: now }))
          .execute();
      });
    },
  };
}
export type MachinesRepository = ReturnType<typeof machinesRepository>;
