/** The harnesses against the real Debian binaries, each used for real, then stopped. */
import { existsSync } from 'node:fs';
import { ReadlineParser, SerialPort } from 'serialport';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startInfluxd } from './influxd.js';
import { openPtyPair } from './pty.js';
import { isAlive } from './processes.js';
import { requireBinary } from './require-binary.js';

/** Awaits `promise`, or fails naming the step that did not happen. */
function step<T>(name: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out: ${name}`)), ms).unref(),
    ),
  ]);
}

describe('harnesses', () => {
  it('requireBinary names the Debian package of a missing command', () => {
    expect(() => requireBinary('no-such-tool-xyz', 'no-such-package')).toThrow(
      'no-such-tool-xyz is not installed: apt-get install -y no-such-package',
    );
  });

  it('a socat pty pair carries bytes both ways, and stopping it removes both ends', async () => {
    const pair = await openPtyPair();
    onTestFinished(() => pair.stop());
    const device = new SerialPort({ path: pair.devicePath, baudRate: 115200 });
    const host = new SerialPort({ path: pair.hostPath, baudRate: 115200 });
    onTestFinished(() => {
      if (device.isOpen) device.close();
      if (host.isOpen) host.close();
    });
    const hostLines = host.pipe(new ReadlineParser({ delimiter: '\n' }));
    const deviceLines = device.pipe(new ReadlineParser({ delimiter: '\n' }));
    const fromDevice = new Promise<string>((r) => hostLines.once('data', r));
    const fromHost = new Promise<string>((r) => deviceLines.once('data', r));
    const opened = (port: SerialPort) =>
      new Promise((r) => (port.isOpen ? r(null) : port.once('open', r)));
    await step('both ports open', Promise.all([opened(host), opened(device)]));
    device.write('ok T:21.5 /0.0\n');
    host.write('M105\n');
    expect(await step('line from device', fromDevice)).toBe('ok T:21.5 /0.0');
    expect(await step('line from host', fromHost)).toBe('M105');
    await pair.stop();
    // The pty driver does not always report the hang-up to the open port; the gateway relies on
    // the device node disappearing, as it does when a USB cable is pulled.
    expect(existsSync(pair.hostPath)).toBe(false);
    expect(existsSync(pair.devicePath)).toBe(false);
    expect(isAlive(pair.pid)).toBe(false);
  });

  it('a pty pair opened again with the same dir and name comes back on the same paths', async () => {
    const first = await openPtyPair({ name: 'cnc' });
    const dir = first.devicePath.slice(0, first.devicePath.lastIndexOf('/'));
    await first.stop();
    await first.stop(); // idempotent
    const again = await openPtyPair({ dir, name: 'cnc' });
    onTestFinished(() => again.stop());
    expect([again.devicePath, again.hostPath]).toEqual([first.devicePath, first.hostPath]);
    const host = new SerialPort({ path: again.hostPath, baudRate: 115200 });
    const device = new SerialPort({ path: again.devicePath, baudRate: 115200 });
    onTestFinished(() => {
      if (device.isOpen) device.close();
      if (host.isOpen) host.close();
    });
    const line = new Promise<string>((r) =>
      host.pipe(new ReadlineParser({ delimiter: '\n' })).once('data', r),
    );
    await step('device open', new Promise((r) => device.once('open', r)));
    device.write('Grbl 1.1h\n');
    expect(await step('line after re-plug', line)).toBe('Grbl 1.1h');
  });

  it('influxd stores a point written over HTTP and answers a query for it', async () => {
    const influx = await startInfluxd();
    onTestFinished(() => influx.stop());
    const q = (query: string) =>
      fetch(`${influx.url}/query?${new URLSearchParams({ q: query, db: 'h' })}`, {
        method: 'POST',
      });
    await q('CREATE DATABASE h');
    const write = await fetch(`${influx.url}/write?db=h&precision=ms`, {
      method: 'POST',
      body: 'probe,machine=m1 value=42 1795431600000',
    });
    expect(write.status).toBe(204);
    const body = (await (await q('SELECT value FROM probe')).json()) as {
      results: Array<{ series?: Array<{ values: unknown[][] }> }>;
    };
    expect(body.results[0]?.series?.[0]?.values).toEqual([['2026-11-23T11:00:00Z', 42]]);
    await influx.stop();
    await influx.stop(); // idempotent
    expect(isAlive(influx.pid)).toBe(false);
    await expect(fetch(`${influx.url}/ping`)).rejects.toThrow();
    // Started again on the same dir and port (an outage in a fault test): the data is still there.
    const again = await startInfluxd({ dir: influx.dir, port: influx.port });
    onTestFinished(() => again.stop());
    expect(again.url).toBe(influx.url);
    const after = (await (await q('SELECT value FROM probe')).json()) as {
      results: Array<{ series?: Array<{ values: unknown[][] }> }>;
    };
    expect(after.results[0]?.series?.[0]?.values).toEqual([['2026-11-23T11:00:00Z', 42]]);
  });
});
