/**
 * serialport's Linux binding reads through libuv's thread pool: an `fs.read` that gets data, another
 * that gets EAGAIN, then a wait on the poller — two thread-pool round trips per incoming chunk,
 * most of an idle gateway's CPU with 16 machines polled five times a second. The port's descriptor
 * is non-blocking, so this wrapper reads it synchronously once the poller says it is readable, and
 * leaves everything else (open, write, settings, close, the poller itself) to serialport. Where the
 * port object has no descriptor or poller (not Linux/macOS), serialport's own read is kept.
 *
 * `fd` and `poller` are private fields of `@serialport/bindings-cpp` 13.0 (which serialport 13.0.0
 * pins exactly): package.json pins serialport to `~13.0.0`, so a minor release that renames them is
 * taken only on purpose, after checking them here.
 * @module
 */
import { readSync } from 'node:fs';
import { SerialPort } from 'serialport';

type Binding = typeof SerialPort.binding;
type PortBinding = Awaited<ReturnType<Binding['open']>>;
interface UnixPort {
  readonly fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', callback: (error: Error | null) => void): unknown };
}

/** What serialport expects when a read ends because the port was closed: a quiet end, not an error. */
const canceled = () => Object.assign(new Error('Port is not open'), { canceled: true });

/** Errors that mean the device went away (serialport's own list), flagged so the stream says "disconnect". */
const isDisconnect = (error: NodeJS.ErrnoException) =>
  error.code === 'EBADF' ||
  error.code === 'ENXIO' ||
  error.code === 'UNKNOWN' ||
  error.errno === -1;

function quickRead(port: UnixPort): PortBinding['read'] {
  const readable = () =>
    new Promise<void>((resolve, reject) =>
      port.poller.once('readable', (error) => (error ? reject(error) : resolve())),
    );
  return async (buffer, offset, length) => {
    for (;;) {
      if (!port.isOpen || port.fd === null) throw canceled();
      try {
        const bytesRead = readSync(port.fd, buffer, offset, length, null);
        if (bytesRead > 0) return { bytesRead, buffer };
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        if (e.code !== 'EAGAIN' && e.code !== 'EWOULDBLOCK' && e.code !== 'EINTR') {
          if (isDisconnect(e)) Object.assign(e, { disconnect: true });
          throw e;
        }
      }
      // Nothing to read yet (or end of data for now): wait for the poller, in the event loop.
      await readable();
    }
  };
}

/** serialport's detected binding, with reads done in the event loop where the port allows it. */
export const quickReadBinding = {
  list: () => SerialPort.binding.list(),
  async open(options: Parameters<Binding['open']>[0]): Promise<PortBinding> {
    const port = await (SerialPort.binding.open as (o: typeof options) => Promise<PortBinding>)(
      options,
    );
    const unix = port as unknown as Partial<UnixPort>;
    if (typeof unix.fd !== 'number' || !unix.poller) return port;
    (port as { read: PortBinding['read'] }).read = quickRead(port as unknown as UnixPort);
    return port;
  },
  // The detected binding's type is a union of the three platforms'; this one is whichever was detected.
} as unknown as Binding;
