/**
 * The environment of a test server: loopback, free ports, its own data directory, no dashboard.
 * @module
 */
import { join } from 'node:path';
import { freePort } from './free-port.js';

export async function testServerEnv(
  dir: string,
  options: {
    influxUrl?: string | undefined;
    mqttUrl?: string | undefined;
    dashboard?: boolean;
    mqttAuth?: boolean;
  } = {},
): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    MQTT_PORT: String(await freePort()),
    MQTT_HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'server'),
    INFLUX_URL: options.influxUrl ?? '',
    ...(options.mqttUrl ? { MQTT_URL: options.mqttUrl } : {}),
    ...(options.dashboard ? {} : { DASHBOARD_DIR: join(dir, 'no-dashboard') }),
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    // Cheaper password hashing: tests log in often; production keeps N = 2^15.
    AUTH_SCRYPT_LOG_N: '10',
    // Scripted gateways connect without credentials here; integration/security tests the real thing.
    MQTT_ALLOW_ANONYMOUS: options.mqttAuth ? 'false' : 'true',
  };
}

export const TEST_ADMIN = {
  email: 'admin@manufacto.test',
  password: 'le tour à bois tourne rond',
} as const;

/** Logs in as the test administrator and returns the headers of a fresh read-write API token. */
export async function adminHeaders(httpUrl: string): Promise<Record<string, string>> {
  const login = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(TEST_ADMIN),
  });
  if (!login.ok) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const made = await fetch(`${httpUrl}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: httpUrl },
    body: JSON.stringify({ name: 'test', scopes: ['read', 'write'] }),
  });
  if (!made.ok) throw new Error(`token creation failed: ${made.status} ${await made.text()}`);
  const { token } = (await made.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}
