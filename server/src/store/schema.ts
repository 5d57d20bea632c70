/**
 * Table types for Kysely. Times are epoch milliseconds (integers) so the same SQL runs on SQLite
 * and PostgreSQL (`bigint`).
 * @module
 */
export interface Database {
  machines: {
    id: string;
    site: string;
    name: string;
    kind: string;
    profile: string;
    firmware: string | null;
    created_at: number;
    updated_at: number;
  };
  /** The machine's last live view (JSON), so the wall is right after a restart. */
  machine_status: {
    machine_id: string;
    view: string;
    state_ts: number;
    updated_at: number;
  };
  gateways: {
    id: string;
    site: string;
    online: number;
    last_seen: number;
    last_seq: number;
    losses: number;
  };
  usage_sessions: {
    id: string;
    site: string;
    machine_id: string;
    gateway: string;
    name: string | null;
    started_at: number;
    ended_at: number;
    outcome: string;
    reason: string | null;
    wall_s: number;
    active_s: number;
    beam_s: number | null;
    spindle_s: number | null;
    energy_wh: number | null;
    recorded_at: number;
  };
}
