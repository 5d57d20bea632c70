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

/**
 * What both ways of reading a port share: the line and close listeners, the line splitter, and
 * the close told once.
 */
function connectionEvents() {
  const closeListeners: Array<(error?: Error) => void> = [];
  const lineListeners: Array<(line: string) => void> = [];
  let closed = false;
  const splitter = new LineSplitter((line) => {
    for (const listener of lineListeners) listener(line);
  });
  return {
    get closed() {
      return closed;
    },
    /** Latin-1 text (a byte per character: garbage stays visible instead of breaking UTF-8). */
    push: (text: string) => splitter.push(text),
    /** Tells the close listeners, once: `error` when it was not asked for. */
    close(error?: Error) {
      if (closed) return;
      closed = true;
      for (const listener of closeListeners) listener(error);
    },
    /** Closed without telling anyone (a close asked for on a port that was not open). */
    forget() {
      closed = true;
    },
    onLine: (listener: (line: string) => void) => void lineListeners.push(listener),
    onClose: (listener: (error?: Error) => void) => void closeListeners.push(listener),
  };
}

export const openSerialConnection: ConnectionFactory = async ({ path, baudRate }) => {
  const events = connectionEvents();
  let direct: DirectPort | null;
  try {
    direct = await openDirectPort(
      { path, baudRate },
      (text) => events.push(text),
      (error) => events.close(error),
    );
  } catch (error) {
    throw new Error(explainSerialError(path, error as Error));
  }
  if (!direct) return openStreamConnection({ path, baudRate });
  const port = direct;
  return {
    write: (data) =>
      events.closed ? Promise.reject(new Error(`serial port ${path} is closed`)) : port.write(data),
    onLine: events.onLine,
    isPresent: () => existsSync(path),
    onClose: events.onClose,
    close: async () => {
      if (events.closed) return;
      await port.close();
      events.close();
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
    const events = connectionEvents();
    let closing = false;
    port.on('data', (chunk: Buffer) => events.push(chunk.toString('latin1')));
    port.on('close', (error?: Error | null) => {
      events.close(closing ? undefined : (error ?? new Error(`serial port ${path} closed`)));
    });
    port.on('error', (error: Error) => {
      if (port.isOpen) return; // 'close' follows with the reason.
      events.close(error);
    });
    port.open((error) => {
      if (error) {
        reject(new Error(explainSerialError(path, error)));
        return;
      }
      resolve({
        write: (data) =>
          new Promise<void>((done, fail) => {
            if (events.closed) {
              fail(new Error(`serial port ${path} is closed`));
              return;
            }
            port.write(data, 'latin1', (writeError) => (writeError ? fail(writeError) : done()));
          }),
        onLine: events.onLine,
        isPresent: () => existsSync(path),
        onClose: events.onClose,
        close: () =>
          new Promise<void>((done) => {
            if (events.closed || !port.isOpen) {
              events.forget();
              done();
              return;
            }
            closing = true;
            port.close(() => {
              events.close();
              done();
            });
          }),
      });
    });
  });
