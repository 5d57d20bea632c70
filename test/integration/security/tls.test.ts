/**
 * TLS by configuration: with TLS_CERT_FILE and TLS_KEY_FILE (a self-signed certificate made with
 * openssl), the server answers HTTPS and sets a Secure session cookie, and its broker takes
 * gateways over MQTT/TLS; a client that does not trust the certificate is refused.
 */
import { request } from 'node:https';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadEnv, startServer, type RunningServer } from '@manufacto/server';
import { freePort } from '../../support/free-port.js';
import { TEST_ADMIN, testServerEnv } from '../../support/server-env.js';
import { selfSignedCertificate, type SelfSigned } from '../../support/tls.js';
import { tempDir } from '../../support/temp-dir.js';

let server: RunningServer;
let cert: SelfSigned;
let tlsPort: number;

beforeAll(async () => {
  cert = selfSignedCertificate();
  tlsPort = await freePort();
  const dir = tempDir('mf-tls-server-');
  server = await startServer(
    loadEnv({
      ...(await testServerEnv(dir, { mqttAuth: true })),
      TLS_CERT_FILE: cert.certFile,
      TLS_KEY_FILE: cert.keyFile,
      MQTT_TLS_PORT: String(tlsPort),
    }),
    createLogger('error', () => undefined),
  );
});
afterAll(() => server?.stop());

/** `trust: false` leaves the self-signed certificate out of the trusted authorities. */
function https(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  trust = true,
) {
  const ca = trust ? cert.ca : undefined;
  const url = new URL(path, server.httpUrl);
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    // A fresh connection each time (agent: false): a kept-alive one would skip the certificate check.
    const req = request(
      url,
      { method, ca, agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('TLS', () => {
  it('serves HTTPS with a Secure session cookie, and a client that does not trust the certificate fails', async () => {
    expect(server.httpUrl.startsWith('https://localhost:')).toBe(true);
    expect((await https('GET', '/health')).status).toBe(200);
    const login = await https('POST', '/api/auth/login', TEST_ADMIN);
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(
      /mf_session=mfs_[\w-]+; Max-Age=1209600; Path=\/; HttpOnly; Secure; SameSite=Lax/,
    );
    await expect(https('GET', '/health', undefined, {}, false)).rejects.toThrow(
      /self.signed certificate/,
    );
  });

  it('takes a gateway over MQTT/TLS with its credentials', async () => {
    const login = await https('POST', '/api/auth/login', TEST_ADMIN);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const issued = await https(
      'PUT',
      '/api/gateways/gw-tls',
      { site: 'lyon', machines: ['laser-1'] },
      { cookie, origin: new URL(server.httpUrl).origin },
    );
    expect(issued.status).toBe(200);
    const cred = JSON.parse(issued.body) as { username: string; password: string };
    const client = await mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, {
      ...cred,
      ca: cert.ca,
      reconnectPeriod: 0,
    });
    await client.publishAsync(
      'manufacto/v1/lyon/machines/laser-1/state',
      JSON.stringify({
        v: 1,
        gateway: 'gw-tls',
        seq: 1,
        ts: Date.now(),
        state: 'idle',
        since: Date.now(),
        machine: { name: 'Laser', kind: 'laser', profile: 'grbl' },
      }),
      { qos: 1 },
    );
    await expect
      .poll(async () => (await https('GET', '/api/machines/laser-1')).status, { timeout: 5000 })
      .toBe(200);
    await client.endAsync();
    await expect(
      mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, {
        ...cred,
        reconnectPeriod: 0,
        connectTimeout: 3000,
      }),
    ).rejects.toThrow(/self.signed certificate/);
  });
});
