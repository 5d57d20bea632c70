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
const defaultDashboardDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboard', 'dist');

export const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Port of the embedded MQTT broker (ignored with MQTT_URL). */
  MQTT_PORT: port.default(1883),
  MQTT_HOST: z.string().min(1).default('0.0.0.0'),
  /** An external broker (e.g. Mosquitto) instead of the embedded one: mqtt://host:1883. */
  MQTT_URL: optionalUrl,
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** SQLite file, InfluxDB spool. */
  DATA_DIR: z.string().min(1).default('./var'),
  /** InfluxDB 1.x; unset: telemetry waits in the spool. */
  INFLUX_URL: optionalUrl,
  INFLUX_DATABASE: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _').default('manufacto'),
  INFLUX_USERNAME: z.string().optional(),
  INFLUX_PASSWORD: z.string().optional(),
  /** Raw points are kept this long (InfluxDB duration: 30d, 52w, INF). */
  INFLUX_RETENTION: z.string().regex(/^(INF|\d+[hdw])$/, 'an InfluxDB duration such as 90d, 52w or INF').default('730d'),
  DASHBOARD_DIR: z.string().min(1).default(defaultDashboardDir),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Seed the demo workshop's site, plans, members and trainings at start (npm start sets it). */
  SEED_DEMO: z.enum(['true', 'false']).default('false'),
});

export type ServerEnv = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvError';
  }
}

export function loadEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])] ?? '')}: ${i.message}`));
  }
  return result.data;
}
