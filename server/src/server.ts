/**
 * `startServer(env)`: boots the whole server in this process — store (migrations), broker
 * (embedded unless MQTT_URL), InfluxDB writer, ingest, HTTP — and returns how to reach and stop it.
 * `main.ts` calls it; so do the integration tests and the demo.
 * @module
 */
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded.js';
import type { ServerEnv } from './env.js';
import { Ingest } from './ingest/ingest.js';
import { createInfluxV1Writer } from './influx/writer.js';
import { LiveHub } from './live/hub.js';
import { createLogger, type Logger } from './log.js';
import { openSqlite } from './store/db.js';
import { gatewaysRepository } from './store/gateways.js';
import { machinesRepository } from './store/machines.js';
import { usageSessionsRepository } from './store/usage-sessions.js';

export interface RunningServer {
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly ingest: Ingest;
  stop(): Promise<void>;
}

export async function startServer(env: ServerEnv, log: Logger = createLogger(env.LOG_LEVEL)): Promise<RunningServer> {
  const startedAt = Date.now();
  const dataDir = resolve(env.DATA_DIR);
  const db = await openSqlite(join(dataDir, 'manufacto.sqlite'));
  log.info(`store: SQLite ${join(dataDir, 'manufacto.sqlite')} (migrations applied)`);

  let broker: EmbeddedBroker | undefined;
  let mqttUrl: string;
  if (env.MQTT_URL) {
    mqttUrl = env.MQTT_URL;
    log.info(`broker: external ${mqttUrl}`);
  } else {
    broker = await startEmbeddedBroker({ host: env.MQTT_HOST, port: env.MQTT_PORT });
    mqttUrl = broker.url;
    log.info(`broker: embedded MQTT on ${env.MQTT_HOST}:${broker.port}`);
  }

  const writer = createInfluxV1Writer({
    url: env.INFLUX_URL,
    database: env.INFLUX_DATABASE,
    username: env.INFLUX_USERNAME,
    password: env.INFLUX_PASSWORD,
    retention: env.INFLUX_RETENTION,
    spoolDir: join(dataDir, 'influx-spool'),
    log,
  });
  if (env.INFLUX_URL) log.info(`influx: ${env.INFLUX_URL}, database ${env.INFLUX_DATABASE}`);

  const hub = new LiveHub();
  const usageSessions = usageSessionsRepository(db);
  const ingest = new Ingest({
    brokerUrl: mqttUrl,
    username: env.MQTT_USERNAME,
    password: env.MQTT_PASSWORD,
    machines: machinesRepository(db),
    gateways: gatewaysRepository(db),
    usageSessions,
    writer,
    hub,
    log,
  });
  await ingest.start();

  const app = createApp({
    ingest,
    writer,
    hub,
    usageSessions,
    brokerMode: broker ? 'embedded' : 'external',
    startedAt,
    dashboardDir: env.DASHBOARD_DIR,
    log: (l) => log.error(l),
  });
  const http: ServerType = await new Promise((resolveServer, reject) => {
    const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolveServer(server));
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`HTTP port ${env.PORT} is in use; set PORT to a free port`) : error),
    );
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const httpUrl = `http://localhost:${port}`;
  log.info(`http: ${httpUrl} (dashboard, /api, /health, /metrics)`);

  let stopping: Promise<void> | undefined;
  return {
    httpUrl,
    mqttUrl,
    ingest,
    stop() {
      stopping ??= (async () => {
        hub.closeAll();
        await new Promise<void>((r) => {
          http.close(() => r());
          // Open SSE streams would keep close() waiting: end them.
          (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await ingest.stop();
        await writer.close();
        await broker?.close();
        await db.destroy();
      })();
      return stopping;
    },
  };
}
