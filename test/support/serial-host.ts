/**
 * The host end of a serial port as a test sees it: opened with `serialport`, lines split by its
 * `ReadlineParser`, every line kept, and waits on conditions (never on durations).
 * @module
 */
import { ReadlineParser, SerialPort } from 'serialport';

export interface SerialHost {
  /** Every line received so far (without its line ending). */
  readonly lines: string[];
  /** Writes raw bytes (`?`, `\x18`, or a line with its `\n`). */
  write(data: string | Buffer): void;
  /** Writes `line` followed by `\n`. */
  command(line: string): void;
  /** Index to pass as `after` so that only lines received from now on count. */
  mark(): number;
  /** First line matching `match` received at or after index `after` (default 0). */
  waitForLine(
    match: RegExp | ((line: string) => boolean),
    options?: { after?: number; timeoutMs?: number },
  ): Promise<string>;
  /** Sends `line` and resolves with the answer lines up to and including the first `ok` (or `error:`). */
  request(line: string, options?: { timeoutMs?: number }): Promise<string[]>;
  /** Closes the port. Idempotent. */
  close(): Promise<void>;
}

export async function openSerialHost(
  path: string,
  options: { baudRate?: number } = {},
): Promise<SerialHost> {
  const port = new SerialPort({ path, baudRate: options.baudRate ?? 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on('error', () => undefined); // the device end vanishing is what some tests want
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  port
    .pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' }))
    .on('data', (line: string) => {
      lines.push(line.replace(/\r$/, ''));
      for (const w of [...waiters]) w();
    });
  const tail = () => lines.slice(-25).join('\n');

  const waitForLine: SerialHost['waitForLine'] = (
    match,
    { after = 0, timeoutMs = 15_000 } = {},
  ) => {
    const test = typeof match === 'function' ? match : (line: string) => match.test(line);
    return new Promise<string>((resolve, reject) => {
      let from = after;
      const check = () => {
        for (; from < lines.length; from += 1) {
          const line = lines[from] as string;
          if (test(line)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(line);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `no line matching ${String(match)} within ${timeoutMs} ms; last lines:\n${tail()}`,
          ),
        );
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  };

  let closing: Promise<void> | undefined;
  const host: SerialHost = {
    lines,
    write: (data) => void port.write(data),
    command: (line) => void port.write(`${line}\n`),
    mark: () => lines.length,
    waitForLine,
    async request(line, { timeoutMs = 15_000 } = {}) {
      const from = lines.length;
      host.command(line);
      const end = await waitForLine((l) => /^ok\b|^error:/.test(l), { after: from, timeoutMs });
      return lines.slice(from, lines.indexOf(end, from) + 1);
    },
    close() {
      closing ??= port.isOpen ? new Promise<void>((r) => port.close(() => r())) : Promise.resolve();
      return closing;
    },
  };
  return host;
}
