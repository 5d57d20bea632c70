/**
 * The server's environment, parsed once at boot. Defaults live here and nowhere else; an error
 * lists every wrong variable and why.
 * @module
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .pipe(z.url().optional())
  .optional();

/** The dashboard's build, found from src/ (tsx) or dist/ (built) alike. */
const defaultDashboardDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'dashboard',
  'dist',
);

export const envSchema = z
  .object({
    PORT: port.default(8080),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Port of the embedded MQTT broker (ignored with MQTT_URL). */
    MQTT_PORT: port.default(1883),
    MQTT_HOST: z.string().min(1).default('0.0.0.0'),
    /** PEM certificate and key: HTTPS instead of HTTP, and MQTT over TLS on MQTT_TLS_PORT. */
    TLS_CERT_FILE: z.string().min(1).optional(),
    TLS_KEY_FILE: z.string().min(1).optional(),
    /** The embedded broker's TLS port (with TLS_CERT_FILE); the plain MQTT_PORT stays for loopback use: set MQTT_HOST=127.0.0.1. */
    MQTT_TLS_PORT: port.default(8883),
    /** An external broker (e.g. Mosquitto) instead of the embedded one: mqtt://host:1883. */
    MQTT_URL: optionalUrl,
    /** Let clients without credentials publish anything on the embedded broker (a closed lab network, development). */
    MQTT_ALLOW_ANONYMOUS: z.enum(['true', 'false']).default('false'),
    /** The longest MQTT packet the embedded broker takes (bytes); longer ones are refused at their header. */
    MQTT_MAX_PACKET_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
    /** Seconds a new MQTT connection has to finish CONNECT on the embedded broker. */
    MQTT_CONNECT_TIMEOUT_S: z.coerce.number().positive().max(300).default(5),
    MQTT_USERNAME: z.string().optional(),
    MQTT_PASSWORD: z.string().optional(),
    /** SQLite file, InfluxDB spool. */
    DATA_DIR: z.string().min(1).default('./var'),
    /** The largest G-code file a job may send (bytes; the contract's `job_start` takes 64 MiB at most). */
    JOB_FILE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(64 * 1024 * 1024),
    /** InfluxDB 1.x; unset: telemetry waits in the spool. */
    INFLUX_URL: optionalUrl,
    INFLUX_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _')
      .default('manufacto'),
    /** InfluxDB 2.x/Cloud/3.x: an API token (its presence chooses the 2.x client), the org and the bucket. */
    INFLUX_TOKEN: z.string().min(1).optional(),
    INFLUX_ORG: z.string().min(1).default('manufacto'),
    INFLUX_BUCKET: z.string().min(1).default('manufacto'),
    INFLUX_USERNAME: z.string().optional(),
    INFLUX_PASSWORD: z.string().optional(),
    /** Raw points are kept this long (InfluxDB duration: 30d, 52w, INF). */
    INFLUX_RETENTION: z
      .string()
      .regex(/^(INF|\d+[hdw])$/, 'an InfluxDB duration such as 90d, 52w or INF')
      .default('730d'),
    DASHBOARD_DIR: z.string().min(1).default(defaultDashboardDir),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** An administrator account made at start if no account has this email (bootstrap). */
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
    /**
     * The address people reach the server at (https://atelier.example.fr): the base of every link
     * it hands out (password resets, invitations, calendar feeds) and an accepted Origin of writes.
     * Unset: http(s)://localhost:PORT, fine on one machine only.
     */
    PUBLIC_URL: optionalUrl,
    /** Proxies (IP addresses, comma-separated) whose X-Forwarded-For is believed; no one else's is. */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    /** `Authorization: Bearer <token>` required on /metrics; unset: no token. */
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    /** Who may read /metrics: `anywhere`, or `loopback` (127.0.0.1, ::1) only. */
    METRICS_FROM: z.enum(['anywhere', 'loopback']).default('anywhere'),
    /** Open /api/live streams per client address for people not logged in. */
    LIVE_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(8),
    /** The machine wall (GET /api/machines, /api/live) without login. */
    PUBLIC_WALL: z.enum(['true', 'false']).default('true'),
    /** Mark the session cookie Secure even when the request looks like HTTP (behind a TLS proxy). */
    COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
    /** Bookings per caller and minute (bursts up to twice that); 0 turns the limit off. */
    BOOKING_RATE_PER_MIN: z.coerce.number().int().min(0).default(60),
    /** scrypt cost as log2(N): 15 is 32 MiB and ~60 ms a hash; lower only for tests. */
    AUTH_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
    /** GDPR retention: erase members inactive (no booking, no use) for this many days; 0 keeps them. */
    RETENTION_INACTIVE_MEMBER_DAYS: z.coerce.number().int().min(0).default(1095),
    /** Delete notices older than this many days; 0 keeps them. */
    RETENTION_NOTICE_DAYS: z.coerce.number().int().min(0).default(365),
    /**
     * Networks of sites: the network instance this site sends its signed aggregates to
     * (https://reseau.example.fr); unset, nothing is sent.
     */
    NETWORK_URL: optionalUrl,
    /** The site's Ed25519 private key (PEM), made on first start with its `.pub` beside; unset: DATA_DIR/network-key.pem. */
    NETWORK_KEY_FILE: z.string().min(1).optional(),
    /** Hours between two rounds of aggregates sent to the network (unsent ones are retried sooner). */
    NETWORK_SEND_EVERY_H: z.coerce
      .number()
      .positive()
      .max(24 * 31)
      .default(24),
    /**
     * Mail (the monthly reports to each site's recipients): an SMTP URL,
     * smtp://user:pass@host:587 or smtps://…:465; or SMTP_HOST with SMTP_PORT, SMTP_USER and the
     * password in SMTP_PASS_FILE (or SMTP_PASS). Unset, nothing is mailed. Never logged.
     */
    SMTP_URL: z
      .string()
      .trim()
      .transform((s) => (s === '' ? undefined : s))
      .pipe(z.url({ protocol: /^smtps?$/, error: 'an smtp:// or smtps:// URL' }).optional())
      .optional(),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: port.default(587),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASS: z.string().optional(),
    /** A file holding the SMTP password (a secret mounted by systemd or Docker), read at start. */
    SMTP_PASS_FILE: z.string().min(1).optional(),
    /** The sender of the server's mail: "Manufacture de Lurs <rapports@atelier.example.fr>". */
    MAIL_FROM: z.string().min(3).optional(),
    /** Seed the demo workshop's site, plans, members and trainings at start (npm start sets it). */
    SEED_DEMO: z.enum(['true', 'false']).default('false'),
  })
  .refine((e) => (e.TLS_CERT_FILE === undefined) === (e.TLS_KEY_FILE === undefined), {
    message: 'give both TLS_CERT_FILE and TLS_KEY_FILE, or neither',
    path: ['TLS_KEY_FILE'],
  });

export type ServerEnv = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvError';
  }
}

/** Passwords and tokens: an error names them and what is wrong, never their value (main prints it). */
const secretKey = /(PASS|PASSWORD|TOKEN|SECRET)$/;

/** A wrong variable's value as an error may quote it: secrets hidden, a URL's user:password removed. */
export function quotable(key: string, value: string | undefined): string {
  if (value === undefined || value === '') return '""';
  if (secretKey.test(key)) return '(hidden)';
  // Up to the last @: a password may hold / or @, and a URL that failed to parse still may carry one.
  if (key.endsWith('_URL') && value.includes('@')) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? '';
    return JSON.stringify(`${scheme}(hidden)@${value.slice(value.lastIndexOf('@') + 1)}`);
  }
  return JSON.stringify(value);
}

export function loadEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => {
        const key = String(i.path[0]);
        return `${i.path.join('.')}=${quotable(key, env[key])}: ${i.message}`;
      }),
    );
  }
  return result.data;
}
