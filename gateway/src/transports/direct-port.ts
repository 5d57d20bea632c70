/**
 * A serial port read and written on its descriptor, in the event loop, without Node's streams.
 * serialport's `SerialPortStream` hands each chunk through a `Readable` (and each poll write
 * through a `Writable` and a thread-pool `fs.write`): with 16 machines polled five times a second
 * that machinery was most of the gateway's CPU. Here serialport's binding opens the port (lock,
 * baud rate, termios) and its poller says when the non-blocking descriptor is readable; the bytes
 * are read with `readSync` until EAGAIN and handed on as Latin-1 text, and the few bytes of a poll
 * are written with `writeSync`, in order.
 *
 * `fd` and `poller` are private fields of `@serialport/bindings-cpp` 13.0 (which serialport 13.0.0
 * pins exactly): package.json pins serialport to `~13.0.0`, so a minor release that renames them is
 * taken only on purpose, after checking them here. Where the opened port has neither (Windows),
 * `openDirectPort` answers null and the caller uses serialport's stream.
 * @module
 */
import { readSync, writeSync } from 'node:fs';
import { SerialPort } from 'serialport';

type Binding = typeof SerialPort.binding;
type OpenOptions = Parameters<Binding['open']>[0];
interface UnixPort {
  readonly fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
  close(): Promise<void>;
}

export interface DirectPort {
  write(data: string): Promise<void>;
  /** Closes the port; `onEnd` is not called for a close asked for. */
  close(): Promise<void>;
}

const retryable = (code: string | undefined) =>
  code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';

/** serialport's own defaults for everything but the path and baud rate. */
const defaults = {
  dataBits: 8,
  lock: true,
  stopBits: 1,
  parity: 'none',
  rtscts: false,
  xon: false,
  xoff: false,
  xany: false,
  hupcl: true,
} as const;

/**
 * Opens the port; `onText` receives what arrives (Latin-1: a byte per character), `onEnd` the error
 * that ended it (the device went away). Null where the binding has no descriptor to read.
 */
export async function openDirectPort(
  target: { path: string; baudRate: number },
  onText: (text: string) => void,
  onEnd: (error: Error) => void,
): Promise<DirectPort | null> {
  const opened = await (SerialPort.binding.open as (o: OpenOptions) => Promise<unknown>)({
    ...defaults,
    ...target,
  } as OpenOptions);
  const port = opened as Partial<UnixPort> & { close(): Promise<void> };
  if (typeof port.fd !== 'number' || !port.poller) {
    await port.close();
    return null;
  }
  const unix = port as UnixPort;
  // One buffer per port, reused: a read copies out only the text of what arrived.
  const buffer = Buffer.allocUnsafe(4096);
  let ended = false;
  const end = (error: Error) => {
    if (ended) return;
    ended = true;
    unix.close().catch(() => undefined);
    onEnd(error);
  };
  const readable = (error: Error | null) => {
    if (ended) return;
    if (error) {
      // Canceled: the port is being closed (by us, or serialport after a hang-up).
      end(error);
      return;
    }
    drain();
  };
  const drain = () => {
    for (;;) {
      if (ended || !unix.isOpen || unix.fd === null) return;
      let bytesRead: number;
      try {
        bytesRead = readSync(unix.fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (retryable(e.code)) break;
        end(e); // EIO, ENXIO, EBADF: the device is gone
        return;
      }
      if (bytesRead === 0) break;
      onText(buffer.toString('latin1', 0, bytesRead));
      if (bytesRead < buffer.length) break; // the kernel had no more: wait for the poller
    }
    unix.poller.once('readable', readable);
  };
  // Writes in order; a full output buffer (a device that stopped reading) is tried again shortly.
  const writes: Array<{ bytes: Buffer; offset: number; done(): void; fail(e: Error): void }> = [];
  const writeOut = () => {
    while (writes.length > 0) {
      const w = writes[0]!;
      try {
        if (ended || unix.fd === null) throw new Error(`serial port ${target.path} is closed`);
        w.offset += writeSync(unix.fd, w.bytes, w.offset);
      } catch (error) {
        if (retryable((error as NodeJS.ErrnoException).code)) {
          setTimeout(writeOut, 5);
          return;
        }
        for (const failed of writes.splice(0)) failed.fail(error as Error);
        return;
      }
      if (w.offset >= w.bytes.length) {
        writes.shift();
        w.done();
      }
    }
  };
  setImmediate(drain); // once the caller has its line listeners
  return {
    write(data) {
      return new Promise<void>((done, fail) => {
        if (ended || unix.fd === null) {
          fail(new Error(`serial port ${target.path} is closed`));
          return;
        }
        writes.push({ bytes: Buffer.from(data, 'latin1'), offset: 0, done, fail });
        if (writes.length === 1) writeOut();
      });
    },
    async close() {
      if (ended) return;
      ended = true;
      await unix.close().catch(() => undefined);
    },
  };
}
