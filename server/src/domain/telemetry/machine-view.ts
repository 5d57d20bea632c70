/**
 * The live view of a machine, built from the messages the gateways publish. Pure: the ingest
 * calls `applyMessage` and stores and broadcasts what comes out.
 * @module
 */
import type { DecodedMessage, MachineView } from '@manufacto/firmware-profiles/contract';

type MachineMessage = Extract<DecodedMessage, { machine: string }>;

/** The last second formatted, `2026-12-02T14:22:32.`: telemetry comes many times a second. */
let second = Number.NaN;
let secondText = '';

/**
 * `new Date(ms).toISOString()`, formatting the date and time once a second: telemetry at tens of
 * thousands of messages a second spent more in formatting its `updatedAt` than in merging it.
 */
export function iso(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s !== second || !Number.isInteger(ms)) {
    const text = new Date(ms).toISOString();
    if (!Number.isInteger(ms) || text.length !== 24) return text;
    second = s;
    secondText = text.slice(0, 20);
    return text;
  }
  const milli = ms - s * 1000;
  return `${secondText}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/**
 * The later of two instants as `iso` writes them: such strings sort as their instants do, so the
 * stored one need not be parsed back at every message.
 */
const later = (a: string, b: string) =>
  a.length === 24 && b.length === 24 ? (a > b ? a : b) : Date.parse(a) >= Date.parse(b) ? a : b;

/**
 * The view after one message, or `undefined` when the message says nothing about the view
 * (an alarm, a command) or comes too late to change it. A machine is known from its first state
 * message, which carries its name and kind; readings for an unknown machine wait for it.
 */
export function applyMessage(
  view: MachineView | undefined,
  decoded: MachineMessage,
  stateTs: number | undefined,
): { view: MachineView; stateTs: number } | undefined {
  const { message } = decoded;
  switch (decoded.kind) {
    case 'state': {
      const m = decoded.message;
      // A replayed older state must not overwrite a newer one (retained re-delivery, outbox replay).
      if (view && stateTs !== undefined && m.ts < stateTs) return undefined;
      return {
        stateTs: m.ts,
        view: {
          id: decoded.machine,
          site: decoded.site,
          name: m.machine.name,
          kind: m.machine.kind,
          profile: m.machine.profile,
          firmware: m.machine.firmware ?? view?.firmware ?? null,
          state: view?.state === 'maintenance' ? 'maintenance' : m.state,
          detail: m.detail ?? null,
          reason: m.reason ?? null,
          reasonCode: m.reasonCode ?? null,
          since: iso(m.since),
          metrics: m.state === 'offline' ? {} : (view?.metrics ?? {}),
          job: m.state === 'offline' ? null : (view?.job ?? null),
          // The server's own word, laid over the gateway's: a state message does not change it.
          awaitingCheck: view?.awaitingCheck ?? null,
          gateway: m.gateway,
          gatewayOnline: true,
          updatedAt: view ? later(iso(m.ts), view.updatedAt) : iso(m.ts),
        },
      };
    }
    case 'telemetry': {
      if (!view || (stateTs !== undefined && message.ts < stateTs)) return undefined;
      return {
        stateTs: stateTs ?? message.ts,
        view: {
          ...view,
          metrics: { ...view.metrics, ...decoded.message.metrics },
          updatedAt: later(iso(message.ts), view.updatedAt),
        },
      };
    }
    case 'event': {
      const m = decoded.message;
      if (!view || m.type === 'alarm') return undefined;
      if (m.type === 'job_started') {
        if (view.job && Date.parse(view.job.startedAt) > m.job.startedAt) return undefined;
        return {
          stateTs: stateTs ?? m.ts,
          view: {
            ...view,
            job: { id: m.job.id, name: m.job.name ?? null, startedAt: iso(m.job.startedAt) },
          },
        };
      }
      if (view.job && view.job.id !== m.job.id) return undefined;
      const { progress_pct: _p, time_left_s: _t, ...metrics } = view.metrics;
      return { stateTs: stateTs ?? m.ts, view: { ...view, job: null, metrics } };
    }
    case 'command':
      return undefined;
  }
}

type TelemetryMessage = Extract<DecodedMessage, { kind: 'telemetry' }>;

/**
 * A machine's telemetry gathered over one turn of the event loop, to be merged into its view once
 * (`mergeTelemetry`): at tens of thousands of messages a second, a copy of the view and of its
 * metrics for every message (and the live feeds told each time) was most of the view's cost.
 * Gathering then merging gives the view `applyMessage` gives message by message.
 */
export interface TelemetryTurn {
  /** The view the turn started from. */
  readonly view: MachineView;
  /** The state's instant, as `applyMessage` keeps it: the first reading's if the view had none. */
  readonly stateTs: number;
  /** The view's metrics with the turn's readings over them, in arrival order (the turn's own). */
  readonly metrics: Record<string, number>;
  /** The latest reading's instant. */
  ts: number;
}

/**
 * Adds one telemetry message to the machine's turn, or starts one from its view; `undefined` when
 * there is no turn and `applyMessage` would leave the view alone (an unknown machine, a reading
 * older than the state). A reading older than the turn's state is left out of it.
 */
export function gatherTelemetry(
  turn: TelemetryTurn | undefined,
  view: MachineView | undefined,
  stateTs: number | undefined,
  decoded: TelemetryMessage,
): TelemetryTurn | undefined {
  const { ts, metrics } = decoded.message;
  if (turn) {
    if (ts < turn.stateTs) return turn;
    Object.assign(turn.metrics, metrics);
    if (ts > turn.ts) turn.ts = ts;
    return turn;
  }
  if (!view || (stateTs !== undefined && ts < stateTs)) return undefined;
  return { view, stateTs: stateTs ?? ts, metrics: Object.assign({}, view.metrics, metrics), ts };
}

/** The view after the turn's readings: one copy, however many messages the turn gathered. */
export function mergeTelemetry(turn: TelemetryTurn): { view: MachineView; stateTs: number } {
  return {
    stateTs: turn.stateTs,
    view: {
      ...turn.view,
      metrics: turn.metrics,
      updatedAt: later(iso(turn.ts), turn.view.updatedAt),
    },
  };
}

/** The after-use check the machine awaits (null: none) on its view; the same view if unchanged. */
export function applyAwaitingCheck(
  view: MachineView,
  awaiting: MachineView['awaitingCheck'],
): MachineView {
  const before = view.awaitingCheck;
  if (
    before === awaiting ||
    (before && awaiting && before.what === awaiting.what && before.since === awaiting.since)
  )
    return view;
  return { ...view, awaitingCheck: awaiting };
}

/** The gateway went offline (its last will) or came back: flag every machine it reports. */
export function applyPresence(view: MachineView, online: boolean): MachineView {
  return view.gatewayOnline === online ? view : { ...view, gatewayOnline: online };
}
