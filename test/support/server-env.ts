/**
 * The environment of a test server: loopback, free ports, its own data directory, no dashboard.
 * @module
 */
import { join } from 'node:path';
import { freePort } from './free-port.js';

export async function testServerEnv(dir: string, options: { influxUrl?: string | undefined; mqttUrl?: string | undefined; dashboard?: boolean } = {}): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    MQTT_PORT: String(await freePort()),
    MQTT_HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'server'),
    INFLUX_URL: options.influxUrl ?? '',
    ...(options.mqttUrl ? { MQTT_URL: options.mqttUrl } : {}),
    ...(options.dashboard ? {} : { DASHBOARD_DIR: join(dir, 'no-dashboard') }),
  };
}
