/**
 * What OctoPrint says of the printer it drives: its REST API (<https://docs.octoprint.org/en/master/api/job.html>,
 * <https://docs.octoprint.org/en/master/api/printer.html>), polled, or the OctoPrint-MQTT plugin's
 * topics (<https://github.com/OctoPrint/OctoPrint-MQTT#topics>) relative to its base topic
 * (`octoPrint/` by default): `progress/printing`, `temperature/tool0`, `event/PrintDone`, `mqtt`; and
 * its push socket (<https://docs.octoprint.org/en/master/api/push.html>), whose frames the link
 * names `push/current`, `push/history`, `push/event`, `push/connected`.
 * @module
 */
import { isRecord, type MessageMatcher, num } from '../network.js';

/** `state.flags` of /api/printer and of the plugin's `printer_data`. */
export interface OctoFlags {
  readonly operational?: boolean;
  readonly printing?: boolean;
  readonly paused?: boolean;
  readonly pausing?: boolean;
  readonly cancelling?: boolean;
  readonly error?: boolean;
  readonly closedOrError?: boolean;
}

export interface PrinterState {
  readonly text?: string;
  readonly flags: OctoFlags;
  readonly error?: string;
}

export interface Heater {
  readonly actual?: number;
  readonly target?: number;
}

export type OctoPrintEvent =
  | ({
      readonly kind: 'printer';
      readonly source: string;
      readonly temps?: Readonly<Record<string, Heater>>;
    } & PrinterState)
  | {
      readonly kind: 'job';
      readonly source: string;
      readonly name?: string;
      /** 0–100, OctoPrint's `completion`. */
      readonly completion?: number;
      readonly printTime?: number;
      readonly printTimeLeft?: number;
      /** The plugin's `progress/printing` carries the printer's state too. */
      readonly printer?: PrinterState;
    }
  | {
      readonly kind: 'temperature';
      readonly source: string;
      readonly heater: string;
      readonly actual?: number;
      readonly target?: number;
    }
  | {
      readonly kind: 'print_event';
      readonly source: string;
      readonly event: string;
      readonly name?: string;
      readonly reason?: string;
    }
  /** The push socket's `current` or `history`: the printer's state, its job and its temperatures at once. */
  | ({
      readonly kind: 'current';
      readonly source: string;
      readonly temps?: Readonly<Record<string, Heater>>;
      readonly job: Extract<OctoPrintEvent, { kind: 'job' }>;
    } & PrinterState)
  /** The push socket's `connected`: OctoPrint's version. */
  | { readonly kind: 'server'; readonly source: string; readonly version: string }
  | { readonly kind: 'online'; readonly source: string; readonly online: boolean }
  /** /api/printer answered 409: OctoPrint runs, but is not connected to the printer. */
  | { readonly kind: 'not_connected'; readonly source: string };

const FLAGS = [
  'operational',
  'printing',
  'paused',
  'pausing',
  'cancelling',
  'error',
  'closedOrError',
] as const;

function printerState(state: unknown): PrinterState | null {
  if (!isRecord(state) || !isRecord(state.flags)) return null;
  const given = state.flags;
  const flags = Object.fromEntries(
    FLAGS.filter((f) => typeof given[f] === 'boolean').map((f) => [f, given[f]]),
  ) as OctoFlags;
  const error = typeof state.error === 'string' && state.error !== '' ? state.error : undefined;
  return {
    ...(typeof state.text === 'string' ? { text: state.text } : {}),
    flags,
    ...(error ? { error } : {}),
  };
}

function heater(value: unknown): Heater | null {
  if (!isRecord(value)) return null;
  const actual = num(value.actual);
  const target = num(value.target);
  return {
    ...(actual !== undefined ? { actual } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}

function printerEvent(source: string, body: Record<string, unknown>): OctoPrintEvent | null {
  const state = printerState(body.state);
  if (!state) return null;
  const temps: Record<string, Heater> = {};
  if (isRecord(body.temperature))
    for (const [name, value] of Object.entries(body.temperature)) {
      const h = /^(tool\d+|bed|chamber)$/.test(name) ? heater(value) : null;
      if (h) temps[name] = h;
    }
  return { kind: 'printer', source, ...state, ...(Object.keys(temps).length ? { temps } : {}) };
}

function jobEvent(
  source: string,
  job: unknown,
  progress: unknown,
  state?: unknown,
): OctoPrintEvent | null {
  const file = isRecord(job) && isRecord(job.file) ? job.file : undefined;
  const name =
    typeof file?.display === 'string'
      ? file.display
      : typeof file?.name === 'string'
        ? file.name
        : undefined;
  const p = isRecord(progress) ? progress : {};
  const fields = {
    ...(name ? { name } : {}),
    ...(num(p.completion) !== undefined ? { completion: num(p.completion) } : {}),
    ...(num(p.printTime) !== undefined ? { printTime: num(p.printTime) } : {}),
    ...(num(p.printTimeLeft) !== undefined ? { printTimeLeft: num(p.printTimeLeft) } : {}),
  };
  const printer = state === undefined ? null : printerState(state);
  return { kind: 'job', source, ...fields, ...(printer ? { printer } : {}) };
}

/** The last point of the push socket's `temps` list: `[{"time":…,"tool0":{"actual":…,"target":…},…}]`. */
function lastTemps(temps: unknown): Record<string, Heater> {
  const out: Record<string, Heater> = {};
  const point = Array.isArray(temps) ? temps.at(-1) : undefined;
  if (isRecord(point))
    for (const [name, value] of Object.entries(point)) {
      const h = /^(tool\d+|bed|chamber)$/.test(name) ? heater(value) : null;
      if (h) out[name] = h;
    }
  return out;
}

function printEvent(source: string, event: string, payload: unknown): OctoPrintEvent {
  const p = isRecord(payload) ? payload : {};
  return {
    kind: 'print_event',
    source,
    event,
    ...(typeof p.name === 'string' ? { name: p.name } : {}),
    ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
  };
}

export const octoprintMatchers: readonly MessageMatcher<OctoPrintEvent>[] = [
  // Push socket (https://docs.octoprint.org/en/master/api/push.html), `current` or `history`:
  // {"current":{"state":{"text":"Printing","flags":{…}},"job":{"file":{…}},"progress":{"completion":12.5,…},"temps":[{"time":…,"tool0":{…}}],…}}
  (m) => {
    if ((m.source !== 'push/current' && m.source !== 'push/history') || !isRecord(m.payload))
      return null;
    const state = printerState(m.payload.state);
    const job = jobEvent(m.source, m.payload.job, m.payload.progress);
    if (!state || !job || job.kind !== 'job') return null;
    const temps = lastTemps(m.payload.temps);
    return {
      kind: 'current',
      source: m.source,
      ...state,
      job,
      ...(Object.keys(temps).length ? { temps } : {}),
    };
  },
  // Push socket `event`: {"event":{"type":"PrintDone","payload":{"name":"whistle_v2.gcode","path":"…","time":1234.5,…}}}
  (m) => {
    if (m.source !== 'push/event' || !isRecord(m.payload)) return null;
    const type = m.payload.type;
    return typeof type === 'string' && /^Print\w+$/.test(type)
      ? printEvent(m.source, type, m.payload.payload)
      : null;
  },
  // Push socket `connected`: {"connected":{"version":"1.10.2","display_version":"1.10.2",…}}
  (m) =>
    m.source === 'push/connected' && isRecord(m.payload) && typeof m.payload.version === 'string'
      ? { kind: 'server', source: m.source, version: m.payload.version }
      : null,
  // GET /api/printer 409: "Printer is not operational"
  (m) =>
    m.source.startsWith('/api/printer') && m.status === 409
      ? { kind: 'not_connected', source: m.source }
      : null,
  // GET /api/printer: {"temperature":{"tool0":{"actual":214.8,"target":220},…},"state":{"text":"Printing","flags":{…}}}
  (m) =>
    m.source.startsWith('/api/printer') && isRecord(m.payload)
      ? printerEvent(m.source, m.payload)
      : null,
  // GET /api/job: {"job":{"file":{"name":"…"}},"progress":{"completion":22.1,"printTime":276,"printTimeLeft":912},"state":"Printing"}
  (m) =>
    m.source === '/api/job' && isRecord(m.payload)
      ? jobEvent(m.source, m.payload.job, m.payload.progress)
      : null,
  // progress/printing: {"location":"local","path":"…","progress":92,"printer_data":{"state":{…},"job":{…},"progress":{…}}}
  (m) => {
    if (
      m.source !== 'progress/printing' ||
      !isRecord(m.payload) ||
      !isRecord(m.payload.printer_data)
    )
      return null;
    const data = m.payload.printer_data;
    return jobEvent(m.source, data.job, data.progress, data.state);
  },
  // temperature/tool0: {"_timestamp":1517190629,"actual":25.8,"target":0}
  (m) => {
    const name = /^temperature\/(tool\d+|bed|chamber)$/.exec(m.source)?.[1];
    const reading = name ? heater(m.payload) : null;
    return name && reading
      ? { kind: 'temperature', source: m.source, heater: name, ...reading }
      : null;
  },
  // event/PrintDone {"name":"…","path":"…","time":1234.5}; event/PrintFailed {"reason":"cancelled"|"error",…}
  (m) => {
    const event = /^event\/(Print\w+)$/.exec(m.source)?.[1];
    return event ? printEvent(m.source, event, m.payload) : null;
  },
  // mqtt: `connected`, or the last will `disconnected`
  (m) =>
    m.source === 'mqtt' && (m.payload === 'connected' || m.payload === 'disconnected')
      ? { kind: 'online', source: m.source, online: m.payload === 'connected' }
      : null,
];
