/**
 * What Moonraker (Klipper's API server) says over its WebSocket, one matcher per message, each with
 * a real sample: <https://moonraker.readthedocs.io/en/latest/external_api/jsonrpc_notifications/>,
 * <https://moonraker.readthedocs.io/en/latest/external_api/printer/> and the printer objects of
 * <https://moonraker.readthedocs.io/en/latest/printer_objects/>.
 * @module
 */
import { isRecord, type MessageMatcher } from '../network.js';

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
  | { readonly kind: 'info'; readonly source: string; readonly firmware: string };

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
  // The answer to printer.info: {"state":"ready","software_version":"v0.12.0-208-g49c0ad63",…}
  (m) =>
    m.source === 'printer.info' &&
    isRecord(m.payload) &&
    typeof m.payload.software_version === 'string'
      ? { kind: 'info', source: m.source, firmware: `Klipper ${m.payload.software_version}` }
      : null,
];
