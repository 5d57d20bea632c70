/**
 * The app's dependencies (`AppDeps`), the part of them each route is given (`RouteDeps`), and the
 * request's variables (`AppEnv`: request id, who is asking). The dependencies are not among the
 * request's variables: a route reads only the part it was built with, and the compiler says so.
 * Beside the routers, not in `app.ts`, so that a route does not import the module that imports
 * every route.
 * @module
 */
import type { AccountsService, Authenticated } from '../auth/accounts.js';
import type { AuditLog } from '../store/audit-log.js';
import type { Bucket, FailureLimiter } from '../auth/rate-limit.js';
import type { Ingest } from '../ingest/ingest.js';
import type { HistoryReader } from '../influx/reader.js';
import type { PointWriter } from '../influx/writer.js';
import type { LiveHub } from '../live/hub.js';
import type { Services } from '../services/index.js';
import type { UsageSessionsRepository } from '../store/usage-sessions.js';
import type { GatewayCredentialsRepository } from '../store/gateway-credentials.js';
import type { PersonalData } from '../store/personal-data.js';
import type { JobFilesRepository } from '../store/job-files.js';

/** Where one-time links go: an email in production; the log until a mail transport is configured. */
export interface Mailer {
  send(to: string, kind: 'password_reset', link: string): Promise<void>;
}

/** G-code jobs sent to machines through their gateway. */
export interface JobDesk {
  readonly files: JobFilesRepository;
  /** The largest file accepted (JOB_FILE_MAX_BYTES). */
  readonly maxBytes: number;
  /** Publishes a command to the gateways; absent with an external broker (no job then). */
  readonly publish?: ((topic: string, payload: string) => Promise<void>) | undefined;
}

export interface AppDeps {
  readonly ingest: Pick<Ingest, 'views' | 'view' | 'connected' | 'counters' | 'gatewayStats'>;
  readonly writer: Pick<PointWriter, 'stats'>;
  readonly hub: LiveHub;
  readonly usageSessions: Pick<UsageSessionsRepository, 'list'>;
  /** Sites, members, qualifications, reservations: sharing machine time. */
  readonly services: Services;
  readonly accounts: AccountsService;
  readonly audit: AuditLog;
  readonly mailer: Mailer;
  readonly gatewayCredentials: GatewayCredentialsRepository;
  /** Job files and commands; absent: the job routes answer 503. */
  readonly jobs?: JobDesk | undefined;
  /** GDPR export, erasure and retention. */
  readonly privacy: PersonalData;
  /** Login and reset attempts: exponential back-off after 5 failures. */
  readonly loginLimiter?: FailureLimiter | undefined;
  /** Bookings per caller and minute; undefined: no limit. */
  readonly bookingLimiter?: Bucket | undefined;
  /** The wall (machines, live feed) without login. */
  readonly publicWall: boolean;
  /** The public address links are built from (PUBLIC_URL); also an accepted `Origin` of writes. */
  readonly publicUrl: string;
  /** Proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES); nobody else's is believed. */
  readonly trustedProxies?: readonly string[] | undefined;
  /** Who may read /metrics: a bearer token, loopback only (METRICS_TOKEN, METRICS_FROM). */
  readonly metricsAccess?:
    | { readonly token?: string | undefined; readonly from: 'anywhere' | 'loopback' }
    | undefined;
  /** Open anonymous /api/live streams per client address (LIVE_MAX_PER_ADDRESS). */
  readonly liveMaxPerAddress?: number | undefined;
  /** Force the Secure cookie flag (behind a TLS proxy); default: when the request is HTTPS. */
  readonly cookieSecure?: boolean | undefined;
  /** InfluxDB history, when configured. */
  readonly history?: HistoryReader | undefined;
  readonly brokerMode: 'embedded' | 'external';
  readonly startedAt: number;
  readonly dashboardDir?: string | undefined;
  readonly log?: (line: string) => void;
}

/** The app's options, beside its application services (`AppDeps.services`). */
export type AppOption = Exclude<keyof AppDeps, 'services'>;

/**
 * A route's part of the app: the options it reads (`O`) and the application services it calls
 * (`S`), nothing else. Each resource's router is a factory of its part, so its signature names
 * what it touches:
 *
 * @example
 * ```ts
 * export const createReservation = (deps: RouteDeps<'bookingLimiter', 'booking' | 'members'>) =>
 *   router().openapi(route, async (c) => { ... deps.services.booking.book(...) ... });
 * ```
 *
 * `createApp` hands every factory the `AppDeps` it was built with; a route reads its part when a
 * request comes, not when it is built (the test harness changes an app's options and services
 * after building it: `testing/two-sites.ts`, `auth/inputs.security.test.ts`).
 */
export type RouteDeps<O extends AppOption = never, S extends keyof Services = never> = Pick<
  AppDeps,
  O
> & { readonly services: Pick<Services, S> };

export type AppEnv = {
  Variables: {
    requestId: string;
    auth: Authenticated | undefined;
    /**
     * PUBLIC_WALL, set by `authenticate`: the role gates are declared beside each route when its
     * module loads, before any app exists, so the one option they read comes with the request.
     */
    publicWall: boolean;
  };
};
