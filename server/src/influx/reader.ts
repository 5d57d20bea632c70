/**
 * Queries of InfluxDB 1.x (InfluxQL) behind a small interface, so that routes and reports do not
 * depend on the client. Tested against the real server in test/integration.
 * @module
 */
import { MACHINE_STATES, type MachineState } from '@manufacto/firmware-profiles/contract';
import { escape as influxEscape, InfluxDB } from 'influx';
import type { StateChange } from '../domain/telemetry/utilisation.js';

export interface HistoryReader {
  /** The state in force at `from`, and every state change in [from, to). */
  stateChanges(
    machine: string,
    from: number,
    to: number,
  ): Promise<{ before: MachineState | undefined; changes: StateChange[] }>;
  /**
   * The mean of each of `fields` (metric names) per `stepMs` in [from, to): column-wise, as a
   * chart draws them; a step with no reading of a field is null there, one with none at all is
   * left out.
   */
  metricSeries(
    machine: string,
    fields: readonly string[],
    from: number,
    to: number,
    stepMs: number,
  ): Promise<MetricSeries>;
}

export interface MetricSeries {
  /** Start of each step, epoch ms. */
  readonly times: number[];
  readonly values: Record<string, Array<number | null>>;
}

const isState = (s: unknown): s is MachineState =>
  typeof s === 'string' && (MACHINE_STATES as readonly string[]).includes(s);

export function createInfluxV1Reader(options: {
  url: string;
  database: string;
  username?: string | undefined;
  password?: string | undefined;
}): HistoryReader {
  const u = new URL(options.url);
  const client = new InfluxDB({
    host: u.hostname,
    port: Number(u.port || 8086),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    database: options.database,
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
  });
  const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
  return {
    async stateChanges(machine, from, to) {
      const where = `"machine" = ${influxEscape.stringLit(machine)}`;
      const [last, inside] = await Promise.all([
        client.query<{ last: string }>(
          `SELECT last("state") FROM "manufacto_raw"."machine_state" WHERE ${where} AND time < ${ns(from)}`,
        ),
        client.query<{ time: Date; state: string }>(
          `SELECT "state" FROM "manufacto_raw"."machine_state" WHERE ${where} AND time >= ${ns(from)} AND time < ${ns(to)} ORDER BY time ASC`,
          { precision: 'ms' },
        ),
      ]);
      const before = last[0]?.last;
      return {
        before: isState(before) ? before : undefined,
        changes: inside.flatMap((row) =>
          isState(row.state) ? [{ at: row.time.getTime(), state: row.state }] : [],
        ),
      };
    },
    async metricSeries(machine, fields, from, to, stepMs) {
      const values: Record<string, Array<number | null>> = Object.fromEntries(
        fields.map((f) => [f, []]),
      );
      if (fields.length === 0) return { times: [], values };
      // Read from the raw policy: the 5-minute means (manufacto_5m) only matter past its retention.
      const select = fields.map((f, i) => `mean(${influxEscape.quoted(f)}) AS "f${i}"`).join(', ');
      const rows = await client.query<Record<string, unknown> & { time: Date }>(
        `SELECT ${select} FROM "manufacto_raw"."machine_metrics" WHERE "machine" = ${influxEscape.stringLit(machine)} AND time >= ${ns(from)} AND time < ${ns(to)} GROUP BY time(${Math.round(stepMs)}ms) fill(none)`,
        { precision: 'ms' },
      );
      const times: number[] = [];
      for (const row of rows) {
        times.push(row.time.getTime());
        fields.forEach((f, i) => {
          const v = row[`f${i}`];
          values[f]!.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
        });
      }
      return { times, values };
    },
  };
}
