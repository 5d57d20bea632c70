/**
 * `startServer(env, log, { clock })`: boots the whole server in this process and returns how to
 * reach and stop it. `main.ts` calls it (the demo runs main.ts); so do the test harnesses that
 * start a server in the test's process (`test/support/site.ts`, `dashboard-server.ts`).
 *
 * It only wires: each part starts and stops its own loops and timers — the store (migrations),
 * the telemetry path (`ingest/telemetry.ts`: InfluxDB writer, journal, broker, ingest), the demo
 * bootstrap (SEED_DEMO), the schedule keeper (`services/schedule-keeper.ts`), the after-use
 * checks on the live views (`services/awaiting-checks.ts`), the monthly reports
 * (`services/report-keeping.ts`), the network sender, the retention of personal data
 * (`privacy/retention.ts`), the first administrator, then HTTP: `createApp()` (app.ts) given
 * those parts, each route taking its own share of them. `stop()` ends them in the order that
 * loses nothing: timers (each finishing its pass in flight), HTTP, telemetry, store; a boot that
 * fails half-way stops what it had started the same way.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { accountsService } from './auth/accounts.js';
import { ensureFirstAdmin } from './auth/first-admin.js';
import { failureLimiter, tokenBucket } from './auth/rate-limit.js';
import { bootstrapDemo } from './demo/bootstrap.js';
import type { ScheduleVerdict } from './domain/booking/schedule-keeping.js';
import { usageSessionId } from './domain/telemetry/usage-session.js';
import type { ServerEnv } from './env.js';
import { influxFromEnv } from './influx/from-env.js';
import type { Ingest } from './ingest/ingest.js';
import { startTelemetry, type Telemetry } from './ingest/telemetry.js';
import { LiveHub } from './live/hub.js';
import { createLogger, type Logger } from './log.js';
import { startRetention } from './privacy/retention.js';
import { createServices } from './services/index.js';
import { smtpTransport } from './services/mail-transport.js';
import { startNetworkSender, type NetworkSender } from './services/network/sender.js';
import { startReportKeeping } from './services/report-keeping.js';
import { watchAwaitingChecks } from './services/awaiting-checks.js';
import { auditLog } from './store/audit-log.js';
import { openSqlite, type Db } from './store/db.js';
import { gatewayCredentialsRepository } from './store/gateway-credentials.js';
import { jobFilesRepository } from './store/job-files.js';
import { personalData } from './store/personal-data.js';
import { usageSessionsRepository } from './store/usage-sessions.js';

export interface RunningServer {
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly ingest: Ingest;
  /** The sender of signed aggregates to the network (NETWORK_URL set), or undefined. */
  readonly networkSender: NetworkSender | undefined;
  /** One pass of the schedule keeper now (by the server's clock), as its minute timer does. */
  keepSchedule(): Promise<ScheduleVerdict[]>;
  /** One check of the monthly report archive now, then the report mailings due, as their timers do. */
  keepReports(): Promise<{ kept: { site: string; month: string }[]; sent: number; failed: number }>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * The server's "now" in epoch ms (default `Date.now`): booking, the schedule keeper, accounts,
   * audit, retention and gateway last-seen all read it, so a test can replay a workshop week
   * through HTTP and MQTT by moving it and calling `keepSchedule()`.
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

/** The HTTP(S) server, listening; `close()` ends open connections (SSE streams) too. */
interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  env: Pick<ServerEnv, 'PORT' | 'HOST'>,
  tls: { cert: string; key: string } | undefined,
): Promise<Listening> {
  const http: ServerType = await new Promise((resolveServer, reject) => {
    const server = serve(
      {
        fetch,
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
  return {
    url: `${tls ? 'https' : 'http'}://localhost:${port}`,
    close: () =>
      new Promise<void>((r) => {
        http.close(() => r());
        // Open SSE streams would keep close() waiting: end them.
        (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/**
 * What is started so far, stopped in the order that loses nothing: the timers (each finishing
 * its pass in flight), HTTP, then telemetry (see ingest/telemetry.ts), then the store. `stop()`
 * uses it, and so does a boot that fails half-way (a port in use), so that it leaves no port,
 * timer or store open behind its error.
 */
interface Started {
  db?: Db;
  hub?: LiveHub;
  telemetry?: Telemetry;
  http?: Listening;
  readonly timers: { stop(): Promise<void> | void }[];
}

async function stopStarted(s: Started): Promise<void> {
  s.hub?.closeAll();
  await Promise.all(s.timers.map((t) => t.stop()));
  await s.http?.close();
  // After HTTP: nothing can be sent to a gateway any more, and every message received is kept.
  await s.telemetry?.stop();
  await s.db?.destroy();
}

export async function startServer(
  env: ServerEnv,
  log: Logger = createLogger(env.LOG_LEVEL),
  options: StartOptions = {},
): Promise<RunningServer> {
  const started: Started = { timers: [] };
  try {
    return await boot(env, log, options, started);
  } catch (error) {
    await stopStarted(started).catch((e: unknown) =>
      log.error(`could not stop what had started: ${(e as Error).message}`),
    );
    throw error;
  }
}

async function boot(
  env: ServerEnv,
  log: Logger,
  options: StartOptions,
  started: Started,
): Promise<RunningServer> {
  const clock = options.clock ?? Date.now;
  // Uptime is the process's, on the real clock.
  const startedAt = Date.now();
  const dataDir = resolve(env.DATA_DIR);
  const db = await openSqlite(join(dataDir, 'manufacto.sqlite'));
  started.db = db;
  log.info(`store: SQLite ${join(dataDir, 'manufacto.sqlite')} (migrations applied)`);

  const influx = influxFromEnv(env, log);
  const tls = readTls(env);
  const hub = new LiveHub();
  started.hub = hub;
  const usageSessions = usageSessionsRepository(db);
  const credentials = gatewayCredentialsRepository(db, clock);
  const telemetry = await startTelemetry({
    env,
    db,
    dataDir,
    influx: influx.target,
    credentials,
    usageSessions,
    hub,
    tls,
    clock,
    log,
  });
  started.telemetry = telemetry;
  const { ingest, writer, broker } = telemetry;

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
  services.scheduleKeeper.start();
  started.timers.push(services.scheduleKeeper);
  // The wall's "awaiting its after-use check", kept on the live views from the grants.
  const checks = watchAwaitingChecks({
    access: services.access,
    machines: () => services.machines.list(),
    views: ingest,
    clock,
    log: (l) => log.error(l),
  });
  started.timers.push(checks);
  await checks.start();
  const reports = startReportKeeping(services.reportArchive, services.reportMailer);
  started.timers.push(reports);
  const sender = startNetworkSender(env, { db, reports: services.reports, dataDir, clock, log });
  if (sender) started.timers.push(sender);
  const privacy = personalData(db, clock);
  started.timers.push(
    await startRetention(privacy, {
      inactiveDays: env.RETENTION_INACTIVE_MEMBER_DAYS,
      noticeDays: env.RETENTION_NOTICE_DAYS,
      log,
    }),
  );
  await ensureFirstAdmin(accounts, env, log);
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
    history: influx.reader,
    brokerMode: broker ? 'embedded' : 'external',
    startedAt,
    dashboardDir: env.DASHBOARD_DIR,
    log: (l) => log.error(l),
  });
  const http = await listen(app.fetch, env, tls);
  started.http = http;
  log.info(`http: ${http.url} (dashboard, /api, /health, /metrics)`);

  let stopping: Promise<void> | undefined;
  return {
    httpUrl: http.url,
    mqttUrl: telemetry.mqttUrl,
    ingest,
    networkSender: sender,
    keepSchedule: () => services.scheduleKeeper.runOnce(),
    keepReports: () => reports.keep(),
    stop() {
      stopping ??= stopStarted(started);
      return stopping;
    },
  };
}
