/**
 * `startServer(env, log, { clock })`: boots the whole server in this process — store (migrations), broker
 * (embedded unless MQTT_URL), InfluxDB writer, ingest, HTTP — and returns how to reach and stop it.
 * `main.ts` calls it; so do the integration tests and the demo.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { TOPIC_ROOT } from '@manufacto/firmware-profiles/contract';
import { createApp } from './app.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded.js';
import type { ServerEnv } from './env.js';
import { usageSessionId } from './domain/telemetry/usage-session.js';
import { Ingest } from './ingest/ingest.js';
import { Journal } from './ingest/journal.js';
import { journalKeeper } from './ingest/journal-keeper.js';
import { createInfluxV1Reader } from './influx/reader.js';
import { influxV1Target } from './influx/v1.js';
import { influxV2Target } from './influx/v2.js';
import { createPointWriter } from './influx/writer.js';
import { LiveHub } from './live/hub.js';
import { createLogger, type Logger } from './log.js';
import { openSqlite } from './store/db.js';
import { gatewaysRepository } from './store/gateways.js';
import { jobFilesRepository } from './store/job-files.js';
import { gatewayCredentialsRepository } from './store/gateway-credentials.js';
import { machinesRepository } from './store/machines.js';
import { usageSessionsRepository } from './store/usage-sessions.js';
import { createServices, type Services } from './services/index.js';
import { smtpTransport } from './services/mail-transport.js';
import { networkSender, type NetworkSender } from './services/network/sender.js';
import { siteKey } from './services/network/signature.js';
import type { Db } from './store/db.js';
import type { PlanVerdict } from './domain/booking/plan-keeping.js';
import { accountsService } from './auth/accounts.js';
import { auditLog } from './store/audit-log.js';
import { personalData } from './store/personal-data.js';
import { startRetention } from './privacy/retention.js';
import { failureLimiter, tokenBucket } from './auth/rate-limit.js';
import { bootstrapDemo } from './demo/bootstrap.js';

export interface RunningServer {
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly ingest: Ingest;
  /** The sender of signed aggregates to the network (NETWORK_URL set), or undefined. */
  readonly networkSender: NetworkSender | undefined;
  /** One pass of the plan keeper now (by the server's clock), as its minute timer does. */
  keepPlan(): Promise<PlanVerdict[]>;
  /** One check of the monthly report archive now, then the report mailings due, as their timers do. */
  keepReports(): Promise<{ kept: { site: string; month: string }[]; sent: number; failed: number }>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * The server's "now" in epoch ms (default `Date.now`): bookings, the plan keeper, accounts,
   * audit, retention and gateway last-seen all read it, so a test can replay a workshop week
   * through HTTP and MQTT by moving it and calling `keepPlan()`.
   */
  readonly clock?: () => number;
}

/** The secret signing iCal feed URLs: made once, kept in the data directory (mode 600). */
function calendarSecret(dataDir: string): string {
  const file = join(dataDir, 'calendar-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The PEM certificate and key, read once; a missing file stops the boot with its name. */
function readTls(env: ServerEnv): { cert: string; key: string } | undefined {
  if (!env.TLS_CERT_FILE || !env.TLS_KEY_FILE) return undefined;
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  };
  return {
    cert: read('TLS_CERT_FILE', env.TLS_CERT_FILE),
    key: read('TLS_KEY_FILE', env.TLS_KEY_FILE),
  };
}

/** Signed aggregates to the network: the site's key (made on first start), then a round a day. */
function startSender(
  env: ServerEnv,
  dataDir: string,
  services: Services,
  db: Db,
  log: Logger,
  clock: () => number,
): NetworkSender {
  const keyFile = resolve(env.NETWORK_KEY_FILE ?? join(dataDir, 'network-key.pem'));
  const { privateKey } = siteKey(keyFile);
  const sender = networkSender(db, services.reports, {
    url: env.NETWORK_URL!,
    key: privateKey,
    outboxDir: join(dataDir, 'network-outbox'),
    clock,
    log: (l) => log.info(l),
  });
  sender.start(env.NETWORK_SEND_EVERY_H * 3_600_000);
  log.info(
    `network: signed aggregates to ${env.NETWORK_URL} every ${env.NETWORK_SEND_EVERY_H} h; register this site's public key there: ${keyFile}.pub`,
  );
  return sender;
}

export async function startServer(
  env: ServerEnv,
  log: Logger = createLogger(env.LOG_LEVEL),
  options: StartOptions = {},
): Promise<RunningServer> {
  const clock = options.clock ?? Date.now;
  // Uptime is the process's, on the real clock.
  const startedAt = Date.now();
  const dataDir = resolve(env.DATA_DIR);
  const db = await openSqlite(join(dataDir, 'manufacto.sqlite'));
  log.info(`store: SQLite ${join(dataDir, 'manufacto.sqlite')} (migrations applied)`);

  // InfluxDB 2.x/Cloud/3.x when a token is given, else 1.x.
  const influxV2 = env.INFLUX_TOKEN !== undefined;
  const target = !env.INFLUX_URL
    ? undefined
    : influxV2
      ? influxV2Target({
          url: env.INFLUX_URL,
          token: env.INFLUX_TOKEN!,
          org: env.INFLUX_ORG,
          bucket: env.INFLUX_BUCKET,
          retention: env.INFLUX_RETENTION,
          log,
        })
      : influxV1Target({
          url: env.INFLUX_URL,
          database: env.INFLUX_DATABASE,
          username: env.INFLUX_USERNAME,
          password: env.INFLUX_PASSWORD,
          retention: env.INFLUX_RETENTION,
        });
  const writer = createPointWriter(target, { spoolDir: join(dataDir, 'influx-spool'), log });
  if (target)
    log.info(
      `influx: ${influxV2 ? `2.x/3.x API at ${target.describe}, org ${env.INFLUX_ORG}` : `1.x at ${env.INFLUX_URL}, database ${env.INFLUX_DATABASE}`}`,
    );
  if (influxV2)
    log.info(
      'influx: utilisation queries (InfluxQL) need InfluxDB 1.x; with 2.x they answer 503 for now',
    );

  const hub = new LiveHub();
  const usageSessions = usageSessionsRepository(db);
  const credentials = gatewayCredentialsRepository(db, clock);
  let broker: EmbeddedBroker | undefined;
  // Issuing, rotating or revoking a secret closes the gateway's open connections at once: an old
  // secret must not keep publishing.
  credentials.onChange(({ gateway, change }) => {
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
    usageSessions,
    writer,
    hub,
    log,
    // Who may speak for which machines, for messages whose publisher the broker cannot name (an
    // external broker, a journal replay). A lab that lets anonymous clients in trusts payloads.
    credentials: env.MQTT_ALLOW_ANONYMOUS === 'true' ? undefined : credentials,
    clock,
    onHandled: (topic, payload) => journal.receipt(topic, payload),
  });
  const journal = new Journal(join(dataDir, 'journal'));
  const keeper = journalKeeper({ journal, ingest, writer, log });
  await keeper.replay();

  const tls = readTls(env);
  let markListening: () => void = () => undefined;
  const ingestListening = new Promise<void>((r) => (markListening = r));
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
      beforeAck: async (topic, payload) => {
        if (!topic.startsWith(`${TOPIC_ROOT}/`)) return;
        await ingestListening;
        // The spool cannot be written and too much is held in memory: no acknowledgement, so the
        // gateway keeps the message in its outbox and sends it again later.
        if (!writer.accepting())
          throw new Error('the InfluxDB spool cannot be written; not acknowledging for now');
        await journal.append(topic, payload);
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
        return env.MQTT_ALLOW_ANONYMOUS === 'true' && !username ? { kind: 'anonymous' } : undefined;
      },
      onDenied: (line) => log.warn(line),
      tls: tls && { port: env.MQTT_TLS_PORT, ...tls },
      maxPacketBytes: env.MQTT_MAX_PACKET_BYTES,
      connectTimeoutMs: env.MQTT_CONNECT_TIMEOUT_S * 1000,
    });
    mqttUrl = broker.url;
    if (broker.tlsPort) log.info(`broker: MQTT over TLS on ${env.MQTT_HOST}:${broker.tlsPort}`);
    log.info(
      `broker: embedded MQTT on ${env.MQTT_HOST}:${broker.port} (messages journaled before acknowledgement; ${env.MQTT_ALLOW_ANONYMOUS === 'true' ? 'ANONYMOUS CLIENTS ALLOWED' : 'gateways log in with their credentials'})`,
    );
  }
  await ingest.start(broker ?? mqttUrl);
  markListening();

  keeper.start();

  const accounts = accountsService(db, { clock, cost: { logN: env.AUTH_SCRYPT_LOG_N } });
  const mailTransport = smtpTransport(env);
  log.info(
    mailTransport
      ? `mail: monthly reports mailed through ${mailTransport.describe} from ${mailTransport.from}`
      : 'mail: no SMTP_URL or SMTP_HOST: monthly reports are kept, not mailed',
  );
  if (env.SEED_DEMO === 'true') await bootstrapDemo(db, accounts, { now: clock(), log });
  const services = createServices(db, clock, {
    liveJobs: () =>
      ingest.views().flatMap((v) =>
        v.job && v.gateway
          ? [
              {
                machine: v.id,
                job: usageSessionId(v.gateway, v.job.id),
                startedAt: Date.parse(v.job.startedAt),
              },
            ]
          : [],
      ),
    log: (l) => log.info(l),
    calendarSecret: calendarSecret(dataDir),
    reportsDir: join(dataDir, 'reports'),
    ...(mailTransport ? { mailTransport } : {}),
  });
  services.planKeeper.start();
  services.reportArchive?.start();
  services.reportMailer.start();
  const sender = env.NETWORK_URL ? startSender(env, dataDir, services, db, log, clock) : undefined;
  const privacy = personalData(db, clock);
  const retention = await startRetention(privacy, {
    inactiveDays: env.RETENTION_INACTIVE_MEMBER_DAYS,
    noticeDays: env.RETENTION_NOTICE_DAYS,
    log,
  });
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const admin = await accounts.ensureAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    log.info(`auth: administrator ${admin.email} ready`);
  }
  if (env.SEED_DEMO !== 'true' && (await accounts.list()).length === 0) {
    log.warn(
      'auth: no account yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator',
    );
  }
  const app = createApp({
    services,
    accounts,
    gatewayCredentials: credentials,
    jobs: {
      files: jobFilesRepository(db, join(dataDir, 'job-files')),
      maxBytes: env.JOB_FILE_MAX_BYTES,
      publish: broker?.publish,
    },
    privacy,
    audit: auditLog(db, clock),
    mailer: {
      send: async (to, kind, link) =>
        log.info(
          `mail: ${kind} for ${to}: ${link} (no mail transport configured: hand the link over)`,
        ),
    },
    loginLimiter: failureLimiter({ clock }),
    bookingLimiter:
      env.BOOKING_RATE_PER_MIN > 0
        ? tokenBucket(env.BOOKING_RATE_PER_MIN, env.BOOKING_RATE_PER_MIN * 2, clock)
        : undefined,
    publicWall: env.PUBLIC_WALL === 'true',
    publicUrl: env.PUBLIC_URL ?? `${tls ? 'https' : 'http'}://localhost:${env.PORT}`,
    trustedProxies: env.TRUSTED_PROXIES,
    metricsAccess: { token: env.METRICS_TOKEN, from: env.METRICS_FROM },
    liveMaxPerAddress: env.LIVE_MAX_PER_ADDRESS,
    cookieSecure: env.COOKIE_SECURE === 'auto' ? undefined : env.COOKIE_SECURE === 'true',
    ingest,
    writer,
    hub,
    usageSessions,
    history:
      env.INFLUX_URL && !influxV2
        ? createInfluxV1Reader({
            url: env.INFLUX_URL,
            database: env.INFLUX_DATABASE,
            username: env.INFLUX_USERNAME,
            password: env.INFLUX_PASSWORD,
          })
        : undefined,
    brokerMode: broker ? 'embedded' : 'external',
    startedAt,
    dashboardDir: env.DASHBOARD_DIR,
    log: (l) => log.error(l),
  });
  const http: ServerType = await new Promise((resolveServer, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port: env.PORT,
        hostname: env.HOST,
        ...(tls
          ? { createServer: createHttpsServer, serverOptions: { cert: tls.cert, key: tls.key } }
          : {}),
      },
      () => resolveServer(server),
    );
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`HTTP port ${env.PORT} is in use; set PORT to a free port`)
          : error,
      ),
    );
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const httpUrl = `${tls ? 'https' : 'http'}://localhost:${port}`;
  log.info(`http: ${httpUrl} (dashboard, /api, /health, /metrics)`);

  let stopping: Promise<void> | undefined;
  return {
    httpUrl,
    mqttUrl,
    ingest,
    networkSender: sender,
    keepPlan: () => services.planKeeper.runOnce(),
    async keepReports() {
      const kept = (await services.reportArchive?.tick()) ?? [];
      return { kept, ...(await services.reportMailer.deliver()) };
    },
    stop() {
      stopping ??= (async () => {
        hub.closeAll();
        services.planKeeper.stop();
        // Awaited before db.destroy(): a mail the SMTP server took must be marked sent, or it
        // goes out again after the restart; a month kept must reach its queueing.
        const reportsDone = Promise.all([
          services.reportArchive?.stop(),
          services.reportMailer.stop(),
        ]);
        sender?.stop();
        retention.stop();
        await reportsDone;
        await new Promise<void>((r) => {
          http.close(() => r());
          // Open SSE streams would keep close() waiting: end them.
          (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        keeper.pause();
        await broker?.close();
        await ingest.stop();
        await writer.close();
        keeper.close();
        await db.destroy();
      })();
      return stopping;
    },
  };
}
