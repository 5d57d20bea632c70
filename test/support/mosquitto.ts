/**
 * A private Mosquitto broker (Debian's `mosquitto`) on a loopback port.
 * @module
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startDaemon, waitUntil } from './processes.js';
import { requireBinary } from './require-binary.js';

export interface Mosquitto {
  /** Its private directory (config, password file, ACL). */
  readonly dir: string;
  readonly url: string;
  readonly port: number;
  /** mosquitto's pid. */
  readonly pid: number | undefined;
  /** SIGTERM, SIGKILL after 3 s, then its private directory is removed. Idempotent. */
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface MosquittoOptions {
  readonly port?: number;
  /** Defaults to true; false: every client must log in (password_file in `extraConfig`). */
  readonly allowAnonymous?: boolean;
  /** Files written into the broker's private directory (password file, ACL), readable by mosquitto. */
  readonly files?: Readonly<Record<string, string>>;
  /** More configuration lines; a function receives the private directory to name those files. */
  readonly extraConfig?: string | ((dir: string) => string);
  /**
   * Keep sessions and queued QoS 1 messages on disk across a restart, as a production broker
   * does (`persistence true`); give the same `dir` to the restarted broker.
   */
  readonly persistence?: boolean;
  /** The broker's directory, to restart on the same one (kept on stop); a fresh one otherwise. */
  readonly dir?: string;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const mosquitto = requireBinary('mosquitto', 'mosquitto');
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mf-mosquitto-'));
  mkdirSync(dir, { recursive: true });
  // Started as root, mosquitto drops to its own user: it must read the config (and write its
  // persistence file there).
  chmodSync(dir, options.persistence ? 0o777 : 0o755);
  const port = options.port ?? (await freePort());
  for (const [name, text] of Object.entries(options.files ?? {})) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o644);
  }
  const extra =
    typeof options.extraConfig === 'function'
      ? options.extraConfig(dir)
      : (options.extraConfig ?? '');
  const file = join(dir, 'mosquitto.conf');
  writeFileSync(
    file,
    `listener ${port} 127.0.0.1\nallow_anonymous ${options.allowAnonymous === false ? 'false' : 'true'}\n${options.persistence ? `persistence true\npersistence_location ${dir}/\n` : 'persistence false\n'}log_dest stdout\nlog_type error\nlog_type warning\n${extra}\n`,
  );
  chmodSync(file, 0o644);
  const daemon = startDaemon(mosquitto, ['-c', file]);
  let exited = false;
  void daemon.exited.then(() => {
    exited = true;
  });
  await waitUntil(
    async () => {
      if (exited) throw new Error(`mosquitto exited at start:\n${daemon.output()}`);
      return accepts(port);
    },
    10_000,
    () => `mosquitto did not listen on 127.0.0.1:${port} within 10 s:\n${daemon.output()}`,
  );
  let stopping: Promise<void> | undefined;
  return {
    dir,
    url: `mqtt://127.0.0.1:${port}`,
    port,
    pid: daemon.pid,
    stop: () =>
      (stopping ??= daemon.stop(3000).then(() => {
        if (!options.dir) rmSync(dir, { recursive: true, force: true });
      })),
  };
}
