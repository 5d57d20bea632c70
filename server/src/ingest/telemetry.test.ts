/**
 * A telemetry start that fails after the broker is listening (here the ingest cannot read the
 * gateways' credentials) stops what it had started: the MQTT port is free again behind the error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LiveHub } from '../live/hub.js';
import { createLogger } from '../log.js';
import { openSqlite } from '../store/db.js';
import { gatewayCredentialsRepository } from '../store/gateway-credentials.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';
import { startTelemetry, type TelemetryEnv } from './telemetry.js';

/** Listens on the port (0: any); answers the port, or undefined if it is taken. */
async function listenOnce(port: number): Promise<number | undefined> {
  const probe = createServer();
  const bound = await new Promise<number | undefined>((resolve) => {
    probe.once('error', () => resolve(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      resolve(typeof address === 'object' && address ? address.port : undefined);
    });
  });
  if (bound !== undefined) await new Promise<void>((r) => probe.close(() => r()));
  return bound;
}

describe('startTelemetry', () => {
  it('closes the broker it started when a later step fails, and rethrows that error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-telemetry-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const db = await openSqlite(':memory:');
    onTestFinished(() => db.destroy());
    const port = (await listenOnce(0)) ?? 0;
    const env: TelemetryEnv = {
      MQTT_URL: undefined,
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: port,
      MQTT_TLS_PORT: 8883,
      MQTT_USERNAME: undefined,
      MQTT_PASSWORD: undefined,
      MQTT_ALLOW_ANONYMOUS: 'false',
      MQTT_MAX_PACKET_BYTES: 256 * 1024,
      MQTT_CONNECT_TIMEOUT_S: 5,
    };
    const credentials = gatewayCredentialsRepository(db);
    const options = {
      env,
      db,
      dataDir: dir,
      influx: undefined,
      usageSessions: usageSessionsRepository(db),
      hub: new LiveHub(),
      tls: undefined,
      clock: Date.now,
      log: createLogger('error', () => undefined),
    };
    // The ingest reads the credentials once the broker is listening.
    const failing = {
      ...credentials,
      list: () => Promise.reject(new Error('the store is gone')),
    };

    await expect(startTelemetry({ ...options, credentials: failing })).rejects.toThrow(
      'the store is gone',
    );
    expect(await listenOnce(port)).toBe(port);

    const telemetry = await startTelemetry({ ...options, credentials });
    onTestFinished(() => telemetry.stop());
    expect(telemetry.broker?.port).toBe(port);
  });
});
