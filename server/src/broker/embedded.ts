/**
 * The embedded MQTT broker (aedes), the default: one process for a small workshop.
 *
 * It knows who published each message (the identity the gateway logged in with) and hands it to
 * the in-process subscriber with the message, so the ingest can hold a payload to the gateway
 * that sent it. It refuses a packet longer than `maxPacketBytes` as soon as the packet's length is
 * read (before its body is buffered), and drops a client that has not finished CONNECT within
 * `connectTimeoutMs`.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { Aedes } from 'aedes';
import { mayPublish, maySubscribe, type BrokerIdentity } from './mqtt-access.js';

const describe = (who: BrokerIdentity) =>
  who.kind === 'gateway' ? `gateway ${who.id} (site ${who.site})` : who.kind;

export interface EmbeddedBroker {
  readonly port: number;
  /** URL for clients on this machine. */
  readonly url: string;
  /** The TLS port, when TLS is on. */
  readonly tlsPort?: number;
  /**
   * Every message published on topics matching `filter`, handed over in this process: no socket,
   * no second MQTT encoding, no PUBACK round trip. Resolves once the subscription is in place.
   */
  subscribe(
    filter: string,
    listener: (topic: string, payload: Buffer, publisher: BrokerIdentity | undefined) => void,
  ): Promise<void>;
  /**
   * Publishes from the server itself (the command topics: jobs to stream, pause, cancel). QoS 1,
   * not retained: a command is for a gateway connected now (it drops stale ones anyway).
   */
  publish(topic: string, payload: string): Promise<void>;
  /** Closes every open connection of this gateway (its secret was revoked or rotated). */
  disconnectGateway(id: string): number;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  readonly host: string;
  readonly port: number;
  /**
   * Called for every message a client publishes, before the broker acknowledges it: the PUBACK
   * waits until it calls `done` without an error, so a message is acknowledged only once it is
   * safe; with one, the message is refused. A callback, not a promise: it runs for every message.
   */
  readonly beforeAck?: (
    topic: string,
    payload: Buffer,
    done: (error: Error | null) => void,
  ) => void;
  /**
   * Who connects: the identity for a username and password, or undefined to refuse. Without it,
   * every client is anonymous and may do anything (a closed lab network only).
   */
  readonly authenticate?: (
    username: string | undefined,
    password: string | undefined,
  ) => Promise<BrokerIdentity | undefined>;
  /** MQTT over TLS on this port too (PEM certificate and key). */
  readonly tls?: { readonly port: number; readonly cert: string; readonly key: string } | undefined;
  /** Called when a client is refused or tries a topic it may not use: one log line. */
  readonly onDenied?: (line: string) => void;
  /** The longest MQTT packet accepted, header included (default 256 KiB). */
  readonly maxPacketBytes?: number;
  /** How long a new connection has to finish CONNECT (default 5 s). */
  readonly connectTimeoutMs?: number;
}

/**
 * Who published a payload, kept on the very Buffer aedes authorised: it hands that Buffer to the
 * subscribers. A WeakMap of every message's Buffer (set per message, its entries cleared only by
 * the collector) was most of the access check's time. A symbol no client can set.
 */
const PUBLISHER = Symbol('publisher');
type Published = Buffer & { [PUBLISHER]?: BrokerIdentity };

/** mqtt-packet's parser, as aedes keeps it on each client: where a packet's length is read. */
interface PacketParser {
  packet: { cmd?: string; length: number };
  _list: { consume(n: number): void; length: number };
  _parseLength(): boolean;
  _emitError(error: Error): void;
}

/**
 * Refuses, at its length, any packet longer than `max`: mqtt-packet would otherwise gather the
 * whole body in memory first (three unfinished 64 MB CONNECTs took the server from 135 to 325 MB).
 * Hooks the client's parser, a private part of aedes 1.x: the broker-limits test breaks if it moves.
 */
function limitPacketSize(client: object, max: number, onRefused: (line: string) => void): void {
  const parser = (client as { _parser?: PacketParser })._parser;
  if (!parser || typeof parser._parseLength !== 'function')
    throw new Error('aedes: the client has no mqtt-packet parser to limit (aedes changed?)');
  const parseLength = parser._parseLength;
  parser._parseLength = function limitedParseLength(this: PacketParser) {
    const done = parseLength.call(this);
    if (done && this.packet.length + 5 > max) {
      const line = `mqtt: refused a ${this.packet.cmd ?? 'packet'} of ${this.packet.length} bytes (MQTT_MAX_PACKET_BYTES is ${max}): disconnected`;
      onRefused(line);
      this._list.consume(this._list.length);
      this._emitError(new Error(line));
      return false;
    }
    return done;
  };
}

/** Listens; a port in use rejects with `inUse`, naming the port and the setting to change. */
function listen(server: Server, port: number, host: string, inUse: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(inUse) : error),
    );
    server.listen(port, host, () => resolve());
  });
}

const closed = (server: Server) => new Promise<void>((r) => server.close(() => r()));

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { beforeAck, authenticate, onDenied } = options;
  const maxPacketBytes = options.maxPacketBytes ?? 256 * 1024;
  // The identity of each connected client, set when it authenticates.
  const identities = new WeakMap<object, BrokerIdentity>();
  const identityOf = (client: object | null): BrokerIdentity =>
    (client && identities.get(client)) || { kind: 'anonymous' };
  const aedes = await Aedes.createBroker({
    connectTimeout: options.connectTimeoutMs ?? 5000,
    authenticate: (client, username, password, callback) => {
      if (!authenticate) {
        identities.set(client, { kind: 'anonymous' });
        callback(null, true);
        return;
      }
      authenticate(username, password?.toString('utf8')).then(
        (identity) => {
          if (!identity) {
            onDenied?.(
              `mqtt: refused client ${client.id} (user ${username ?? 'none'}): unknown or wrong credentials`,
            );
            // CONNACK 4: bad user name or password.
            callback(
              Object.assign(new Error('bad user name or password'), { returnCode: 4 }) as never,
              false,
            );
            return;
          }
          identities.set(client, identity);
          callback(null, true);
        },
        (error: unknown) =>
          callback(
            error instanceof Error ? (error as never) : (new Error(String(error)) as never),
            false,
          ),
      );
    },
    authorizePublish: (client, packet, callback) => {
      const who = identityOf(client);
      if (!mayPublish(who, packet.topic)) {
        onDenied?.(
          `mqtt: ${describe(who)} may not publish to ${packet.topic.slice(0, 200)}: disconnected`,
        );
        callback(new Error(`not allowed to publish to ${packet.topic}`));
        return;
      }
      if (!Buffer.isBuffer(packet.payload)) packet.payload = Buffer.from(packet.payload);
      (packet.payload as Published)[PUBLISHER] = who;
      if (!beforeAck) {
        callback(null);
        return;
      }
      beforeAck(packet.topic, packet.payload, callback);
    },
    authorizeSubscribe: (client, subscription, callback) => {
      const who = identityOf(client);
      if (!maySubscribe(who, subscription.topic)) {
        onDenied?.(
          `mqtt: ${describe(who)} may not subscribe to ${subscription.topic.slice(0, 200)}`,
        );
        // A null subscription answers the client with a failure code (0x80) for this filter.
        callback(null, null);
        return;
      }
      callback(null, subscription);
    },
  });
  const handle = (socket: Socket) =>
    limitPacketSize(aedes.handle(socket), maxPacketBytes, (line) => onDenied?.(line));
  const server: Server = createServer(handle);
  const closeAedes = () => new Promise<void>((r) => aedes.close(() => r()));
  // A start that fails closes what it opened first (aedes before its servers, as in close()), so
  // no port stays bound behind the error and the same process can start again.
  await listen(
    server,
    options.port,
    options.host,
    `MQTT port ${options.port} is in use (another broker, such as a mosquitto service?); set MQTT_PORT to a free port`,
  ).catch(async (error: unknown) => {
    await closeAedes();
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let tlsServer: TlsServer | undefined;
  if (options.tls) {
    const { port: tlsPort, cert, key } = options.tls;
    const s = createTlsServer({ cert, key }, handle);
    tlsServer = s;
    await listen(
      s,
      tlsPort,
      options.host,
      `MQTT TLS port ${tlsPort} is in use; set MQTT_TLS_PORT to a free port`,
    ).catch(async (error: unknown) => {
      // The plain MQTT port is listening already.
      await closeAedes();
      await closed(server);
      throw error;
    });
  }
  const tlsAddress = tlsServer?.address();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    ...(tlsServer
      ? {
          tlsPort:
            typeof tlsAddress === 'object' && tlsAddress ? tlsAddress.port : options.tls!.port,
        }
      : {}),
    subscribe: (filter, listener) =>
      new Promise<void>((resolve) => {
        aedes.subscribe(
          filter,
          (packet, done) => {
            const payload = Buffer.isBuffer(packet.payload)
              ? packet.payload
              : Buffer.from(packet.payload);
            listener(packet.topic, payload, (payload as Published)[PUBLISHER]);
            done();
          },
          () => resolve(),
        );
      }),
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) =>
        aedes.publish(
          {
            cmd: 'publish',
            topic,
            payload: Buffer.from(payload),
            qos: 1,
            retain: false,
            dup: false,
          } as Parameters<typeof aedes.publish>[0],
          (error) => (error ? reject(error) : resolve()),
        ),
      ),
    disconnectGateway(id) {
      let closed = 0;
      // aedes keeps its connected clients by client id (not in its typings).
      const clients = (aedes as unknown as { clients: Record<string, { close(): void }> }).clients;
      for (const client of Object.values(clients)) {
        const who = identities.get(client);
        if (who?.kind === 'gateway' && who.id === id) {
          // Its last will (presence offline) goes out: the wall shows the gateway gone.
          client.close();
          closed += 1;
        }
      }
      return closed;
    },
    async close() {
      // aedes first, then its servers, or the close hangs on open client sockets.
      await closeAedes();
      await closed(server);
      if (tlsServer) await closed(tlsServer);
    },
  };
}
