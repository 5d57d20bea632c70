/**
 * Serial ports through `serialport`: the connection factory the gateway uses in the workshop
 * (and on socat ptys in tests). On Linux and macOS the port's descriptor is read directly
 * (`direct-port.ts`); serialport's stream is kept for the platforms without one.
 * @module
 */
import { existsSync } from 'node:fs';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { ConnectionFactory, LineConnection } from './connection.js';
import { LineSplitter } from './line-splitter.js';
import { type DirectPort, openDirectPort } from './direct-port.js';

/** Turns the errors serialport gives for a missing or busy port into a sentence with the fix. */
export function explainSerialError(path: string, error: Error): string {
  const message = error.message;
  if (/ENOENT|No such file/i.test(message)) {
    return `serial port ${path} not found: is the machine on and its USB cable plugged in? (list ports with "manufacto-gateway ports")`;
  }
  if (/EACCES|Permission denied/i.test(message)) {
    return `serial port ${path}: permission denied; add the gateway's user to the "dialout" group`;
  }
  if (/EBUSY|Resource busy|Cannot lock port/i.test(message)) {
    return `serial port ${path} is busy: another program (OctoPrint, LightBurn, a terminal) has it open`;
  }
  return `serial port ${path}: ${message}`;
}

export const openSerialConnection: ConnectionFactory = async ({ path, baudRate }) => {
  const closeListeners: Array<(error?: Error) => void> = [];
  const lineListeners: Array<(line: string) => void> = [];
  let closed = false;
  const splitter = new LineSplitter((line) => {
    for (const listener of lineListeners) listener(line);
  });
  const fireClose = (error?: Error) => {
    if (closed) return;
    closed = true;
    for (const listener of closeListeners) listener(error);
  };
  let direct: DirectPort | null;
  try {
    // Latin-1 keeps every byte as one character: garbage stays visible instead of breaking UTF-8 decoding.
    direct = await openDirectPort(
      { path, baudRate },
      (text) => splitter.push(text),
      (error) => fireClose(error),
    );
  } catch (error) {
    throw new Error(explainSerialError(path, error as Error));
  }
  if (!direct) return openStreamConnection({ path, baudRate });
  const port = direct;
  return {
    write: (data) =>
      closed ? Promise.reject(new Error(`serial port ${path} is closed`)) : port.write(data),
    onLine: (listener) => lineListeners.push(listener),
    isPresent: () => existsSync(path),
    onClose: (listener) => closeListeners.push(listener),
    close: async () => {
      if (closed) return;
      await port.close();
      fireClose();
    },
  };
};

/** Through serialport's stream: where the binding gives no descriptor to read (Windows). */
const openStreamConnection: ConnectionFactory = ({ path, baudRate }) =>
  new Promise<LineConnection>((resolve, reject) => {
    const port = new SerialPortStream({
      binding: SerialPort.binding,
      path,
      baudRate,
      autoOpen: false,
    });
    const closeListeners: Array<(error?: Error) => void> = [];
    const lineListeners: Array<(line: string) => void> = [];
    let closed = false;
    let closing = false;
    const splitter = new LineSplitter((line) => {
      for (const listener of lineListeners) listener(line);
    });
    const fireClose = (error?: Error) => {
      if (closed) return;
      closed = true;
      for (const listener of closeListeners) listener(error);
    };
    // Latin-1 keeps every byte as one character: garbage stays visible instead of breaking UTF-8 decoding.
    port.on('data', (chunk: Buffer) => splitter.push(chunk.toString('latin1')));
    port.on('close', (error?: Error | null) => {
      fireClose(closing ? undefined : (error ?? new Error(`serial port ${path} closed`)));
    });
    port.on('error', (error: Error) => {
      if (port.isOpen) return; // 'close' follows with the reason.
      fireClose(error);
    });
    port.open((error) => {
      if (error) {
        reject(new Error(explainSerialError(path, error)));
        return;
      }
      resolve({
        write: (data) =>
          new Promise<void>((done, fail) => {
            if (closed) {
              fail(new Error(`serial port ${path} is closed`));
              return;
            }
            port.write(data, 'latin1', (writeError) => (writeError ? fail(writeError) : done()));
          }),
        onLine: (listener) => lineListeners.push(listener),
        isPresent: () => existsSync(path),
        onClose: (listener) => closeListeners.push(listener),
        close: () =>
          new Promise<void>((done) => {
            if (closed || !port.isOpen) {
              closed = true;
              done();
              return;
            }
            closing = true;
            port.close(() => {
              fireClose();
              done();
            });
          }),
      });
    });
  });
