/**
 * A boot that fails half-way (the HTTP port is taken, found last; or the MQTT TLS port, found
 * inside the telemetry path once the plain MQTT port is listening) stops what it had started: the
 * broker's ports, the timers and the store are not left open behind the error, so the same process
 * can start again once the port is free.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadEnv, startServer } from '@manufacto/server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { testServerEnv } from '../../support/server-env.js';
import { selfSignedCertificate } from '../../support/tls.js';

const quiet = createLogger('error', () => undefined);

/** Listens on the port; answers whether it could. */
async function canListen(port: number): Promise<boolean> {
  const probe = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (ok) await new Promise<void>((r) => probe.close(() => r()));
  return ok;
}

describe('a failed boot', () => {
  it('names the taken HTTP port and leaves the MQTT port free again, so a second start works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-boot-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const base = await testServerEnv(dir);
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(Number(base.PORT), '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => taken.close(() => r())));

    await expect(startServer(loadEnv(base), quiet)).rejects.toThrow(
      `HTTP port ${base.PORT} is in use; set PORT to a free port`,
    );
    // The embedded broker had started before HTTP: it is closed again.
    expect(await canListen(Number(base.MQTT_PORT))).toBe(true);

    const server = await startServer(loadEnv({ ...base, PORT: String(await freePort()) }), quiet);
    onTestFinished(() => server.stop());
    expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
  });

  it('names the taken MQTT TLS port and closes the plain MQTT port it had opened, so a second start works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-boot-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const cert = selfSignedCertificate();
    const base: Record<string, string> = {
      ...(await testServerEnv(dir)),
      TLS_CERT_FILE: cert.certFile,
      TLS_KEY_FILE: cert.keyFile,
      MQTT_TLS_PORT: String(await freePort()),
    };
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(Number(base.MQTT_TLS_PORT), '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => taken.close(() => r())));

    await expect(startServer(loadEnv(base), quiet)).rejects.toThrow(
      `MQTT TLS port ${base.MQTT_TLS_PORT} is in use; set MQTT_TLS_PORT to a free port`,
    );
    expect(await canListen(Number(base.MQTT_PORT))).toBe(true);

    const server = await startServer(
      loadEnv({ ...base, MQTT_TLS_PORT: String(await freePort()) }),
      quiet,
    );
    onTestFinished(() => server.stop());
    expect(server.mqttUrl).toBe(`mqtt://127.0.0.1:${base.MQTT_PORT}`);
  });
});
