/**
 * What Moonraker (Klipper's API server) says over its WebSocket, one matcher per message, each with
 * a real sample: <https://moonraker.readthedocs.io/en/latest/external_api/jsonrpc_notifications/>,
 * <https://moonraker.readthedocs.io/en/latest/external_api/printer/> and the printer objects of
 * <https://moonraker.readthedocs.io/en/latest/printer_objects/>.
 * @module
 */
import { isRecord, type MessageMatcher, num } from '../network.js';
import type { PastJob } from '../profile.js';

/** The printer objects this profile subscribes to, and the fields it reads from each. */
export const SUBSCRIBED = {
  print_stats: ['state', 'filename', 'message', 'print_duration', 'info'],
  display_status: ['progress', 'message'],
  virtual_sdcard: ['progress'],
  extruder: ['temperature', 'target'],
  heater_bed: ['temperature', 'target'],
  webhooks: ['state', 'state_message'],
} as const;

export type MoonrakerObjects = {
  readonly [K in keyof typeof SUBSCRIBED]?: Readonly<Record<string, unknown>>;
};

export type MoonrakerEvent =
  /** Changed fields of the subscribed objects (a delta), or all of them (the subscribe answer). */
  | { readonly kind: 'status'; readonly source: string; readonly objects: MoonrakerObjects }
  | {
      readonly kind: 'klippy';
      readonly source: string;
      readonly state: 'ready' | 'shutdown' | 'disconnected';
    }
  | { readonly kind: 'info'; readonly source: string; readonly firmware: string }
  /** Finished jobs of Moonraker's history (the list asked at connect, or one just finished). */
  | { readonly kind: 'history'; readonly source: string; readonly jobs: readonly PastJob[] };

/**
 * Moonraker's job statuses (https://moonraker.readthedocs.io/en/latest/external_api/history/):
 * how each one ends a job, and why in words when it failed.
 */
const HISTORY_OUTCOMES: Readonly<Record<string, { outcome: PastJob['outcome']; reason?: string }>> =
  {
    completed: { outcome: 'completed' },
    cancelled: { outcome: 'cancelled' },
    error: { outcome: 'failed', reason: 'Klipper a arrêté l’impression sur une erreur' },
    klippy_shutdown: {
      outcome: 'failed',
      reason: 'Klipper s’est arrêté (shutdown) pendant l’impression',
    },
    klippy_disconnect: {
      outcome: 'failed',
      reason: 'Moonraker a perdu Klipper pendant l’impression',
    },
    interrupted: { outcome: 'failed', reason: 'Moonraker a été interrompu pendant l’impression' },
  };

/** One entry of the history, if it is a finished job; `in_progress` and unknown statuses are not. */
function pastJob(entry: unknown): PastJob | null {
  if (!isRecord(entry) || typeof entry.job_id !== 'string') return null;
  const how = typeof entry.status === 'string' ? HISTORY_OUTCOMES[entry.status] : undefined;
  const start = num(entry.start_time);
  const end = num(entry.end_time);
  if (!how || start === undefined || end === undefined || end < start) return null;
  // A power sensor's `power_consumption` in kWh, when Moonraker has one ([sensor] with history).
  const power = Array.isArray(entry.auxiliary_data)
    ? entry.auxiliary_data.find(
        (a) => isRecord(a) && a.name === 'power_consumption' && a.units === 'kWh',
      )
    : undefined;
  const kwh = isRecord(power) ? num(power.value) : undefined;
  return {
    deviceJobId: entry.job_id,
    ...(typeof entry.filename === 'string' && entry.filename !== ''
      ? { name: entry.filename }
      : {}),
    startedAt: Math.round(start * 1000),
    endedAt: Math.round(end * 1000),
    ...how,
    activeSeconds: Math.round((num(entry.print_duration) ?? 0) * 1000) / 1000,
    ...(kwh !== undefined && kwh >= 0 ? { energyWh: Math.round(kwh * 1_000_000) / 1000 } : {}),
  };
}

function objects(status: unknown): MoonrakerObjects | null {
  if (!isRecord(status)) return null;
  const found: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(SUBSCRIBED) as (keyof typeof SUBSCRIBED)[]) {
    const value = status[name];
    if (!isRecord(value)) continue;
    const fields = Object.fromEntries(
      Object.entries(value).filter(([k]) => (SUBSCRIBED[name] as readonly string[]).includes(k)),
    );
    if (Object.keys(fields).length > 0) found[name] = fields;
  }
  return Object.keys(found).length > 0 ? found : null;
}

export const moonrakerMatchers: readonly MessageMatcher<MoonrakerEvent>[] = [
  // {"jsonrpc":"2.0","method":"notify_status_update","params":[{"extruder":{"temperature":209.9}},578243.57]}
  (m) => {
    if (m.source !== 'notify_status_update' || !Array.isArray(m.payload)) return null;
    const found = objects(m.payload[0]);
    return found ? { kind: 'status', source: m.source, objects: found } : null;
  },
  // The answer to printer.objects.subscribe (or .query): {"eventtime":1521.63,"status":{"print_stats":{…},…}}
  (m) => {
    if (m.source !== 'printer.objects.subscribe' && m.source !== 'printer.objects.query')
      return null;
    const found = isRecord(m.payload) ? objects(m.payload.status) : null;
    return found ? { kind: 'status', source: m.source, objects: found } : null;
  },
  // {"jsonrpc":"2.0","method":"notify_klippy_shutdown"} (also _ready, _disconnected)
  (m) => {
    const state = /^notify_klippy_(ready|shutdown|disconnected)$/.exec(m.source)?.[1];
    return state
      ? { kind: 'klippy', source: m.source, state: state as 'ready' | 'shutdown' | 'disconnected' }
      : null;
  },
  // The answer to server.history.list: {"count":1,"jobs":[{"job_id":"000001","end_time":1615764265.65,"filename":"…","print_duration":18.37,"status":"completed","start_time":…,…}]}
  (m) => {
    if (
      m.source !== 'server.history.list' ||
      !isRecord(m.payload) ||
      !Array.isArray(m.payload.jobs)
    )
      return null;
    const jobs = m.payload.jobs.map(pastJob).filter((j): j is PastJob => j !== null);
    return { kind: 'history', source: m.source, jobs };
  },
  // {"jsonrpc":"2.0","method":"notify_history_changed","params":[{"action":"finished","job":{…}}]} (also "added", at a start)
  (m) => {
    if (m.source !== 'notify_history_changed' || !Array.isArray(m.payload)) return null;
    const change = m.payload[0];
    if (!isRecord(change) || change.action !== 'finished') return null;
    const job = pastJob(change.job);
    return job ? { kind: 'history', source: m.source, jobs: [job] } : null;
  },
  // The answer to printer.info: {"state":"ready","software_version":"v0.12.0-208-g49c0ad63",…}
  (m) =>
    m.source === 'printer.info' &&
    isRecord(m.payload) &&
    typeof m.payload.software_version === 'string'
      ? { kind: 'info', source: m.source, firmware: `Klipper ${m.payload.software_version}` }
      : null,
];
