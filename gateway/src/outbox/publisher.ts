/**
 * The publisher drains the outbox into the MQTT broker: QoS 1, in sequence order, at most
 * `maxInFlight` messages awaiting their PUBACK, each deleted from the outbox only once the broker
 * acknowledged it. After a reconnection it starts again from the oldest unacknowledged message;
 * the server drops the few duplicates by (gateway, seq).
 *
 * Gateway presence is published here too: `online` (retained) on every connection, and `offline`
 * as the MQTT last will, so the server knows when the box itself is gone.
 * @module
 */
import {
  CONTRACT_VERSION,
  topics,
  type PresenceMessage,
} from '@manufacto/firmware-profiles/contract';
import mqtt, { type MqttClient } from 'mqtt';
import type { Outbox } from './outbox.js';

export interface PublisherOptions {
  readonly outbox: Outbox;
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** PEM of the CA to trust for mqtts:// (the system's authorities otherwise). */
  readonly ca?: string | undefined;
  readonly site: string;
  readonly gateway: string;
  readonly machines: readonly string[];
  readonly version: string;
  readonly maxInFlight: number;
  readonly reconnectMs: number;
  readonly log: (line: string) => void;
  /**
   * Machines whose `command` topic this gateway listens to (the server's job commands), and what
   * to do with a message there. The session is clean: a command sent while the gateway was away
   * is not replayed.
   */
  readonly commands?: {
    readonly machines: readonly string[];
    readonly onMessage: (topic: string, payload: Buffer) => void;
  };
}

export class Publisher {
  readonly #options: PublisherOptions;
  #client: MqttClient | undefined;
  /** Highest seq handed to the client on this connection; the next pump reads after it. */
  #cursor = -1;
  readonly #inFlight = new Set<number>();
  #connected = false;
  #lastError: string | undefined;
  #everConnected = false;
  #corked = false;

  constructor(options: PublisherOptions) {
    this.#options = options;
    // The outbox commits a turn's messages together; they may leave once committed.
    options.outbox.onStored(() => this.pump());
  }

  get connected(): boolean {
    return this.#connected;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  #presence(status: 'online' | 'offline'): string {
    const message: PresenceMessage = {
      v: CONTRACT_VERSION,
      gateway: this.#options.gateway,
      ts: Date.now(),
      status,
      version: this.#options.version,
      machines: [...this.#options.machines],
    };
    return JSON.stringify(message);
  }

  start(): void {
    const o = this.#options;
    const presenceTopic = topics.presence(o.site, o.gateway);
    const client = mqtt.connect(o.url, {
      clientId: `manufacto-gateway-${o.gateway}`,
      ...(o.username !== undefined ? { username: o.username } : {}),
      ...(o.password !== undefined ? { password: o.password } : {}),
      ...(o.ca !== undefined ? { ca: o.ca } : {}),
      clean: true,
      reconnectPeriod: o.reconnectMs,
      connectTimeout: 10_000,
      // The outbox is our queue: never let the client buffer messages in memory while offline.
      queueQoSZero: false,
      will: {
        topic: presenceTopic,
        payload: Buffer.from(this.#presence('offline')),
        qos: 1,
        retain: true,
      },
    });
    this.#client = client;
    client.on('connect', () => {
      this.#connected = true;
      this.#lastError = undefined;
      this.#cursor = -1;
      this.#inFlight.clear();
      o.log(
        `${this.#everConnected ? 'reconnected' : 'connected'} to broker ${o.url}; ${o.outbox.stats().pending} message(s) waiting`,
      );
      this.#everConnected = true;
      client.publish(presenceTopic, this.#presence('online'), { qos: 1, retain: true });
      const commands = o.commands;
      if (commands && commands.machines.length > 0)
        client.subscribe(
          commands.machines.map((m) => topics.machine(o.site, m, 'command')),
          { qos: 1 },
          (error) =>
            error && o.log(`broker ${o.url}: cannot listen to job commands (${error.message})`),
        );
      this.pump();
    });
    if (o.commands) {
      const { onMessage } = o.commands;
      client.on('message', (topic, payload) => onMessage(topic, payload));
    }
    client.on('close', () => {
      if (this.#connected) o.log(`lost the broker ${o.url}; messages wait in the outbox`);
      this.#connected = false;
      this.#inFlight.clear();
    });
    client.on('error', (error) => {
      const message = error.message || String(error);
      if (message !== this.#lastError) o.log(`broker ${o.url}: ${message}`);
      this.#lastError = message;
    });
  }

  /** Sends what the outbox has committed, up to the in-flight bound (called at each commit and PUBACK). */
  pump(): void {
    const client = this.#client;
    if (!client || !this.#connected) return;
    const room = this.#options.maxInFlight - this.#inFlight.size;
    // Nothing newer than what was handed out: no query (an idle gateway pumps at every PUBACK).
    if (room <= 0 || this.#cursor >= this.#options.outbox.lastSeq) return;
    const messages = this.#options.outbox.after(this.#cursor, room);
    // One socket write for the turn's messages (and PUBACK-driven pumps of the same turn), not one
    // a message: the stream is corked until the turn's other callbacks have run.
    if (messages.length > 0 && !this.#corked) {
      const stream = client.stream;
      stream.cork();
      this.#corked = true;
      setImmediate(() => {
        this.#corked = false;
        stream.uncork();
      });
    }
    for (const message of messages) {
      this.#cursor = message.seq;
      this.#inFlight.add(message.seq);
      client.publish(
        message.topic,
        message.payload,
        { qos: 1, retain: message.retain },
        (error) => {
          if (error) return; // Stays in the outbox; resent from the head after reconnecting.
          this.#options.outbox.acknowledge(message.seq);
          if (this.#inFlight.delete(message.seq)) this.pump();
        },
      );
    }
  }

  /**
   * Disconnects. With `graceful`, publishes `offline` presence first (a planned stop); the last
   * will covers the unplanned ones.
   */
  async stop(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#client = undefined;
    const o = this.#options;
    if (client.connected) {
      await new Promise<void>((resolve) => {
        client.publish(
          topics.presence(o.site, o.gateway),
          this.#presence('offline'),
          { qos: 1, retain: true },
          () => resolve(),
        );
        setTimeout(resolve, 1000).unref();
      });
    }
    await client.endAsync(true).catch(() => undefined);
    this.#connected = false;
  }
}
