/**
 * The embedded broker (aedes) with credentials on: a gateway logs in with the secret a manager
 * issued, publishes only under its own site for its own machines, subscribes only to its own
 * command topics; anonymous and wrong credentials are refused; a revoked gateway is out.
 */
import type mqtt from 'mqtt';
import { describe, expect, it, onTestFinished } from 'vitest';
import { connectOnce } from '../../support/mqtt-connect.js';
import { siteForAll } from '../../support/site.js';

const denied: string[] = [];
const site = siteForAll({ prefix: 'mf-mqtt-auth-', log: (line) => void denied.push(line) });

/** A gateway's MQTT login, issued by the site's manager (PUT /api/gateways/{id}). */
const issue = async (gateway: string, siteId: string, machines: string[]) => ({
  username: gateway,
  password: await site.issueGateway(gateway, machines, siteId),
});

const connect = (options: mqtt.IClientOptions) => connectOnce(site.server.mqttUrl, options);

const state = (gateway: string, name: string) =>
  JSON.stringify({
    v: 1,
    gateway,
    seq: 1,
    ts: Date.now(),
    state: 'idle',
    since: Date.now(),
    machine: { name, kind: 'laser', profile: 'grbl' },
  });

async function machineSeen(id: string): Promise<boolean> {
  return (await fetch(`${site.server.httpUrl}/api/machines/${id}`)).ok;
}

describe('gateway credentials on the embedded broker', () => {
  it('refuses anonymous clients and wrong secrets', async () => {
    await expect(connect({ clientId: 'anon' })).rejects.toThrow(
      /Not authorized|Bad username or password/i,
    );
    await issue('gw-lyon', 'lyon', ['laser-1']);
    await expect(
      connect({ clientId: 'x', username: 'gw-lyon', password: 'mfg_not-the-secret' }),
    ).rejects.toThrow(/Bad username or password/i);
  });

  it('lets a gateway publish its own machine, and cuts it off when it publishes for another site or machine', async () => {
    const cred = await issue('gw-nord', 'nord', ['laser-7']);
    const client = await connect({ clientId: 'gw-nord', ...cred });
    onTestFinished(() => void client.end(true));
    await client.publishAsync(
      'manufacto/v1/nord/machines/laser-7/state',
      state('gw-nord', 'Laser 7'),
      { qos: 1 },
    );
    await expect.poll(() => machineSeen('laser-7'), { timeout: 5000 }).toBe(true);

    const closed = new Promise<void>((r) => client.once('close', () => r()));
    void client
      .publishAsync('manufacto/v1/sud/machines/laser-8/state', state('gw-nord', 'Intrus'), {
        qos: 1,
      })
      .catch(() => undefined);
    await closed;
    expect(await machineSeen('laser-8')).toBe(false);
    expect(
      denied.some((l) =>
        l.includes(
          'gateway gw-nord (site nord) may not publish to manufacto/v1/sud/machines/laser-8/state',
        ),
      ),
    ).toBe(true);

    const again = await connect({ clientId: 'gw-nord-2', ...cred });
    onTestFinished(() => void again.end(true));
    const closedAgain = new Promise<void>((r) => again.once('close', () => r()));
    void again
      .publishAsync('manufacto/v1/nord/machines/cnc-9/state', state('gw-nord', 'Pas la mienne'), {
        qos: 1,
      })
      .catch(() => undefined);
    await closedAgain;
    expect(await machineSeen('cnc-9')).toBe(false);
  });

  it('lets a gateway subscribe to its own command topic only', async () => {
    const cred = await issue('gw-est', 'est', ['cnc-2']);
    const client = await connect({ clientId: 'gw-est', ...cred });
    onTestFinished(() => void client.end(true));
    // mqtt.js rejects a SUBACK with any refused filter; the packet says which.
    const suback = await client
      .subscribeAsync([
        'manufacto/v1/est/machines/cnc-2/command',
        'manufacto/v1/#',
        'manufacto/v1/est/machines/+/command',
      ])
      .then(
        () => ({ granted: [] as number[] }),
        (error: { packet?: { granted: number[] } }) => error.packet ?? { granted: [] },
      );
    expect(suback.granted).toEqual([0, 128, 128]);
  });

  it('shuts a revoked gateway out', async () => {
    const cred = await issue('gw-ouest', 'ouest', ['printer-1']);
    (await connect({ clientId: 'gw-ouest', ...cred })).end(true);
    expect((await site.api(`/gateways/gw-ouest`, { method: 'DELETE' })).status).toBe(204);
    await expect(connect({ clientId: 'gw-ouest-2', ...cred })).rejects.toThrow(
      /Bad username or password/i,
    );
  });
});
