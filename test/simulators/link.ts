/**
 * The wire a simulator sits on: the device end of a socat pty (as a USB serial port), or a TCP
 * listener on loopback (as FluidNC's telnet server or ser2net) for the network serial transport and
 * for machines without socat. One host at a time on TCP, as those boards do: a second client is
 * refused with a line saying so.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';

export interface DeviceLink {
  /** Whether a host can hear us now (the pty is open; a TCP client is connected). */
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(data: string | Buffer): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** A TCP host connected (a pty has no such moment: the banner is sent once, at open). */
  onConnect(listener: () => void): void;
  close(): Promise<void>;
}

export function serialLink(path: string): DeviceLink {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  // The host going away (pty closed) is not our error.
  port.on('error', () => undefined);
  return {
    get isOpen() {
      return port.isOpen;
    },
    open: () =>
      new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve()))),
    write: (data) => void port.write(data, 'latin1'),
    onData: (listener) => void port.on('data', listener),
    onConnect: () => undefined,
    close: () =>
      port.isOpen ? new Promise<void>((r) => port.close(() => r())) : Promise.resolve(),
  };
}

export interface TcpLinkOptions {
  readonly port: number;
  /** Loopback by default: a simulator is nobody's business outside this box. */
  readonly host?: string;
}

export function tcpLink({ port, host = '127.0.0.1' }: TcpLinkOptions): DeviceLink {
  let server: Server | undefined;
  let client: Socket | undefined;
  const dataListeners: Array<(chunk: Buffer) => void> = [];
  const connectListeners: Array<() => void> = [];
  return {
    get isOpen() {
      return client !== undefined && !client.destroyed;
    },
    open: () =>
      new Promise<void>((resolve, reject) => {
        server = createServer((socket) => {
          socket.on('error', () => undefined);
          if (client && !client.destroyed) {
            socket.end('error: another client is connected\r\n');
            return;
          }
          client = socket;
          socket.setNoDelay(true);
          socket.on('data', (chunk: Buffer) => {
            for (const listener of dataListeners) listener(chunk);
          });
          socket.on('close', () => {
            if (client === socket) client = undefined;
          });
          for (const listener of connectListeners) listener();
        });
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      }),
    write: (data) => {
      if (client && !client.destroyed) client.write(data, 'latin1');
    },
    onData: (listener) => void dataListeners.push(listener),
    onConnect: (listener) => void connectListeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        client?.destroy();
        client = undefined;
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
  };
}
