import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectOnce } from '../../support/mqtt-connect.js';
import { siteForAll } from '../../support/site.js';

const denied: string[] = [];
const MAX = 64 * 1024;

const site = siteForAll({
  prefix: 'mf-broker-limits-',
  mqttAuth: false,
  env: { MQTT_MAX_PACKET_BYTES: String(MAX), MQTT_CONNECT_TIMEOUT_S: '1' },
  log: (line) => void denied.push(line),
});

const port = () => Number(new URL(site.server.mqttUrl).port);

/** MQTT's variable-length "remaining length". */
function remainingLength(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes);
}

/**
 * Opens a socket and streams the start of a CONNECT announcing `length` bytes, in 64 KiB chunks,
 * until the broker closes the socket or `length` bytes are sent. Resolves with what was sent.
 */
function unfinishedConnect(length: number): Promise<{ sent: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port(), '127.0.0.1');
    let sent = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      resolve({ sent, socket });
    });
    socket.on('connect', () => {
      // Fixed header of a CONNECT (0x10) with its remaining length, then "MQTT" protocol bytes.
      socket.write(Buffer.concat([Buffer.from([0x10]), remainingLength(length)]));
      const pump = () => {
        while (!closed && sent < length - 1) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        if (!closed) {
          socket.destroy();
          reject(new Error(`the broker read all ${sent} bytes of an unfinished CONNECT`));
        }
      };
      pump();
    });
  });
}

describe('embedded broker limits', () => {
  it('closes a connection announcing a packet over the maximum before reading its body', async () => {
    const rssBefore = process.memoryUsage().rss;
    const results = await Promise.all([1, 2, 3].map(() => unfinishedConnect(64 * 1024 * 1024)));
    const rssAfter = process.memoryUsage().rss;
    console.log(
      `three unfinished 64 MB CONNECTs: RSS ${Math.round(rssBefore / 2 ** 20)} → ${Math.round(rssAfter / 2 ** 20)} MB (test and server in one process)`,
    );
    for (const { sent } of results) expect(sent).toBeLessThan(8 * 1024 * 1024);
    expect(denied.some((l) => /refused a connect of 67108864 bytes/.test(l))).toBe(true);
  });

  it('refuses an oversized publish of a logged-in client: not journaled, not acknowledged', async () => {
    const client = await connectOnce(site.server.mqttUrl, { clientId: 'big-talker' });
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    const received = site.server.ingest.counters.received;
    let acknowledged = false;
    client.publish(
      'manufacto/v1/nord/machines/laser-1/telemetry',
      Buffer.alloc(MAX * 4, 0x20),
      { qos: 1 },
      (error) => (acknowledged = !error),
    );
    await closed;
    client.end(true);
    expect(acknowledged).toBe(false);
    expect(site.server.ingest.counters.received).toBe(received);
  });

  it('drops a client that does not finish CONNECT in time', async () => {
    const socket = connect(port(), '127.0.0.1');
    socket.on('error', () => undefined);
    const started = Date.now();
    await new Promise<void>((r) => socket.on('close', () => r()));
    // MQTT_CONNECT_TIMEOUT_S is 1 here; aedes' own default was 30 s.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
