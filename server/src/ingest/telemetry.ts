/**
 * The telemetry path as one start/stop unit: the InfluxDB writer (with its spool), the receipt
 * journal and its keeper, the broker (embedded unless MQTT_URL) and the ingest between them.
 *
 * Started before HTTP: the journal's leftovers are replayed before the broker acknowledges
 * anything new. Stopped after HTTP, in the order that loses nothing: the keeper stops trimming,
 * the broker closes (nothing more is acknowledged), the ingest finishes what it received, the
 * writer flushes or spools, and the keeper seals whatever may not have come through, for the next
 * start to replay.
 * @module
 */
import { join } from 'node:path';
import { TOPIC_ROOT } from '@manufacto/firmware-profiles/contract';
import { startEmbeddedBroker, type EmbeddedBroker } from '../broker/embedded.js';
import type { ServerEnv } from '../env.js';
import type { InfluxTarget, PointWriter } from '../influx/writer.js';
import { createPointWriter } from '../influx/writer.js';
import type { LiveHub } from '../live/hub.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import type { GatewayCredentialsRepository } from '../store/gateway-credentials.js';
import { gatewaysRepository } from '../store/gateways.js';
import { machinesRepository } from '../store/machines.js';
import type { UsageSessionsRepository } from '../store/usage-sessions.js';
import { Ingest } from './ingest.js';
import { Journal } from './journal.js';
import { journalKeeper } from './journal-keeper.js';

export type TelemetryEnv = Pick<
  ServerEnv,
  | 'MQTT_URL'
  | 'MQTT_HOST'
  | 'MQTT_PORT'
  | 'MQTT_TLS_PORT'
  | 'MQTT_USERNAME'
  | 'MQTT_PASSWORD'
  | 'MQTT_ALLOW_ANONYMOUS'
  | 'MQTT_MAX_PACKET_BYTES'
  | 'MQTT_CONNECT_TIMEOUT_S'
>;

export interface TelemetryOptions {
  readonly env: TelemetryEnv;
  readonly db: Db;
  /** The journal and the InfluxDB spool live here. */
  readonly dataDir: string;
  /** Where points go (undefined: they wait in the spool). */
  readonly influx: InfluxTarget | undefined;
  readonly credentials: GatewayCredentialsRepository;
  readonly usageSessions: UsageSessionsRepository;
  readonly hub: LiveHub;
  /** The PEM pair for MQTT over TLS on MQTT_TLS_PORT, if any. */
  readonly tls: { readonly cert: string; readonly key: string } | undefined;
  readonly clock: () => number;
  readonly log: Logger;
}

export interface Telemetry {
  readonly ingest: Ingest;
  readonly writer: PointWriter;
  /** The embedded broker, or undefined with an external one (MQTT_URL). */
  readonly broker: EmbeddedBroker | undefined;
  readonly mqttUrl: string;
  /** After HTTP is closed: nothing received is lost (see the module comment for the order). */
  stop(): Promise<void>;
}

/**
 * @example
 * const telemetry = await startTelemetry({ env, db, dataDir, influx: target, credentials,
 *   usageSessions, hub, tls, clock, log });
 * // … HTTP serves telemetry.ingest's views, publishes commands through telemetry.broker …
 * await telemetry.stop();
 */
export async function startTelemetry(o: TelemetryOptions): Promise<Telemetry> {
  const parts: Parts = {};
  try {
    return await start(o, parts);
  } catch (error) {
    // A port in use, a store that fails: what had started is stopped (the broker's port, the
    // writer's timers), so the same process can start again; the original error goes up.
    await stopParts(parts).catch((e: unknown) =>
      o.log.error(`telemetry: could not stop what had started: ${(e as Error).message}`),
    );
    throw error;
  }
}

/** What is started so far: `stop()` ends it, and so does a start that fails half-way. */
interface Parts {
  writer?: PointWriter;
  stopWatching?: () => void;
  keeper?: ReturnType<typeof journalKeeper>;
  broker?: EmbeddedBroker;
  ingest?: Ingest;
}

/** The order of the module comment: nothing received is lost. */
async function stopParts(p: Parts): Promise<void> {
  p.stopWatching?.();
  p.keeper?.pause();
  await p.broker?.close();
  await p.ingest?.stop();
  await p.writer?.close();
  p.keeper?.close();
}

async function start(o: TelemetryOptions, parts: Parts): Promise<Telemetry> {
  const { env, db, credentials, log } = o;
  const anonymous = env.MQTT_ALLOW_ANONYMOUS === 'true';
  const writer = createPointWriter(o.influx, { spoolDir: join(o.dataDir, 'influx-spool'), log });
  parts.writer = writer;
  let broker: EmbeddedBroker | undefined;
  // Issuing, rotating or revoking a secret closes the gateway's open connections at once: an old
  // secret must not keep publishing.
  parts.stopWatching = credentials.onChange(({ gateway, change }) => {
    const n = broker?.disconnectGateway(gateway) ?? 0;
    if (n)
      log.info(
        `broker: gateway ${gateway}'s secret was ${change === 'issued' ? 'rotated' : 'revoked'}: ${n} connection(s) closed`,
      );
  });
  const ingest = new Ingest({
    // An external broker is joined with these; the embedded one hands messages over in process.
    username: env.MQTT_USERNAME,
    password: env.MQTT_PASSWORD,
    machines: machinesRepository(db),
    gateways: gatewaysRepository(db),
    usageSessions: o.usageSessions,
    writer,
    hub: o.hub,
    log,
    // Who may speak for which machines, for messages whose publisher the broker cannot name (an
    // external broker, a journal replay). A lab that lets anonymous clients in trusts payloads.
    credentials: anonymous ? undefined : credentials,
    clock: o.clock,
    onHandled: (topic, payload) => journal.receipt(topic, payload),
  });
  parts.ingest = ingest;
  const journal = new Journal(join(o.dataDir, 'journal'));
  const keeper = journalKeeper({ journal, ingest, writer, log });
  parts.keeper = keeper;
  await keeper.replay();

  let markListening: () => void = () => undefined;
  let listening = false;
  const ingestListening = new Promise<void>((r) => (markListening = r));
  const journaled = (topic: string, payload: Buffer, done: (error: Error | null) => void) => {
    // The spool cannot be written and too much is held in memory: no acknowledgement, so the
    // gateway keeps the message in its outbox and sends it again later.
    if (!writer.accepting())
      return done(new Error('the InfluxDB spool cannot be written; not acknowledging for now'));
    try {
      journal.appendThen(topic, payload, done);
    } catch (error) {
      // A segment that cannot be opened refuses the message too.
      done(error instanceof Error ? error : new Error(String(error)));
    }
  };
  let mqttUrl: string;
  if (env.MQTT_URL) {
    mqttUrl = env.MQTT_URL;
    log.info(`broker: external ${mqttUrl}`);
  } else {
    broker = await startEmbeddedBroker({
      host: env.MQTT_HOST,
      port: env.MQTT_PORT,
      // The gateway forgets a message at our PUBACK: it must be on our disk by then. Only what the
      // ingest subscribes to is journaled (anything else would never get its receipt), and not
      // before the ingest listens: a message acknowledged earlier would reach nobody else.
      beforeAck: (topic, payload, done) => {
        if (!topic.startsWith(`${TOPIC_ROOT}/`)) return done(null);
        if (listening) return journaled(topic, payload, done);
        void ingestListening.then(() => journaled(topic, payload, done));
      },
      authenticate: async (username, password) => {
        if (username && password) {
          const cred = await credentials.verify(username, password);
          if (cred)
            return {
              kind: 'gateway',
              id: username,
              site: cred.site,
              machines: new Set(cred.machines),
            };
        }
        return anonymous && !username ? { kind: 'anonymous' } : undefined;
      },
      onDenied: (line) => log.warn(line),
      tls: o.tls && { port: env.MQTT_TLS_PORT, ...o.tls },
      maxPacketBytes: env.MQTT_MAX_PACKET_BYTES,
      connectTimeoutMs: env.MQTT_CONNECT_TIMEOUT_S * 1000,
    });
    parts.broker = broker;
    mqttUrl = broker.url;
    if (broker.tlsPort) log.info(`broker: MQTT over TLS on ${env.MQTT_HOST}:${broker.tlsPort}`);
    log.info(
      `broker: embedded MQTT on ${env.MQTT_HOST}:${broker.port} (messages journaled before acknowledgement; ${anonymous ? 'ANONYMOUS CLIENTS ALLOWED' : 'gateways log in with their credentials'})`,
    );
  }
  await ingest.start(broker ?? mqttUrl);
  listening = true;
  markListening();
  keeper.start();

  return {
    ingest,
    writer,
    broker,
    mqttUrl,
    stop: () => stopParts(parts),
  };
}
