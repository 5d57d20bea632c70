/**
 * An MQTT broker for a test: Debian's `mosquitto` (a child process with a private config, as a
 * workshop's own broker would be) or `aedes` in this process (what the server embeds), on a
 * loopback port. `startBroker()` inside a test stops it when the test finishes (vitest's
 * `onTestFinished`); `brokerForAll()`, called where hooks are declared, starts one before the tests
 * of the file or `describe` block and stops it after them (`beforeAll`/`afterAll`: an `afterAll`
 * declared inside a `beforeAll` never runs). Either way its folder goes with it. A missing
 * `mosquitto` fails naming the Debian package.
 *
 * `stop()` and `start()` make an outage: it comes back on the same port and, for mosquitto, the
 * same folder, so a persistent one keeps its sessions and queued messages.
 *
 * @example
 * const broker = await startBroker('mosquitto');
 * const client = await mqtt.connectAsync(broker.url);
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes, type AedesOptions } from 'aedes';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './free-port.js';
import { type Mosquitto, type MosquittoOptions, startMosquitto } from './mosquitto.js';
import { insideTest, whenTestEnds } from './temp-dir.js';

export type BrokerKind = 'aedes' | 'mosquitto';

export interface BrokerOptions {
  readonly port?: number;
  /** mosquitto: see `MosquittoOptions` (logins, ACL, persistence). */
  readonly mosquitto?: Omit<MosquittoOptions, 'port' | 'dir'>;
  /** aedes: its hooks (authenticate, authorizePublish, …). */
  readonly aedes?: AedesOptions;
}

export interface Broker {
  readonly kind: BrokerKind;
  readonly url: string;
  readonly port: number;
  /** mosquitto's private folder (config, password file, ACL, persistence); undefined for aedes. */
  readonly dir: string | undefined;
  /** mosquitto's pid; undefined for aedes. */
  readonly pid: number | undefined;
  /** True while it listens. */
  readonly running: boolean;
  /** The broker goes away (an outage): every connection cut. Idempotent. */
  stop(): Promise<void>;
  /** It comes back on the same port (mosquitto: in the same folder). Idempotent. */
  start(): Promise<void>;
}

interface Running {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

class TestBroker implements Broker {
  readonly kind: BrokerKind;
  readonly #options: BrokerOptions;
  #port: number | undefined;
  #dir: string | undefined;
  #running: Running | undefined;
  #starting: Promise<void> | undefined;

  constructor(kind: BrokerKind, options: BrokerOptions) {
    this.kind = kind;
    this.#options = options;
    this.#port = options.port;
  }

  get port(): number {
    if (this.#port === undefined) throw new Error(`the ${this.kind} broker has not started yet`);
    return this.#port;
  }
  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }
  get dir(): string | undefined {
    return this.#dir;
  }
  get pid(): number | undefined {
    return this.#running?.pid;
  }
  get running(): boolean {
    return this.#running !== undefined;
  }

  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#starting ??= (this.kind === 'mosquitto' ? this.#mosquitto() : this.#aedes()).then(
      (running) => {
        this.#running = running;
        this.#starting = undefined;
      },
      (error: unknown) => {
        this.#starting = undefined;
        throw error;
      },
    );
    return this.#starting;
  }

  async stop(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    const running = this.#running;
    this.#running = undefined;
    await running?.stop();
  }

  /** Stopped for good, its folder removed. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }

  async #mosquitto(): Promise<Running> {
    this.#port ??= await freePort();
    this.#dir ??= mkdtempSync(join(tmpdir(), 'mf-mosquitto-'));
    // Given a folder, startMosquitto keeps it when it stops: it is removed at dispose().
    const mosquitto: Mosquitto = await startMosquitto({
      ...this.#options.mosquitto,
      port: this.#port,
      dir: this.#dir,
    });
    return { pid: mosquitto.pid, stop: () => mosquitto.stop() };
  }

  async #aedes(): Promise<Running> {
    const aedes = await Aedes.createBroker(this.#options.aedes);
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      aedes.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port ?? 0, '127.0.0.1', () => resolve());
    }).catch(async (error: unknown) => {
      // The port was taken (a restart after an outage keeps its port): aedes must not stay open.
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      throw error;
    });
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : this.#port;
    return {
      pid: undefined,
      async stop() {
        // aedes first: closed after its net server, its shutdown hangs (ENVIRONMENT.md).
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
}

/** A broker stopped, and its folder removed, when the current test finishes. */
export async function startBroker(kind: BrokerKind, options: BrokerOptions = {}): Promise<Broker> {
  if (!insideTest())
    throw new Error(
      `startBroker('${kind}') stops with its test: call it inside a test, or brokerForAll() for a file's tests`,
    );
  const broker = new TestBroker(kind, options);
  // Registered before the start, so a start that fails half way is cleaned up too.
  whenTestEnds(`startBroker('${kind}')`, () => broker.dispose());
  await broker.start();
  return broker;
}

/**
 * A broker for the tests of this file or `describe` block: started in a `beforeAll` declared here
 * (so before the hooks declared after this call, which can read its url), stopped in an `afterAll`.
 * Its url and port are known once it has started.
 */
export function brokerForAll(kind: BrokerKind, options: BrokerOptions = {}): Broker {
  const broker = new TestBroker(kind, options);
  beforeAll(() => broker.start());
  afterAll(() => broker.dispose());
  return broker;
}
