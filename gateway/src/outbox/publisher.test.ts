import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes, type AuthorizePublishHandler } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';
import { Publisher } from './publisher.js';

/**
 * A real aedes broker in this process, on a port of 127.0.0.1. `hold` keeps the PUBACK of each
 * telemetry publish back until `release()`: what the broker has received but not acknowledged is
 * what the publisher has in flight.
 */
async function startBroker(port = 0, options: { hold?: boolean } = {}) {
  const received: number[] = [];
  const held: Array<() => void> = [];
  let holding = options.hold ?? false;
  const authorizePublish: AuthorizePublishHandler = (_client, packet, done) => {
    if (!packet.topic.endsWith('/telemetry')) return done(null);
    received.push(JSON.parse(packet.payload.toString()).seq as number);
    if (holding) held.push(() => done(null));
    else done(null);
  };
  const aedes = await Aedes.createBroker({ authorizePublish });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received,
    get held() {
      return held.length;
    },
    release() {
      holding = false;
      for (const ack of held.splice(0)) ack();
    },
    /** The broker goes away at once: connections cut, nothing acknowledged that was held. */
    async kill() {
      held.length = 0;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}

type Broker = Awaited<ReturnType<typeof startBroker>>;

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const task of cleanup.splice(0).reverse()) await task();
});

function gatewayWith(port: number, maxInFlight: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mf-publisher-'));
  const outbox = new Outbox({
    file: join(dir, 'outbox.sqlite'),
    maxMessages: 10_000,
    whenFull: 'drop-oldest-telemetry',
  });
  const lines: string[] = [];
  const publisher = new Publisher({
    outbox,
    url: `mqtt://127.0.0.1:${port}`,
    site: 'fablab',
    gateway: 'gw-atelier',
    machines: ['prusa-1'],
    version: 'test',
    maxInFlight,
    reconnectMs: 50,
    log: (line) => lines.push(line),
  });
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => outbox.close());
  cleanup.push(() => publisher.stop());
  const enqueue = (n: number) => {
    for (let i = 0; i < n; i += 1)
      outbox.enqueue('telemetry', (seq, epoch) => ({
        topic: 'manufacto/v1/fablab/machines/prusa-1/telemetry',
        payload: JSON.stringify({
          v: 1,
          gateway: 'gw-atelier',
          seq,
          epoch,
          ts: Date.now(),
          metrics: { power_w: seq },
        }),
        retain: false,
      }));
    publisher.pump();
  };
  return { outbox, publisher, enqueue, lines };
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Publisher', () => {
  it('sends the outbox in sequence order and deletes each message only at its PUBACK', async () => {
    const broker: Broker = await startBroker(0, { hold: true });
    cleanup.push(() => broker.kill());
    const { outbox, publisher, enqueue } = gatewayWith(broker.port, 5);
    publisher.start();
    await until('the connection', () => publisher.connected);
    enqueue(3);
    await until('three messages at the broker', () => broker.received.length === 3);
    // Received, not acknowledged: the outbox still has them all.
    expect(outbox.stats().pending).toBe(3);
    broker.release();
    await until('an empty outbox', () => outbox.stats().pending === 0);
    expect(broker.received).toEqual([0, 1, 2]);
  });

  it('never has more than maxInFlight messages awaiting their PUBACK, and sends on as they come', async () => {
    const broker = await startBroker(0, { hold: true });
    cleanup.push(() => broker.kill());
    const { outbox, publisher, enqueue } = gatewayWith(broker.port, 4);
    publisher.start();
    await until('the connection', () => publisher.connected);
    enqueue(20);
    await until('four messages held', () => broker.held === 4);
    // Give the publisher every chance to send past its bound.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(broker.received).toEqual([0, 1, 2, 3]);
    broker.release();
    await until('an empty outbox', () => outbox.stats().pending === 0);
    expect(broker.received).toEqual(range(20));
  });

  it('loses nothing when the broker goes away with messages in flight: it resends from the oldest unacknowledged', async () => {
    const first = await startBroker(0, { hold: true });
    const port = first.port;
    const { outbox, publisher, enqueue, lines } = gatewayWith(port, 10);
    publisher.start();
    await until('the connection', () => publisher.connected);
    enqueue(25);
    await until('ten messages in flight', () => first.held === 10);
    await first.kill();
    await until('the loss noticed', () => !publisher.connected);
    // Written while the broker is away: they wait in the outbox.
    enqueue(5);
    expect(outbox.stats().pending).toBe(30);

    const second = await startBroker(port);
    cleanup.push(() => second.kill());
    await until('an empty outbox', () => outbox.stats().pending === 0);
    // Everything unacknowledged was sent again, in order, from the oldest.
    expect(second.received).toEqual(range(30));
    expect(lines.some((l) => l.startsWith('lost the broker'))).toBe(true);
    expect(lines.some((l) => l.startsWith('reconnected to broker'))).toBe(true);
  });

  it('resends nothing that was acknowledged before the broker went away', async () => {
    const first = await startBroker(0);
    const port = first.port;
    const { outbox, publisher, enqueue } = gatewayWith(port, 3);
    publisher.start();
    await until('the connection', () => publisher.connected);
    enqueue(6);
    await until('an empty outbox', () => outbox.stats().pending === 0);
    await first.kill();
    await until('the loss noticed', () => !publisher.connected);
    enqueue(2);

    const second = await startBroker(port);
    cleanup.push(() => second.kill());
    await until('an empty outbox', () => outbox.stats().pending === 0);
    expect(first.received).toEqual(range(6));
    expect(second.received).toEqual([6, 7]);
  });
});
