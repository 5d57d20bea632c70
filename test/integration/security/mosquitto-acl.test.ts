/**
 * The Mosquitto ACL the server generates, run by Debian's mosquitto with a password file made by
 * mosquitto_passwd: a gateway's messages for its own machines reach the server's subscriber;
 * those for another site or machine are dropped; anonymous clients are refused.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type Mosquitto } from '../../support/mosquitto.js';
import { requireBinary } from '../../support/require-binary.js';
import { connectOnce } from '../../support/mqtt-connect.js';
import { siteForAll } from '../../support/site.js';

let broker: Mosquitto;
let gateway: { username: string; password: string };
const SERVER_PASSWORD = 'serveur-mqtt-de-test';

// The server issues the gateway's secret and the ACL (its own broker is not used here).
const site = siteForAll({ prefix: 'mf-acl-', logLevel: 'error' });

beforeAll(async () => {
  const passwd = requireBinary('mosquitto_passwd', 'mosquitto');
  gateway = {
    username: 'gw-lyon',
    password: await site.issueGateway('gw-lyon', ['laser-1'], 'lyon'),
  };
  const acl = await (await site.api('/gateways/mosquitto-acl')).text();
  const passwords = join(site.dir, 'passwords');
  writeFileSync(passwords, '');
  execFileSync(passwd, ['-b', passwords, 'manufacto-server', SERVER_PASSWORD]);
  execFileSync(passwd, ['-b', passwords, gateway.username, gateway.password]);
  broker = await startMosquitto({
    allowAnonymous: false,
    files: { passwords: readFileSync(passwords, 'utf8'), acl },
    extraConfig: (d) => `password_file ${join(d, 'passwords')}\nacl_file ${join(d, 'acl')}`,
  });
});
afterAll(async () => {
  await broker?.stop();
});

const connect = (options: mqtt.IClientOptions) => connectOnce(broker.url, options);

describe('the generated Mosquitto ACL on Debian’s mosquitto', () => {
  it('refuses anonymous clients', async () => {
    await expect(connect({ clientId: 'anon' })).rejects.toThrow(
      /Not authorized|Bad username or password/i,
    );
  });

  it('delivers a gateway’s own machine messages to the server and drops the others', async () => {
    const reader = await connect({
      clientId: 'reader',
      username: 'manufacto-server',
      password: SERVER_PASSWORD,
    });
    const seen: string[] = [];
    reader.on('message', (topic) => seen.push(topic));
    await reader.subscribeAsync('manufacto/v1/#', { qos: 1 });
    const gw = await connect({ clientId: 'gw-lyon', ...gateway });
    for (const topic of [
      'manufacto/v1/lyon/machines/laser-1/state',
      'manufacto/v1/paris/machines/laser-1/state',
      'manufacto/v1/lyon/machines/cnc-9/state',
      'manufacto/v1/lyon/machines/laser-1/command',
      'manufacto/v1/lyon/gateways/gw-lyon/presence',
    ]) {
      await gw.publishAsync(topic, '{}', { qos: 1 });
    }
    // The last allowed message is in: everything before it has been decided.
    await expect
      .poll(() => seen.includes('manufacto/v1/lyon/gateways/gw-lyon/presence'), { timeout: 5000 })
      .toBe(true);
    expect(seen).toEqual([
      'manufacto/v1/lyon/machines/laser-1/state',
      'manufacto/v1/lyon/gateways/gw-lyon/presence',
    ]);
    gw.end(true);
    reader.end(true);
  });
});
