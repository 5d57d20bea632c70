/** GET /metrics — Prometheus text format: what came in, what was refused, lost, written. */
import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { AppDeps, AppEnv, RouteDeps } from './env.js';
import { isLoopback, socketAddress } from './client-address.js';
import { errorBody } from './errors.js';

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ');

/**
 * Who may read the figures: with METRICS_TOKEN only `Authorization: Bearer <token>`; with
 * METRICS_FROM=loopback only a scraper on this machine. Refused: 404, as if there were none.
 */
function allowed(c: Context<AppEnv>, access: AppDeps['metricsAccess']): boolean {
  if (!access) return true;
  if (access.from === 'loopback' && !isLoopback(socketAddress(c))) return false;
  if (access.token === undefined) return true;
  const given = Buffer.from(c.req.header('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${access.token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const metrics = (deps: RouteDeps<'metricsAccess' | 'ingest' | 'writer' | 'hub'>) =>
  new Hono<AppEnv>().get('/', (c) => {
    if (!allowed(c, deps.metricsAccess))
      return c.json(errorBody(c, 'not_found', 'no route /metrics'), 404);
    const { ingest, writer, hub } = deps;
    const k = ingest.counters;
    const w = writer.stats();
    const lines: string[] = [];
    const metric = (
      name: string,
      type: 'counter' | 'gauge',
      help: string,
      samples: Array<[string, number]>,
    ) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('manufacto_ingest_messages_total', 'counter', 'MQTT messages received by the ingest.', [
      ['', k.received],
    ]);
    metric(
      'manufacto_ingest_accepted_total',
      'counter',
      'Messages accepted (valid, not duplicates).',
      [['', k.accepted]],
    );
    metric(
      'manufacto_ingest_duplicates_total',
      'counter',
      'Messages dropped as a second copy of (gateway, seq).',
      [['', k.duplicates]],
    );
    metric(
      'manufacto_ingest_rejected_total',
      'counter',
      'Messages refused by the contract, by reason.',
      [...k.rejected].map(([reason, n]) => [`{reason="${esc(reason)}"}`, n] as [string, number]),
    );
    metric(
      'manufacto_ingest_losses',
      'gauge',
      'Sequence numbers never received, per gateway.',
      ingest.gatewayStats().map((g) => [`{gateway="${esc(g.id)}"}`, g.losses] as [string, number]),
    );
    metric(
      'manufacto_ingest_epoch_losses',
      'gauge',
      "Sequence numbers never received in the gateway's current outbox epoch (a reinstall starts a new one).",
      ingest
        .gatewayStats()
        .map(
          (g) =>
            [`{gateway="${esc(g.id)}",epoch="${esc(g.epoch ?? '')}"}`, g.epochLosses] as [
              string,
              number,
            ],
        ),
    );
    metric(
      'manufacto_gateway_last_seq',
      'gauge',
      'Highest sequence number received, per gateway.',
      ingest.gatewayStats().map((g) => [`{gateway="${esc(g.id)}"}`, g.lastSeq] as [string, number]),
    );
    metric('manufacto_usage_sessions_total', 'counter', 'Usage sessions recorded.', [
      ['', k.usageSessions],
    ]);
    metric('manufacto_influx_points_written_total', 'counter', 'Points written to InfluxDB.', [
      ['', w.pointsWritten],
    ]);
    metric('manufacto_influx_write_errors_total', 'counter', 'Failed writes to InfluxDB.', [
      ['', w.writeErrors],
    ]);
    metric('manufacto_influx_spool_points', 'gauge', 'Points waiting in the disk spool.', [
      ['', w.spoolDepth],
    ]);
    metric('manufacto_influx_up', 'gauge', '1 when InfluxDB takes writes.', [
      ['', w.influx === 'ok' ? 1 : 0],
    ]);
    if (w.lastWriteMs !== undefined)
      metric('manufacto_influx_last_write_seconds', 'gauge', 'Duration of the last write.', [
        ['', w.lastWriteMs / 1000],
      ]);
    if (w.latency) {
      metric(
        'manufacto_pipeline_latency_seconds',
        'gauge',
        'From the gateway timestamp to the point written to InfluxDB, recent points.',
        [
          ['{quantile="0.5"}', w.latency.p50],
          ['{quantile="0.99"}', w.latency.p99],
        ],
      );
    }
    metric('manufacto_live_subscribers', 'gauge', 'Open live feeds.', [['', hub.size]]);
    return c.text(`${lines.join('\n')}\n`, 200, { 'content-type': 'text/plain; version=0.0.4' });
  });
