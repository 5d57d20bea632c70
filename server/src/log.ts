/**
 * One-line logs with a level; a repeated message (a flood of bad payloads) is summarised, not
 * printed ten thousand times.
 * @module
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Logs `key`'s message at most once per `everyMs`, with the count of those suppressed. */
  throttled(key: string, level: LogLevel, message: string, everyMs?: number): void;
}

export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (l) => console.log(l),
): Logger {
  const last = new Map<string, { at: number; suppressed: number }>();
  const log = (l: LogLevel, message: string) => {
    if (ORDER[l] >= ORDER[level]) write(`${new Date().toISOString()} ${l.padEnd(5)} ${message}`);
  };
  return {
    debug: (m) => log('debug', m),
    info: (m) => log('info', m),
    warn: (m) => log('warn', m),
    error: (m) => log('error', m),
    throttled(key, l, message, everyMs = 10_000) {
      const now = Date.now();
      const seen = last.get(key);
      if (seen && now - seen.at < everyMs) {
        seen.suppressed += 1;
        return;
      }
      const suffix = seen?.suppressed ? ` (and ${seen.suppressed} more like it)` : '';
      last.set(key, { at: now, suppressed: 0 });
      log(l, `${message}${suffix}`);
    },
  };
}
