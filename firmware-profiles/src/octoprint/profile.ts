/**
 * Printers OctoPrint already drives (its serial port is OctoPrint's, not ours): its REST API with an
 * API key and its push socket (polled only while the socket is closed or silent), or the
 * OctoPrint-MQTT plugin's topics on a broker. Over HTTP a job's end is read
 * from the flags (done when it reached 100 %, else cancelled, or failed on an error); over MQTT
 * from the plugin's `PrintDone`, `PrintFailed` and `PrintCancelled` events.
 * @module
 */
import type { Metrics } from '../contract/index.js';
import {
  type ClockTick,
  matchMessage,
  type NetworkProfile,
  type NetworkSnapshot,
  tenth,
  type UnknownMessage,
} from '../network.js';
import type { ProfileNotice } from '../profile.js';
import {
  type Heater,
  type OctoFlags,
  type OctoPrintEvent,
  octoprintMatchers,
  type PrinterState,
} from './parsers.js';

export interface OctoPrintModel {
  readonly printer?: PrinterState;
  readonly temps: Readonly<Record<string, Heater>>;
  readonly job: {
    readonly name?: string;
    readonly completion?: number;
    readonly printTime?: number;
    readonly printTimeLeft?: number;
  };
  readonly online?: boolean;
  readonly notConnected?: boolean;
  /**
   * A job began, seen through /api/printer alone: the job's file is not known yet (the model's may
   * be the last job's, which /api/job shows until the next), so the next /api/job names it.
   */
  readonly awaitingName?: boolean;
  /** OctoPrint's version, from the push socket's `connected`. */
  readonly version?: string;
}

const active = (f: OctoFlags | undefined) =>
  Boolean(f && (f.printing || f.paused || f.pausing || f.cancelling));

/** A job seen ending through the flags only (HTTP polling): how it ended. */
function endFromFlags(model: OctoPrintModel, next: PrinterState): ProfileNotice | null {
  if (!active(model.printer?.flags) || active(next.flags)) return null;
  if (next.flags.error)
    return {
      type: 'job_outcome',
      outcome: 'failed',
      ...(next.error ? { reason: next.error } : {}),
    };
  if (model.printer?.flags.cancelling) return { type: 'job_outcome', outcome: 'cancelled' };
  return (model.job.completion ?? 0) >= 99.5
    ? { type: 'job_outcome', outcome: 'completed' }
    : { type: 'job_outcome', outcome: 'cancelled' };
}

/** `withJob`: the state came with its job (push socket, MQTT plugin), so the job's name is fresh. */
function withPrinter(
  model: OctoPrintModel,
  next: PrinterState,
  withJob = true,
): { model: OctoPrintModel; notices: ProfileNotice[] } {
  const notices: ProfileNotice[] = [];
  const end = endFromFlags(model, next);
  if (end) notices.push(end);
  const starts = !active(model.printer?.flags) && active(next.flags);
  if (starts && withJob && model.job.name) notices.push({ type: 'job_name', name: model.job.name });
  const { notConnected: _n, awaitingName, ...rest } = model;
  const awaiting = starts ? !withJob : (awaitingName ?? false) && active(next.flags);
  return {
    model: {
      ...rest,
      online: model.online ?? true,
      printer: next,
      ...(awaiting ? { awaitingName: true } : {}),
    },
    notices,
  };
}

const EVENT_FLAGS: Readonly<Record<string, OctoFlags>> = {
  PrintStarted: { operational: true, printing: true },
  PrintPaused: { operational: true, paused: true },
  PrintResumed: { operational: true, printing: true },
  PrintDone: { operational: true },
  PrintFailed: { operational: true },
  PrintCancelled: { operational: true },
};

function reducePrintEvent(
  model: OctoPrintModel,
  e: Extract<OctoPrintEvent, { kind: 'print_event' }>,
) {
  const flags = EVENT_FLAGS[e.event];
  if (!flags) return { model, notices: [] };
  const notices: ProfileNotice[] = [];
  if (e.event === 'PrintStarted' && e.name) notices.push({ type: 'job_name', name: e.name });
  if (e.event === 'PrintDone') notices.push({ type: 'job_outcome', outcome: 'completed' });
  if (e.event === 'PrintCancelled' || (e.event === 'PrintFailed' && e.reason === 'cancelled'))
    notices.push({ type: 'job_outcome', outcome: 'cancelled' });
  else if (e.event === 'PrintFailed')
    notices.push({
      type: 'job_outcome',
      outcome: 'failed',
      reason: 'OctoPrint a arrêté l’impression sur une erreur',
    });
  const job = e.event === 'PrintStarted' ? { ...(e.name ? { name: e.name } : {}) } : model.job;
  return { model: { ...model, job, printer: { text: e.event, flags } }, notices };
}

function snapshot(model: OctoPrintModel): NetworkSnapshot {
  const metrics: Metrics = {};
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined) metrics[key] = tenth(value);
  };
  const names: Record<string, string> = {
    tool0: 'hotend',
    tool1: 'hotend1',
    bed: 'bed',
    chamber: 'chamber',
  };
  for (const [heater, reading] of Object.entries(model.temps)) {
    const name = names[heater];
    if (!name) continue;
    put(`${name}_temp_c`, reading.actual);
    put(`${name}_target_c`, reading.target);
  }
  const flags = model.printer?.flags;
  const jobActive = active(flags);
  if (jobActive) {
    put('progress_pct', model.job.completion);
    if (model.job.printTime !== undefined) metrics.elapsed_s = Math.round(model.job.printTime);
    if (model.job.printTimeLeft !== undefined)
      metrics.time_left_s = Math.round(model.job.printTimeLeft);
  }
  if (model.online === false)
    return { state: 'idle', metrics, jobActive, offline: 'OctoPrint a quitté le broker MQTT' };
  if (model.notConnected || (flags?.closedOrError && !flags.error && !flags.operational))
    return {
      state: 'idle',
      metrics,
      jobActive: false,
      offline: 'OctoPrint n’est pas connecté à l’imprimante',
    };
  if (flags?.error)
    return {
      state: 'error',
      reason: model.printer?.error ?? 'OctoPrint signale une erreur de l’imprimante',
      metrics,
      jobActive,
    };
  if (flags?.paused || flags?.pausing)
    return { state: 'paused', detail: 'hold', metrics, jobActive };
  if (flags?.printing || flags?.cancelling) return { state: 'running', metrics, jobActive };
  return { state: 'idle', metrics, jobActive };
}

const baseOf = (device: { device?: string }) => device.device ?? 'octoPrint';

function reduceJob(
  model: OctoPrintModel,
  event: Extract<OctoPrintEvent, { kind: 'job' }>,
): { model: OctoPrintModel; notices: ProfileNotice[] } {
  const { kind: _k, source: _s, printer, ...job } = event;
  const other = job.name !== undefined && job.name !== model.job.name;
  const next = { ...model, job: { ...(other ? {} : model.job), ...job } };
  if (printer) return withPrinter(next, printer);
  // Over HTTP the printer's state comes first: name the job once its file is known.
  const named =
    (other || model.awaitingName === true) &&
    job.name !== undefined &&
    active(model.printer?.flags);
  if (!named) return { model: next, notices: [] };
  const { awaitingName: _a, ...rest } = next;
  return { model: rest, notices: [{ type: 'job_name', name: job.name as string }] };
}

export const octoprintProfile: NetworkProfile<OctoPrintEvent, OctoPrintModel> = {
  id: 'octoprint',
  label: 'OctoPrint (API REST, ou extension MQTT)',
  kinds: ['printer'],
  transports: ['http', 'mqtt'],
  needsDevice: false,
  needsPower: false,
  jobEndGraceMs: 5000,
  http: {
    paths: ['/api/printer', '/api/job'],
    everyMs: 2000,
    apiKeyHeader: 'X-Api-Key',
    // https://docs.octoprint.org/en/master/api/push.html: a passive login with the API key gives
    // the session the socket's `auth` message names; `throttle: 2` asks one `current` a second.
    // SockJS serves a raw WebSocket at `<prefix>/websocket`, no SockJS framing.
    push: {
      path: '/sockjs/websocket',
      login: { path: '/api/login', body: { passive: true } },
      hello: (login) => {
        const l = login as { name?: unknown; session?: unknown } | undefined;
        return [
          ...(typeof l?.name === 'string' && typeof l.session === 'string'
            ? [{ auth: `${l.name}:${l.session}` }]
            : []),
          { throttle: 2 },
        ];
      },
      staleAfterMs: 10_000,
    },
  },
  mqtt: {
    defaultPort: 1883,
    tls: false,
    subscriptions: (device) =>
      ['progress/printing', 'temperature/+', 'event/+', 'mqtt'].map(
        (t) => `${baseOf(device)}/${t}`,
      ),
    sourceOf: (topic, device) =>
      topic.startsWith(`${baseOf(device)}/`) ? topic.slice(baseOf(device).length + 1) : null,
    onConnect: () => [],
  },

  parse: (message) => matchMessage(octoprintMatchers, message),
  initialModel: () => ({ temps: {}, job: {} }),
  reduce(model, event: OctoPrintEvent | UnknownMessage | ClockTick) {
    switch (event.kind) {
      case 'printer': {
        const { kind: _k, source: _s, temps, ...state } = event;
        const step = withPrinter(model, state, false);
        return {
          model: { ...step.model, temps: { ...model.temps, ...(temps ?? {}) } },
          notices: step.notices,
        };
      }
      case 'job':
        return reduceJob(model, event);
      case 'current': {
        // One frame says the job and the printer's state together: the job first, so that a job
        // starting in this frame is named.
        const { kind: _k, source: _s, temps, job, ...state } = event;
        const named = reduceJob(model, job);
        const step = withPrinter(named.model, state);
        return {
          model: { ...step.model, temps: { ...model.temps, ...(temps ?? {}) } },
          notices: [...named.notices, ...step.notices],
        };
      }
      case 'server':
        return { model: { ...model, version: event.version }, notices: [] };
      case 'temperature':
        return {
          model: {
            ...model,
            temps: {
              ...model.temps,
              [event.heater]: {
                ...model.temps[event.heater],
                ...(event.actual !== undefined ? { actual: event.actual } : {}),
                ...(event.target !== undefined ? { target: event.target } : {}),
              },
            },
          },
          notices: [],
        };
      case 'print_event':
        return reducePrintEvent(model, event);
      case 'online':
        return { model: { ...model, online: event.online }, notices: [] };
      case 'not_connected':
        return { model: { ...model, notConnected: true }, notices: [] };
      default:
        return { model, notices: [] };
    }
  },
  snapshot,
  firmware: (model) => (model.version ? `OctoPrint ${model.version}` : undefined),
};
