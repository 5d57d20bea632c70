/**
 * Decoding a raw MQTT message into a typed contract message, with an error that names what is wrong.
 * @module
 */
import type { z } from 'zod';
import {
  MAX_PAYLOAD_BYTES,
  eventMessageSchema,
  presenceMessageSchema,
  stateMessageSchema,
  telemetryMessageSchema,
  commandMessageSchema,
  type CommandMessage,
  type EventMessage,
  type PresenceMessage,
  type StateMessage,
  type TelemetryMessage,
} from './messages.js';
import { isHotTelemetry } from './hot-telemetry.js';
import { parseTopic } from './topics.js';

export type DecodedMessage =
  | { kind: 'state'; site: string; machine: string; message: StateMessage }
  | { kind: 'telemetry'; site: string; machine: string; message: TelemetryMessage }
  | { kind: 'event'; site: string; machine: string; message: EventMessage }
  | { kind: 'command'; site: string; machine: string; message: CommandMessage }
  | { kind: 'presence'; site: string; gateway: string; message: PresenceMessage };

/** Why a message was refused, in a word fit for a metric label. */
export type RejectCategory = 'topic' | 'size' | 'json' | 'schema';

/** The schema of each machine channel. */
const MACHINE_SCHEMAS = {
  state: stateMessageSchema,
  telemetry: telemetryMessageSchema,
  event: eventMessageSchema,
  command: commandMessageSchema,
} as const;

export type DecodeResult =
  | { ok: true; value: DecodedMessage }
  | { ok: false; category: RejectCategory; reason: string };

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/** Never throws: a bad topic, oversized payload, broken JSON or schema violation comes back as `{ ok: false, reason }`. */
export function decodeMessage(topic: string, payload: Uint8Array | string): DecodeResult {
  const parsed = parseTopic(topic);
  if (!parsed)
    return {
      ok: false,
      category: 'topic',
      reason: `topic "${topic.slice(0, 200)}" is not a Manufacto v1 topic`,
    };
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES)
    return {
      ok: false,
      category: 'size',
      reason: `payload of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES}`,
    };
  let json: unknown;
  try {
    json = JSON.parse(
      typeof payload === 'string'
        ? payload
        : // A view of the same bytes, not `Buffer.from(payload)`: that copied every message.
          Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
    );
  } catch (error) {
    return {
      ok: false,
      category: 'json',
      reason: `payload is not JSON (${(error as Error).message})`,
    };
  }
  if (parsed.kind === 'presence') {
    const r = presenceMessageSchema.safeParse(json);
    if (!r.success)
      return { ok: false, category: 'schema', reason: `presence: ${issues(r.error)}` };
    if (r.data.gateway !== parsed.gateway) {
      return {
        ok: false,
        category: 'schema',
        reason: `presence: gateway "${r.data.gateway}" does not match topic "${parsed.gateway}"`,
      };
    }
    return {
      ok: true,
      value: { kind: 'presence', site: parsed.site, gateway: parsed.gateway, message: r.data },
    };
  }
  const { site, machine, channel } = parsed;
  // The hot path: plain telemetry checked by hand; zod decides (and explains) everything else.
  if (channel === 'telemetry' && isHotTelemetry(json))
    return { ok: true, value: { kind: channel, site, machine, message: json } };
  const r = MACHINE_SCHEMAS[channel].safeParse(json);
  if (!r.success)
    return { ok: false, category: 'schema', reason: `${channel}: ${issues(r.error)}` };
  // The schema chosen by the channel guarantees the message type of that kind.
  return { ok: true, value: { kind: channel, site, machine, message: r.data } as DecodedMessage };
}
