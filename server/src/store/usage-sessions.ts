/** Usage sessions: one row per job, keyed by the gateway's stable job id, so a replay updates, never duplicates. */
import type { UsageSession } from '../domain/usage-session.js';
import type { Db } from './db.js';

export function usageSessionsRepository(db: Db) {
  return {
    async record(s: UsageSession): Promise<void> {
      const values = {
        site: s.site,
        machine_id: s.machine,
        gateway: s.gateway,
        name: s.name,
        started_at: s.startedAt,
        ended_at: s.endedAt,
        outcome: s.outcome,
        reason: s.reason,
        wall_s: s.wallSeconds,
        active_s: s.activeSeconds,
        beam_s: s.beamSeconds,
        spindle_s: s.spindleSeconds,
        energy_wh: s.energyWh,
        recorded_at: Date.now(),
      };
      await db.insertInto('usage_sessions').values({ id: s.id, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    },

    async list(filter: { machine?: string; from?: number; to?: number; limit?: number } = {}) {
      let q = db.selectFrom('usage_sessions').selectAll().orderBy('started_at', 'desc').limit(filter.limit ?? 100);
      if (filter.machine) q = q.where('machine_id', '=', filter.machine);
      if (filter.from !== undefined) q = q.where('ended_at', '>=', filter.from);
      if (filter.to !== undefined) q = q.where('started_at', '<', filter.to);
      return q.execute();
    },
  };
}
export type UsageSessionsRepository = ReturnType<typeof usageSessionsRepository>;
