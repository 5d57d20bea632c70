/**
 * The embedded MQTT broker (aedes), the default: one process for a small workshop.
 * @module
 */
import { createServer, type Server } from 'node:net';
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
  subscribe(filter: string, listener: (topic: string, payload: Buffer) => void): Promise<void>;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  readonly host: string;
  readonly port: number;
  /**
   * Called for every message a client publishes, before the broker acknowledges it: the PUBACK
   * waits for the returned promise, so a message is acknowledged only once it is safe.
   */
  readonly beforeAck?: (topic: string, payload: Buffer) => Promise<void>;
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
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { beforeAck, authenticate, onDenied } = options;
  // The identity of each connected client, set when it authenticates.
  const identities = new WeakMap<object, BrokerIdentity>();
  const identityOf = (client: object | null): BrokerIdentity =>
    (client && identities.get(client)) || { kind: 'anonymous' };
  const aedes = await Aedes.createBroker({
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
      if (!beforeAck) {
        callback(null);
        return;
      }
      beforeAck(
        packet.topic,
        Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      ).then(
        () => callback(null),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
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
  const server: Server = createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      aedes.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `MQTT port ${options.port} is in use (another broker, such as a mosquitto service?); set MQTT_PORT to a free port`,
            )
          : error,
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let tlsServer: TlsServer | undefined;
  if (options.tls) {
    const { port: tlsPort, cert, key } = options.tls;
    const s = createTlsServer({ cert, key }, (socket) => aedes.handle(socket));
    tlsServer = s;
    await new Promise<void>((resolve, reject) => {
      s.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`MQTT TLS port ${tlsPort} is in use; set MQTT_TLS_PORT to a free port`)
            : error,
        ),
      );
      s.listen(tlsPort, options.host, () => resolve());
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
            listener(
              packet.topic,
              Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
            );
            done();
          },
          () => resolve(),
        );
      }),
    async close() {
      // aedes first, then its servers, or the close hangs on open client sockets.
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
      if (tlsServer) await new Promise<void>((r) => tlsServer.close(() => r()));
    },
  };
}
