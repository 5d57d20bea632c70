/**
 * Network serial: a raw TCP stream that carries a firmware's serial protocol, as FluidNC's and
 * ESP3D's telnet servers and ser2net (`port: tcp://host:port`) offer it. No telnet negotiation:
 * those servers speak raw bytes, and so does LightBurn's "GRBL (network)" device.
 * @module
 */
import { connect, type Socket } from 'node:net';
import type { ConnectionFactory, LineConnection } from './connection.js';
import { LineSplitter } from './line-splitter.js';

const TCP_URL = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/;

/** True when a machine's `port` names a network serial endpoint rather than a device node. */
export function isTcpPort(port: string): boolean {
  return port.startsWith('tcp://');
}

/**
 * `tcp://host:port` → host and port; `null` when it is not well formed (the config schema uses it
 * to name the field).
 */
export function parseTcpPort(port: string): { host: string; port: number } | null {
  const match = TCP_URL.exec(port);
  if (!match) return null;
  const number = Number(match[2]);
  if (number < 1 || number > 65535) return null;
  const host = (match[1] as string).replace(/^\[|\]$/g, '');
  return { host, port: number };
}

/** Turns the errors a TCP connect gives into a sentence with the fix. */
export function explainTcpError(url: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `${url} refused the connection: is the board's telnet/TCP server on (FluidNC: Telnet/Enable; ser2net: the port in its config)?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${url}: host not found (check the name, or use the board's IP address)`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${url}: no route to the board (is it on and on this network?)`;
    case 'ECONNRESET':
      return `${url}: the board closed the connection (another client connected, or it rebooted)`;
    default:
      return `${url}: ${error.message}`;
  }
}

export interface TcpOptions {
  /** Give up a connect after this long (a board off the network never answers). */
  readonly connectTimeoutMs?: number;
  /** TCP keepalive: a board that vanished without closing is noticed within a minute or so. */
  readonly keepAliveMs?: number;
}

/** A connection factory for `tcp://host:port` targets (`baudRate` does not apply). */
export function tcpConnectionFactory(options: TcpOptions = {}): ConnectionFactory {
  const { connectTimeoutMs = 5000, keepAliveMs = 10_000 } = options;
  return ({ path }) =>
    new Promise<LineConnection>((resolve, reject) => {
      const target = parseTcpPort(path);
      if (!target) {
        reject(new Error(`${path}: not a tcp://host:port address`));
        return;
      }
      const socket: Socket = connect({ host: target.host, port: target.port });
      const lineListeners: Array<(line: string) => void> = [];
      const closeListeners: Array<(error?: Error) => void> = [];
      let opened = false;
      let closing = false;
      let closed = false;
      let lastError: Error | undefined;
      const splitter = new LineSplitter((line) => {
        for (const listener of lineListeners) listener(line);
      });
      const timer = setTimeout(() => {
        socket.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
      }, connectTimeoutMs);
      socket.setNoDelay(true); // GRBL's realtime `?` must not wait for Nagle.
      socket.on('data', (chunk: Buffer) => splitter.push(chunk.toString('latin1')));
      socket.on('error', (error: NodeJS.ErrnoException) => {
        lastError = new Error(explainTcpError(path, error));
        if (!opened) {
          clearTimeout(timer);
          reject(lastError);
        }
      });
      socket.on('close', () => {
        if (!opened || closed) return;
        closed = true;
        const error = closing
          ? undefined
          : (lastError ?? new Error(`${path}: the board closed the connection`));
        for (const listener of closeListeners) listener(error);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        opened = true;
        socket.setKeepAlive(true, keepAliveMs);
        resolve({
          write: (data) =>
            new Promise<void>((done, fail) => {
              if (closed || socket.destroyed) {
                fail(new Error(`${path} is closed`));
                return;
              }
              socket.write(data, 'latin1', (error) => (error ? fail(error) : done()));
            }),
          onLine: (listener) => lineListeners.push(listener),
          onClose: (listener) => closeListeners.push(listener),
          close: () =>
            new Promise<void>((done) => {
              if (closed || socket.destroyed) {
                closed = true;
                done();
                return;
              }
              closing = true;
              socket.once('close', () => done());
              socket.end();
              // A peer that never answers our FIN must not hold the gateway's stop.
              setTimeout(() => socket.destroy(), 1000).unref();
            }),
        });
      });
    });
}

export const openTcpConnection: ConnectionFactory = tcpConnectionFactory();
