/**
 * Which InfluxDB the server writes to and reads from, from its environment: 2.x/Cloud/3.x when a
 * token is given, else 1.x; none without INFLUX_URL (the points wait in the spool). The history
 * reader speaks InfluxQL, so it exists for 1.x only.
 * @module
 */
import type { ServerEnv } from '../env.js';
import type { Logger } from '../log.js';
import { createInfluxV1Reader, type HistoryReader } from './reader.js';
import { influxV1Target } from './v1.js';
import { influxV2Target } from './v2.js';
import type { InfluxTarget } from './writer.js';

export type InfluxEnv = Pick<
  ServerEnv,
  | 'INFLUX_URL'
  | 'INFLUX_TOKEN'
  | 'INFLUX_ORG'
  | 'INFLUX_BUCKET'
  | 'INFLUX_DATABASE'
  | 'INFLUX_USERNAME'
  | 'INFLUX_PASSWORD'
  | 'INFLUX_RETENTION'
>;

/**
 * @example
 * const { target, reader } = influxFromEnv(env, log);
 * const writer = createPointWriter(target, { spoolDir, log });
 */
export function influxFromEnv(
  env: InfluxEnv,
  log: Logger,
): { target: InfluxTarget | undefined; reader: HistoryReader | undefined } {
  if (!env.INFLUX_URL) return { target: undefined, reader: undefined };
  if (env.INFLUX_TOKEN !== undefined) {
    const target = influxV2Target({
      url: env.INFLUX_URL,
      token: env.INFLUX_TOKEN,
      org: env.INFLUX_ORG,
      bucket: env.INFLUX_BUCKET,
      retention: env.INFLUX_RETENTION,
      log,
    });
    log.info(`influx: 2.x/3.x API at ${target.describe}, org ${env.INFLUX_ORG}`);
    log.info(
      'influx: utilisation queries (InfluxQL) need InfluxDB 1.x; with 2.x they answer 503 for now',
    );
    return { target, reader: undefined };
  }
  const v1 = {
    url: env.INFLUX_URL,
    database: env.INFLUX_DATABASE,
    username: env.INFLUX_USERNAME,
    password: env.INFLUX_PASSWORD,
  };
  log.info(`influx: 1.x at ${env.INFLUX_URL}, database ${env.INFLUX_DATABASE}`);
  return {
    target: influxV1Target({ ...v1, retention: env.INFLUX_RETENTION }),
    reader: createInfluxV1Reader(v1),
  };
}
