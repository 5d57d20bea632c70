/** startBroker() and brokerForAll() against a real mosquitto and a real aedes. */
import { existsSync } from 'node:fs';
import mqtt from 'mqtt';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Broker, brokerForAll, startBroker } from './broker.js';
import { isAlive } from './processes.js';

async function client(url: string, options: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 100, ...options });
  onTestFinished(() => c.endAsync(true));
  return c;
}

function next(c: mqtt.MqttClient): Promise<string> {
  return new Promise((resolve) =>
    c.once('message', (_topic, payload) => resolve(payload.toString())),
  );
}

const accepts = async (url: string) => {
  try {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 2000 });
    await c.endAsync(true);
    return true;
  } catch {
    return false;
  }
};

describe.each(['aedes', 'mosquitto'] as const)('startBroker(%s)', (kind) => {
  let previous: Broker | undefined;

  it('relays a message from a publisher to a subscriber', async () => {
    const broker = await startBroker(kind);
    previous = broker;
    expect(broker).toMatchObject({ kind, running: true, url: `mqtt://127.0.0.1:${broker.port}` });
    const sub = await client(broker.url);
    const pub = await client(broker.url);
    await sub.subscribeAsync('manufacto/v1/#', { qos: 1 });
    const received = next(sub);
    await pub.publishAsync('manufacto/v1/a/machines/b/state', 'hello', { qos: 1 });
    expect(await received).toBe('hello');
  });

  it('is stopped, its folder removed, once the test that started it has finished', async () => {
    expect(previous?.running).toBe(false);
    expect(await accepts(previous?.url ?? '')).toBe(false);
    if (kind === 'mosquitto') {
      expect(isAlive(previous?.pid)).toBe(false);
      expect(previous?.dir && existsSync(previous.dir)).toBe(false);
    }
  });

  it('comes back on the same port after an outage, and clients reconnect', async () => {
    const broker = await startBroker(kind);
    const sub = await client(broker.url);
    const pub = await client(broker.url);
    const cut = new Promise<void>((resolve) => sub.once('close', () => resolve()));
    await broker.stop();
    await broker.stop(); // idempotent
    await cut;
    expect(await accepts(broker.url)).toBe(false);
    await broker.start();
    await new Promise<void>((resolve) =>
      sub.connected ? resolve() : sub.once('connect', () => resolve()),
    );
    await sub.subscribeAsync('t/again', { qos: 1 });
    const received = next(sub);
    await pub.publishAsync('t/again', 'back', { qos: 1 });
    expect(await received).toBe('back');
  });
});

describe('startBroker(mosquitto) with persistence', () => {
  it('keeps a session and the QoS 1 messages queued for it across an outage', async () => {
    const broker = await startBroker('mosquitto', { mosquitto: { persistence: true } });
    const session = { clientId: 'server-1', clean: false, reconnectPeriod: 0 };
    const sub = await mqtt.connectAsync(broker.url, session);
    await sub.subscribeAsync('t/queued', { qos: 1 });
    await sub.endAsync();
    const pub = await client(broker.url);
    await pub.publishAsync('t/queued', 'kept', { qos: 1 });
    await broker.stop();
    await broker.start();
    const again = mqtt.connect(broker.url, { ...session, manualConnect: true });
    onTestFinished(() => again.endAsync(true));
    const received = next(again);
    again.connect();
    expect(await received).toBe('kept');
  });
});

describe('brokerForAll', () => {
  const broker = brokerForAll('aedes');
  let port: number | undefined;

  it('is running for every test of its block, on one port', async () => {
    port = broker.port;
    expect(await accepts(broker.url)).toBe(true);
  });

  it('is still the same broker in the next test', async () => {
    expect(broker.port).toBe(port);
    expect(await accepts(broker.url)).toBe(true);
  });
});

describe('startBroker in a hook', () => {
  let refused: unknown;
  beforeAll(async () => {
    refused = await startBroker('aedes').catch((error: unknown) => error);
  });

  it('is refused, naming brokerForAll(): nothing would stop it', () => {
    expect(String(refused)).toContain('brokerForAll()');
  });
});
