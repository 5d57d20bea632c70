/**
 * The gateway's serial transport on a real pty (socat), its descriptor read directly: lines in
 * any chunking arrive whole and in order, bursts included, and the far end going away closes the
 * connection with a reason instead of hanging.
 */
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSerialConnection } from '../../../gateway/src/transports/serial.js';
import { openPtyPair, type PtyPair } from '../../support/pty.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function deviceEnd(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on('error', () => undefined);
  cleanups.push(() => new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r())));
  return port;
}

describe('serial transport (direct reads)', () => {
  it('delivers whole lines in order, from split chunks and from a burst of 5,000 lines', async () => {
    const pair: PtyPair = await openPtyPair({ name: 'direct-read' });
    cleanups.push(() => pair.stop());
    const connection = await openSerialConnection({ path: pair.hostPath, baudRate: 115200 });
    cleanups.push(() => connection.close());
    const lines: string[] = [];
    connection.onLine((l) => lines.push(l));
    const device = await deviceEnd(pair.devicePath);
    device.write('<Idle|MPos:0.000,');
    await new Promise((r) => setTimeout(r, 50));
    device.write('0.000,0.000|FS:0,0>\r\nok\r\n');
    await vi.waitFor(() => expect(lines).toEqual(['<Idle|MPos:0.000,0.000,0.000|FS:0,0>', 'ok']), {
      timeout: 5000,
    });
    const burst = Array.from(
      { length: 5000 },
      (_, i) => `T:${(20 + i / 1000).toFixed(3)} /0.0 B:21.0 /0.0 @:0 B@:0`,
    );
    device.write(burst.map((l) => `${l}\n`).join(''));
    await vi.waitFor(() => expect(lines.length).toBe(5002), { timeout: 15_000 });
    expect(lines.slice(2)).toEqual(burst);
    // And the other way: what the gateway writes reaches the device.
    const heard: string[] = [];
    device.on('data', (chunk: Buffer) => heard.push(chunk.toString('latin1')));
    await connection.write('?M105\n');
    await vi.waitFor(() => expect(heard.join('')).toBe('?M105\n'), { timeout: 5000 });
  });

  it('closes the connection with a reason when the far end goes away', async () => {
    const pair: PtyPair = await openPtyPair({ name: 'direct-read-gone' });
    const connection = await openSerialConnection({ path: pair.hostPath, baudRate: 115200 });
    cleanups.push(() => connection.close());
    const closed: Array<Error | undefined> = [];
    connection.onClose((e) => closed.push(e));
    await pair.stop(); // socat gone: the pty's other side is closed, as when a USB adapter vanishes
    await vi.waitFor(() => expect(closed).toHaveLength(1), { timeout: 10_000 });
    expect(closed[0]).toBeInstanceOf(Error);
  });
});
