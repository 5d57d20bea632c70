/**
 * Payload schemas of every message on the topics of `topics.ts`, validated with zod on both ends.
 *
 * Every machine message carries an envelope: contract version `v`, the `gateway` id, a per-gateway
 * sequence number `seq` (one counter for all the machines of a gateway, kept across restarts) and
 * `ts`, the gateway's clock in epoch milliseconds when the reading was taken, and (since the
 * outbox has one) `epoch`, the id of the gateway's outbox: made when the outbox is created, so a
 * reinstalled gateway (new data folder, sequence back to 0) is told apart from a replay. The
 * server drops a second copy of (gateway, epoch, seq) and counts the gaps as losses, per epoch.
 * @module
 */
import { z } from 'zod';
import { METRIC_KEY_PATTERN } from './metrics.js';
import { DEVICE_STATES, MACHINE_KINDS, STATE_DETAILS } from './states.js';
import { ID_PATTERN } from './topics.js';
import { CONTRACT_VERSION } from './version.js';

/** An outbox epoch: the gateway makes 16 random base64url characters. */
export const EPOCH_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export const JOB_OUTCOMES = ['completed', 'cancelled', 'failed'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

const id = z.string().regex(ID_PATTERN, 'lowercase letters, digits and dashes, 1 to 64 characters');
/** Epoch milliseconds; bounded so that a seconds-instead-of-milliseconds bug is caught. */
const epochMs = z
  .number()
  .int()
  .min(946_684_800_000, 'epoch milliseconds after 2000-01-01')
  .max(32_503_680_000_000, 'epoch milliseconds before 3000-01-01');
const seconds = z.number().finite().min(0);
const text = (max: number) => z.string().max(max);

export const envelopeSchema = z.object({
  v: z.literal(CONTRACT_VERSION),
  gateway: id,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  ts: epochMs,
  /** The outbox's epoch (install id): optional, gateways before it send none. */
  epoch: z.string().regex(EPOCH_PATTERN, 'letters, digits, - and _, 1 to 32 characters').optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** Who the machine is, repeated in every (retained) state message so that a new server learns it. */
export const machineDescriptorSchema = z.object({
  name: text(120).min(1),
  kind: z.enum(MACHINE_KINDS),
  profile: text(40).min(1),
  /** What the firmware said of itself (M115 `FIRMWARE_NAME`, GRBL banner), when known. */
  firmware: text(200).optional(),
});
export type MachineDescriptor = z.infer<typeof machineDescriptorSchema>;

export const stateMessageSchema = envelopeSchema.extend({
  state: z.enum(DEVICE_STATES),
  detail: z.enum(STATE_DETAILS).optional(),
  /** A sentence a person can read on the wall: "Alarme 1 : fin de course", "câble débranché". */
  reason: text(500).optional(),
  /**
   * The reason as a stable code (`port_vanished`, `silent`…) for a screen to word in its own
   * language; `reason` is already in French. Gateways' own reasons only (see gateway reasons.ts).
   */
  reasonCode: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,59}$/, 'snake_case code')
    .optional(),
  /** When the machine entered this state (gateway clock). */
  since: epochMs,
  machine: machineDescriptorSchema,
});
export type StateMessage = z.infer<typeof stateMessageSchema>;

export const metricsSchema = z
  .record(z.string().regex(METRIC_KEY_PATTERN, 'snake_case metric name'), z.number().finite())
  .refine((m) => Object.keys(m).length > 0, 'at least one metric')
  .refine((m) => Object.keys(m).length <= 64, 'at most 64 metrics per message');

export const telemetryMessageSchema = envelopeSchema.extend({ metrics: metricsSchema });
export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;

export const jobRefSchema = z.object({
  /** Stable across replays: `{machine}-{startedAt}`, so that a replayed event updates, never duplicates. */
  id: text(120).min(1),
  name: text(255).optional(),
  startedAt: epochMs,
});

export const jobStartedSchema = envelopeSchema.extend({
  type: z.literal('job_started'),
  job: jobRefSchema,
});

export const finishedJobSchema = jobRefSchema.extend({
  endedAt: epochMs,
  outcome: z.enum(JOB_OUTCOMES),
  /** Why a job failed or was cancelled, in words a person can read. */
  reason: text(500).optional(),
  /** From start to end, pauses included. */
  wallSeconds: seconds,
  /** Time spent `running` (not heating, homing or paused). */
  activeSeconds: seconds,
  /** Lasers: time with the beam on (laser mode, S > 0 while moving). */
  beamSeconds: seconds.optional(),
  /** CNC: time with the spindle turning. */
  spindleSeconds: seconds.optional(),
  energyWh: z.number().finite().min(0).optional(),
  /** Material the job used, in grams (filament), when the machine or the slicer says it. */
  materialGrams: z.number().finite().min(0).max(1_000_000).optional(),
});
export type FinishedJob = z.infer<typeof finishedJobSchema>;

export const jobFinishedSchema = envelopeSchema.extend({
  type: z.literal('job_finished'),
  job: finishedJobSchema,
});

/** A firmware alarm or error worth keeping in the maintenance log (`ALARM:1`, thermal runaway…). */
export const alarmSchema = envelopeSchema.extend({
  type: z.literal('alarm'),
  severity: z.enum(['warning', 'error']),
  code: text(40).min(1),
  message: text(500).min(1),
});

export const eventMessageSchema = z.discriminatedUnion('type', [
  jobStartedSchema,
  jobFinishedSchema,
  alarmSchema,
]);
export type EventMessage = z.infer<typeof eventMessageSchema>;
export type JobStartedMessage = z.infer<typeof jobStartedSchema>;
export type JobFinishedMessage = z.infer<typeof jobFinishedSchema>;
export type AlarmMessage = z.infer<typeof alarmSchema>;

/**
 * Gateway presence, retained. `offline` is also the gateway's MQTT last will. Presence carries no
 * `seq`: it says whether the gateway is connected now, it is not usage data.
 */
export const presenceMessageSchema = z.object({
  v: z.literal(CONTRACT_VERSION),
  gateway: id,
  ts: epochMs,
  status: z.enum(['online', 'offline']),
  version: text(40).optional(),
  machines: z.array(id).max(1000).optional(),
});
export type PresenceMessage = z.infer<typeof presenceMessageSchema>;

/**
 * Server → gateway, on a machine's `command` topic (not retained; a gateway drops a command older
 * than a few minutes, so nothing stale runs after a reconnection).
 * - `unlock` / `lock` / `release`: access at the machine — a member started their slot from the
 *   dashboard: the gateway switches the machine's relay on until `until` (then off, once it no
 *   longer works); `lock` switches it off now, even under a running job; `release` ("J'ai fini")
 *   ends the grant at `until` (now if absent) and switches off once the machine no longer works.
 *   `release` is its own command, not a `lock` with an end, so that a gateway that does not know
 *   it ignores it (the relay stays on to the grant's end) instead of cutting a running print.
 *   `member` names who, for the gateway's log.
 * - `job_start`: stream a G-code file the server holds. A file is bigger than an MQTT payload
 *   may be, so the message carries where to fetch it (`url`, fetched with the gateway's own
 *   credentials) and its size and SHA-256 to check it.
 * - `job_pause`, `job_resume`, `job_cancel`: the job the gateway streams to that machine.
 */
const commandBase = z.object({ v: z.literal(CONTRACT_VERSION), ts: epochMs });
export const commandMessageSchema = z.discriminatedUnion('command', [
  commandBase.extend({
    command: z.enum(['lock', 'unlock', 'release']),
    reason: text(500).optional(),
    until: epochMs.optional(),
    member: text(120).optional(),
  }),
  commandBase.extend({
    command: z.literal('job_start'),
    job: z.object({
      name: text(255).min(1),
      url: z.url({
        protocol: /^https?$/,
        error: 'an http(s) URL where the gateway fetches the file',
      }),
      bytes: z
        .number()
        .int()
        .positive()
        .max(64 * 1024 * 1024)
        .optional(),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256')
        .optional(),
    }),
    /** Who asked (a member's id), for the log; who is credited is the server's business. */
    requestedBy: text(120).optional(),
  }),
  commandBase.extend({
    command: z.enum(['job_pause', 'job_resume', 'job_cancel']),
    reason: text(500).optional(),
  }),
]);
export type CommandMessage = z.infer<typeof commandMessageSchema>;

/** The largest payload either end accepts; anything bigger is rejected unread. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
