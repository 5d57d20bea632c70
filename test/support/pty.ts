/**
 * Serial ports without hardware: a socat pseudo-terminal pair. The simulator opens `devicePath`,
 * the gateway opens `hostPath` as if it were `/dev/ttyUSB0`. Stopping the pair is pulling the
 * cable; opening a pair again with the same `dir` and `name` puts it back on the same path.
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon, waitUntil } from './processes.js';
import { requireBinary } from './require-binary.js';

export interface PtyPair {
  /** Where the simulated machine sits. */
  readonly devicePath: string;
  /** What the gateway opens. */
  readonly hostPath: string;
  /** socat's pid. */
  readonly pid: number | undefined;
  /** Kills socat: both ends vanish, as when a USB cable is pulled. Idempotent. */
  stop(): Promise<void>;
}

export async function openPtyPair(options: { dir?: string; name?: string } = {}): Promise<PtyPair> {
  const socat = requireBinary('socat', 'socat');
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mf-pty-'));
  mkdirSync(dir, { recursive: true });
  const name = options.name ?? 'tty';
  const devicePath = join(dir, `${name}-device`);
  const hostPath = join(dir, `${name}-host`);
  for (const link of [devicePath, hostPath]) rmSync(link, { force: true });
  const daemon = startDaemon(socat, [
    '-d',
    '-d',
    `pty,raw,echo=0,link=${devicePath}`,
    `pty,raw,echo=0,link=${hostPath}`,
  ]);
  let exited = false;
  void daemon.exited.then(() => {
    exited = true;
  });
  await waitUntil(
    () => {
      if (exited) throw new Error(`socat exited at start:\n${daemon.output()}`);
      return (
        existsSync(devicePath) &&
        existsSync(hostPath) &&
        /starting data transfer loop/.test(daemon.output())
      );
    },
    10_000,
    () => `socat did not create the pty pair in ${dir}:\n${daemon.output()}`,
  );
  return {
    devicePath,
    hostPath,
    pid: daemon.pid,
    async stop() {
      await daemon.stop(1000);
      for (const link of [devicePath, hostPath]) rmSync(link, { force: true });
      // The folder it made itself goes too (opening again on it makes it anew).
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
