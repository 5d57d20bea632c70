/**
 * The whole chain in one test process: a real influxd, the server (embedded aedes broker, SQLite
 * in a temp dir) and a gateway whose machines sit behind real socat ptys. Everything stops with
 * the returned `stop()`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGatewayConfig, startGateway, type Gateway } from '@manufacto/gateway';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { startInfluxd, type Influxd } from './influxd.js';
import { adminHeaders, testServerEnv } from './server-env.js';

export interface StackMachine {
  readonly id: string;
  readonly name: string;
  readonly kind: 'printer' | 'laser' | 'cnc' | 'other';
  readonly profile: string;
  readonly port: string;
  readonly pollHz?: number;
}

export interface Stack {
  readonly influx: Influxd | undefined;
  readonly server: RunningServer;
  readonly gateway: Gateway;
  readonly dir: string;
  readonly site: string;
  /** Headers of an administrator's API token, for the routes that need an account. */
  readonly admin: Record<string, string>;
  stop(): Promise<void>;
}

export async function startStack(options: {
  machines: readonly StackMachine[];
  /** Machines reached over the network (`transport: mqtt | http | websocket`), as in gateway.yaml. */
  networkMachines?: readonly Record<string, unknown>[];
  influx?: boolean;
  dashboard?: boolean;
  /** An external broker (mosquitto) instead of the server's embedded one. */
  mqttUrl?: string;
  /** The gateway's log lines (dropped when not given). */
  gatewayLog?: (line: string) => void;
}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-stack-'));
  const influx =
    options.influx === false ? undefined : await startInfluxd({ dir: join(dir, 'influxdb') });
  const quiet = createLogger('warn', () => undefined);
  const server = await startServer(
    loadEnv(
      await testServerEnv(dir, {
        influxUrl: influx?.url,
        mqttUrl: options.mqttUrl,
        dashboard: options.dashboard ?? false,
      }),
    ),
    quiet,
  );
  const admin = await adminHeaders(server.httpUrl);
  const site = 'atelier-test';
  const gateway = startGateway({
    config: parseGatewayConfig({
      site,
      gateway: 'gw-test',
      broker: { url: server.mqttUrl, reconnectSeconds: 0.5 },
      dataDir: join(dir, 'gateway'),
      telemetry: { heartbeatSeconds: 5 },
      machines: [
        ...options.machines.map((m) => ({ ...m, pollHz: m.pollHz ?? 5, silenceSeconds: 5 })),
        ...(options.networkMachines ?? []),
      ],
    }),
    log: options.gatewayLog ?? (() => undefined),
  });
  return {
    influx,
    server,
    gateway,
    dir,
    site,
    admin,
    async stop() {
      await gateway.stop();
      await server.stop();
      await influx?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs an InfluxQL query against the stack's database; returns the rows of the first series. */
export async function influxQuery(
  influx: Influxd,
  query: string,
): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(
    `${influx.url}/query?${new URLSearchParams({ db: 'manufacto', q: query, epoch: 'ms' })}`,
  );
  const body = (await res.json()) as {
    results: Array<{ error?: string; series?: Array<{ columns: string[]; values: unknown[][] }> }>;
  };
  const result = body.results[0];
  if (result?.error) throw new Error(`InfluxQL "${query}": ${result.error}`);
  const series = result?.series?.[0];
  if (!series) return [];
  return series.values.map((row) => Object.fromEntries(series.columns.map((c, i) => [c, row[i]])));
}

/** Reads the server's live feed (SSE) and keeps every `machine` event it sends. */
export function followLive(httpUrl: string) {
  const events: Array<{
    at: number;
    view: { id: string; state: string; detail: string | null; job: unknown };
  }> = [];
  const controller = new AbortController();
  const done = (async () => {
    const res = await fetch(`${httpUrl}/api/live`, { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'machine' && data) events.push({ at: Date.now(), view: JSON.parse(data) });
      }
    }
  })().catch(() => undefined);
  return {
    events,
    async stop() {
      controller.abort();
      await done;
    },
  };
}
