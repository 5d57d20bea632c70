/**
 * The embedded MQTT broker (aedes), the default: one process for a small workshop.
 * @module
 */
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  readonly port: number;
  /** URL for clients on this machine. */
  readonly url: string;
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
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const beforeAck = options.beforeAck;
  const aedes = await Aedes.createBroker(
    beforeAck
      ? {
          authorizePublish: (_client, packet, callback) => {
            beforeAck(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload)).then(
              () => callback(null),
              (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
            );
          },
        }
      : {},
  );
  const server: Server = createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      aedes.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`MQTT port ${options.port} is in use (another broker, such as a mosquitto service?); set MQTT_PORT to a free port`)
          : error,
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    async close() {
      // aedes first, then its server, or the close hangs on open client sockets.
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
