/**
 * InfluxDB 1.x as a writer target (the `influx` client): the database, the raw retention policy,
 * the 5-minute downsampled policy and its continuous query are created at the first write.
 * @module
 */
import { InfluxDB } from 'influx';
import { linesOf } from './line-protocol.js';
import type { InfluxTarget } from './writer.js';

export interface InfluxV1TargetOptions {
  readonly url: string;
  readonly database: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly retention: string;
  readonly downsampledRetention?: string | undefined;
}

export function influxV1Target(options: InfluxV1TargetOptions): InfluxTarget {
  const u = new URL(options.url);
  const client = new InfluxDB({
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'https:' ? 443 : 8086)),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    database: options.database,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
  });
  const writeUrl = new URL('/write', u);
  writeUrl.search = new URLSearchParams({
    db: options.database,
    rp: 'manufacto_raw',
    precision: 'ms',
  }).toString();
  const auth = options.username
    ? `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`
    : undefined;
  return {
    describe: options.url,
    async prepare() {
      const names = await client.getDatabaseNames();
      if (!names.includes(options.database)) await client.createDatabase(options.database);
      const policies = await client.showRetentionPolicies(options.database);
      if (!policies.some((p) => p.name === 'manufacto_raw')) {
        await client.createRetentionPolicy('manufacto_raw', {
          database: options.database,
          duration: options.retention,
          replication: 1,
          isDefault: true,
        });
      }
      // Readings averaged over 5 minutes, kept for years: graphs over months stay fast and funders'
      // trends outlive the raw points. States and events are few and stay raw.
      if (!policies.some((p) => p.name === 'manufacto_5m')) {
        await client.createRetentionPolicy('manufacto_5m', {
          database: options.database,
          duration: options.downsampledRetention ?? 'INF',
          replication: 1,
          isDefault: false,
        });
      }
      const queries = await client.showContinousQueries(options.database);
      if (!queries.some((q) => q.name === 'manufacto_metrics_5m')) {
        const db = `"${options.database}"`;
        await client.createContinuousQuery(
          'manufacto_metrics_5m',
          `SELECT mean(*) INTO ${db}."manufacto_5m"."machine_metrics" FROM ${db}."manufacto_raw"."machine_metrics" GROUP BY time(5m), *`,
          options.database,
        );
      }
    },
    // The client's own writePoints copied each point twice: the line protocol is built here.
    async write(points) {
      const res = await fetch(writeUrl, {
        method: 'POST',
        body: linesOf(points),
        headers: auth ? { authorization: auth } : {},
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok)
        throw new Error(
          `InfluxDB ${options.url} answered ${res.status} to a write: ${(await res.text()).slice(0, 300)}`,
        );
    },
  };
}
