/**
 * Child processes of the harnesses (socat, influxd, mosquitto): tracked so that none outlives the
 * test run or the demo, with the tail of their output kept for error messages.
 * @module
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: SIGKILL whatever is left.
  process.on('exit', killAll);
  // A signal kills Node without 'exit' when nobody listens to it. If we are the only listener
  // (a plain script, Ctrl-C), kill the children and exit as Node would have; if the program has
  // its own handler (a graceful shutdown), leave the decision to it: its exit runs killAll.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      killAll();
      process.exit(code);
    };
    process.on(signal, onSignal);
  }
}

/** How many children of the harnesses are alive in this process. */
export function liveChildren(): number {
  return live.size;
}

/** True while a process with this pid exists (signal 0 probes without killing). */
export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Daemon {
  readonly child: ChildProcess;
  /** The child's pid (undefined if it could not be spawned). */
  readonly pid: number | undefined;
  /** Last lines the process wrote on stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  readonly exited: Promise<number | null>;
}

/**
 * Spawns `command` (stdin ignored, stdout and stderr kept as a 40-line tail), tracked until it
 * exits; survivors are SIGKILLed when this process exits.
 */
export function startDaemon(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Daemon {
  hookExit();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
    child.once('error', (error) => {
      tail.push(String(error));
      live.delete(child);
      resolve(null);
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid: child.pid,
    exited,
    output: () => tail.join('\n'),
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null || !live.has(child)) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** Polls `check` until it returns true, or throws `message()` after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  message: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 50));
  }
}
