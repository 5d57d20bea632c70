/**
 * Network serial against a real TCP listener on loopback (as FluidNC's telnet server or ser2net):
 * lines cut across packets, raw writes, the board going, and the errors a person can act on.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTcpConnection, parseTcpPort } from './tcp.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

function listen(onClient: (socket: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    server = createServer(onClient);
    server.listen(0, '127.0.0.1', () => {
      const address = server?.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

const until = async (test: () => boolean) => {
  while (!test()) await new Promise((r) => setTimeout(r, 5));
};

describe('tcp:// transport', () => {
  it('parses tcp://host:port and refuses anything else', () => {
    expect(parseTcpPort('tcp://192.168.1.40:23')).toEqual({ host: '192.168.1.40', port: 23 });
    expect(parseTcpPort('tcp://fluidnc.local:23/')).toEqual({ host: 'fluidnc.local', port: 23 });
    expect(parseTcpPort('tcp://[::1]:2000')).toEqual({ host: '::1', port: 2000 });
    for (const bad of ['tcp://host', 'tcp://host:0', 'tcp://host:70000', 'tcp://:23', '/dev/x'])
      expect(parseTcpPort(bad)).toBeNull();
  });

  it('splits lines cut across packets and writes raw bytes', async () => {
    const received: string[] = [];
    let client: Socket | undefined;
    const port = await listen((socket) => {
      client = socket;
      socket.on('data', (chunk) => received.push(chunk.toString('latin1')));
      socket.write("Grbl 1.1h ['$' for hel");
      setTimeout(() => socket.write('p]\r\n<Idle|MPos:0.000,0.000,0.000|FS:0,0>\r\nok\r\n'), 20);
    });
    const connection = await openTcpConnection({ path: `tcp://127.0.0.1:${port}`, baudRate: 0 });
    const lines: string[] = [];
    connection.onLine((line) => lines.push(line));
    await until(() => lines.length === 3);
    expect(lines).toEqual([
      "Grbl 1.1h ['$' for help]",
      '<Idle|MPos:0.000,0.000,0.000|FS:0,0>',
      'ok',
    ]);
    await connection.write('?');
    await connection.write('$I\n');
    await until(() => received.join('') === '?$I\n');
    expect(client).toBeDefined();
    await connection.close();
  });

  it('says when the board closes the connection', async () => {
    const port = await listen((socket) => setTimeout(() => socket.destroy(), 20));
    const connection = await openTcpConnection({ path: `tcp://127.0.0.1:${port}`, baudRate: 0 });
    const error = await new Promise<Error | undefined>((resolve) => connection.onClose(resolve));
    expect(error?.message).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+: /);
    await expect(connection.write('?')).rejects.toThrow(/is closed/);
  });

  it('explains a refused connection', async () => {
    const port = await listen(() => undefined);
    await new Promise((r) => server?.close(r));
    server = undefined;
    await expect(
      openTcpConnection({ path: `tcp://127.0.0.1:${port}`, baudRate: 0 }),
    ).rejects.toThrow(/refused the connection: is the board's telnet\/TCP server on/);
  });
});
