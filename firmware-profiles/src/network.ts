/**
 * The profile interface of machines reached over the network (MQTT, HTTP, WebSocket): Bambu Lab
 * printers, Klipper/Moonraker, OctoPrint, PrusaLink, and the power meters (Shelly, Tasmota) that
 * watch machines which say nothing themselves. See the package README.
 *
 * Same division of labour as the serial profiles: the profile is knowledge, not I/O. It says what
 * to subscribe to, ask or poll; it reads each JSON message (`parse`, never throws) into a small
 * event; `reduce` (pure) moves a per-machine model; `snapshot` says it in the common vocabulary.
 * The gateway's network runner owns the connection, the clock and the publishing.
 * @module
 */
import type { MachineKind } from './contract/index.js';
import type { PowerThresholds } from './power/detector.js';
import type { MachineSnapshot, ReduceResult } from './profile.js';

export type NetworkTransport = 'mqtt' | 'http' | 'websocket';

/**
 * One message from the device: where it came from (an MQTT topic relative to the device, an HTTP
 * path, a JSON-RPC method) and its payload, already JSON-decoded (a non-JSON payload is a string).
 */
export interface NetworkMessage {
  readonly source: string;
  readonly payload: unknown;
  /** HTTP status, for polled endpoints (PrusaLink answers 204 with no job). */
  readonly status?: number;
}

/** Every parsed message carries its kind and its source. */
export interface NetworkEvent {
  readonly kind: string;
  readonly source: string;
}

export interface UnknownMessage extends NetworkEvent {
  readonly kind: 'unknown';
}

/**
 * The runner's clock, fed to `reduce` about once a second: lets time-based decisions happen when
 * the device is quiet (a power meter's pause running out, a job start after a sustained draw).
 */
export interface ClockTick {
  readonly kind: 'tick';
  readonly source: 'clock';
}

export const CLOCK_TICK: ClockTick = { kind: 'tick', source: 'clock' };

/** What the gateway's config says of one network machine, as the profile needs it. */
export interface NetworkDevice {
  /** The device's own name in its topics: Bambu serial, Shelly topic prefix, Tasmota topic. */
  readonly device?: string;
  /** Power thresholds (power meters): when draw means the machine is working. */
  readonly power?: PowerThresholds;
}

export interface OutgoingMqtt {
  readonly topic: string;
  readonly payload: string;
}

/** How a profile talks MQTT: topics to subscribe to, what to publish at connect and on a cadence. */
export interface MqttPlan {
  /** The device's default broker port and whether it speaks TLS (Bambu: 8883, its own cert). */
  readonly defaultPort: number;
  readonly tls: boolean;
  /** Default user name (Bambu's `bblp`); the password comes from the config's secret. */
  readonly defaultUsername?: string;
  subscriptions(device: NetworkDevice): readonly string[];
  /** The source name of a topic (relative to the device), or `null` when it is not this device's. */
  sourceOf(topic: string, device: NetworkDevice): string | null;
  /** Sent at each (re)connection: Bambu's `pushall`, Shelly's `Shelly.GetStatus`. */
  onConnect(device: NetworkDevice): readonly OutgoingMqtt[];
  /** Sent every `everyMs` after that (Bambu's deltas need a full report now and then). */
  readonly refresh?: {
    readonly everyMs: number;
    messages(device: NetworkDevice): readonly OutgoingMqtt[];
  };
}

/** How a profile polls over HTTP: each path becomes a message with that path as its source. */
export interface HttpPlan {
  /** Asked once after each (re)connection (device info, firmware version). */
  readonly once?: readonly string[];
  readonly paths: readonly string[];
  /** Default polling period. */
  readonly everyMs: number;
  /** How the API takes a key: PrusaLink and OctoPrint read `X-Api-Key`. */
  readonly apiKeyHeader?: string;
  /** A push socket beside the polled API: while it delivers, polling pauses. */
  readonly push?: PushPlan;
}

/**
 * A WebSocket the device pushes its state on (OctoPrint's SockJS, raw at `/sockjs/websocket`).
 * Each frame is a JSON object `{ "<type>": payload }`; each of its keys becomes a message whose
 * source is `push/<type>`. The link opens it after the first poll answered, and polls again when
 * it closes or says nothing for `staleAfterMs`.
 */
export interface PushPlan {
  readonly path: string;
  /** POSTed (JSON) before the socket opens, with the API key; its answer goes to `hello`. */
  readonly login?: { readonly path: string; readonly body: unknown };
  /** Frames sent once the socket is open (OctoPrint: `{"auth": "name:session"}`, a throttle). */
  hello(login: unknown): readonly unknown[];
  readonly staleAfterMs: number;
}

/** How a profile talks JSON-RPC over a WebSocket (Moonraker). */
export interface WebSocketPlan {
  /** Path of the socket on the device (`/websocket`). */
  readonly path: string;
  /**
   * Requests sent at each (re)connection; `id` is set by the runner, and the answer comes back as a
   * message whose source is the request's method and whose payload is its `result`. Notifications
   * come as messages whose source is their method and whose payload is their `params`.
   */
  onOpen(device: NetworkDevice): readonly { method: string; params?: unknown }[];
  /** Notifications after which `onOpen` is sent again (Klipper restarted: subscribe anew). */
  readonly resendOn?: readonly string[];
}

/**
 * The relay in front of the machine (a Shelly switch, a Tasmota plug): switching it on is the
 * unlock of access at the machine, off the lock. One request per transport the device speaks.
 */
export interface RelayPlan {
  mqtt?(on: boolean, device: NetworkDevice): OutgoingMqtt;
  /** A GET on the device (Shelly's `/rpc/Switch.Set?id=0&on=true`), answered 200 when done. */
  http?(on: boolean): { readonly path: string };
}

export interface NetworkProfile<E extends NetworkEvent = NetworkEvent, M = unknown> {
  readonly id: string;
  readonly label: string;
  readonly kinds: readonly MachineKind[];
  /** Transports this profile can use; the first is the default. */
  readonly transports: readonly NetworkTransport[];
  readonly mqtt?: MqttPlan;
  readonly http?: HttpPlan;
  readonly websocket?: WebSocketPlan;
  /** The device can switch the machine's power: the lock/unlock of access at the machine. */
  readonly relay?: RelayPlan;
  /** The machine needs a `device:` name in the config (its topics carry it). */
  readonly needsDevice: boolean;
  /** The machine needs `power:` thresholds (a power meter decides when it works). */
  readonly needsPower: boolean;
  readonly jobEndGraceMs: number;

  /** One message in, one event out. Never throws; an unread message is `{ kind: 'unknown' }`. */
  parse(message: NetworkMessage): E | UnknownMessage;
  initialModel(device: NetworkDevice): M;
  /** Pure: the model after this event at gateway time `now` (epoch ms), and what to report of it. */
  reduce(model: M, event: E | UnknownMessage | ClockTick, now: number): ReduceResult<M>;
  /** The model in the common vocabulary; `offline` when the device itself says it is gone (LWT). */
  snapshot(model: M): NetworkSnapshot;
  /** What the device says of itself (model, firmware), once known. */
  firmware(model: M): string | undefined;
}

export type NetworkSnapshot = MachineSnapshot & {
  /** The device or its broker says it is gone (MQTT last will, `online: false`): the reason. */
  readonly offline?: string;
};

// biome-ignore lint/suspicious/noExplicitAny: the registry holds profiles of every event and model type
export type AnyNetworkProfile = NetworkProfile<any, any>;

/** Reads a number from an unknown JSON value; `undefined` for anything else (NaN, strings…). */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rounds a reading to a tenth: temperatures come with 6 decimals (Bambu's 25.90625). */
export function tenth(value: number): number {
  return Math.round(value * 10) / 10;
}

export type MessageMatcher<E> = (message: NetworkMessage) => E | null;

/**
 * The one way every network profile reads a message: an ordered table of small matchers, the first
 * that recognises the message wins, an unrecognised one is `{ kind: 'unknown', source }`. Never throws.
 */
export function matchMessage<E>(
  matchers: readonly MessageMatcher<E>[],
  message: NetworkMessage,
): E | UnknownMessage {
  for (const match of matchers) {
    try {
      const event = match(message);
      if (event) return event;
    } catch {
      // A matcher bug must not take the gateway down; the message is kept as unknown.
    }
  }
  return { kind: 'unknown', source: message.source };
}

/** A JSON payload as text (MQTT), parsed; a payload that is not JSON stays a string. */
export function decodePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
