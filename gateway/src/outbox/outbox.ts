/**
 * The outbox: every message the gateway publishes is first written here, on disk, with its
 * sequence number, and leaves only when the broker has acknowledged it. A broker outage, a network
 * cut or a SIGKILL loses nothing: on restart, what was not acknowledged is sent again, in order.
 *
 * SQLite in WAL mode: one small file, crash-safe, and fast enough for thousands of messages a
 * second on a Raspberry Pi. The outbox is bounded (`maxMessages`); when full, the oldest telemetry
 * goes first (or new telemetry is refused), never a state or a usage event.
 *
 * One of three durable queues (this outbox, the server's journal, its InfluxDB spool), and not
 * shared with them on purpose: this one is a random-access queue (acknowledged out of order, one
 * row per message, bounded with a drop policy per channel, numbered for the server's dedup) on a
 * small box, where SQLite is already there; the journal is append-only segments trimmed whole at
 * the speed of the broker, the spool whole batches replayed oldest first.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type OutboxChannel = 'state' | 'telemetry' | 'event' | 'presence';

export interface OutboxMessage {
  readonly seq: number;
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
  readonly channel: OutboxChannel;
}

export interface OutboxOptions {
  readonly file: string;
  readonly maxMessages: number;
  readonly whenFull: 'drop-oldest-telemetry' | 'refuse-telemetry';
}

export interface OutboxStats {
  /** The outbox's epoch: made once with the outbox file, in every message's envelope. */
  readonly epoch: string;
  readonly pending: number;
  readonly nextSeq: number;
  /** Telemetry messages dropped or refused because the outbox was full, since this process started. */
  readonly droppedTelemetry: number;
}

export class OutboxFullError extends Error {
  constructor(readonly maxMessages: number) {
    super(`outbox full (${maxMessages} messages waiting for the broker); telemetry refused`);
    this.name = 'OutboxFullError';
  }
}

export class Outbox {
  readonly #db: Database.Database;
  readonly #options: OutboxOptions;
  #nextSeq: number;
  #pending: number;
  #droppedTelemetry = 0;
  /**
   * Made when the outbox file is created and kept with it: a reinstalled gateway (a new data
   * folder, the sequence back to 0) has a new epoch, so the server counts it afresh instead of
   * taking its messages for duplicates of the old install's.
   */
  readonly epoch: string;
  readonly #insert: Database.Statement;
  readonly #saveSeq: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #after: Database.Statement;
  readonly #dropOldestTelemetry: Database.Statement;

  constructor(options: OutboxOptions) {
    this.#options = options;
    mkdirSync(dirname(options.file), { recursive: true });
    this.#db = new Database(options.file);
    this.#db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (SIGKILL); only a power cut may lose the last commits.
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        retain INTEGER NOT NULL,
        channel TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS outbox_channel ON outbox (channel, seq);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS epoch (id TEXT NOT NULL);
    `);
    const epoch = this.#db.prepare(`SELECT id FROM epoch`).get() as { id: string } | undefined;
    this.epoch = epoch?.id ?? randomBytes(12).toString('base64url');
    if (!epoch) this.#db.prepare(`INSERT INTO epoch (id) VALUES (?)`).run(this.epoch);
    const stored = this.#db.prepare(`SELECT value FROM meta WHERE key = 'next_seq'`).get() as
      | { value: number }
      | undefined;
    const maxRow = this.#db.prepare(`SELECT MAX(seq) AS max FROM outbox`).get() as {
      max: number | null;
    };
    // The counter survives restarts so the server never mistakes new messages for duplicates.
    this.#nextSeq = Math.max(stored?.value ?? 0, (maxRow.max ?? -1) + 1);
    this.#pending = (this.#db.prepare(`SELECT COUNT(*) AS n FROM outbox`).get() as { n: number }).n;
    this.#insert = this.#db.prepare(
      `INSERT INTO outbox (seq, topic, payload, retain, channel) VALUES (?, ?, ?, ?, ?)`,
    );
    this.#saveSeq = this.#db.prepare(
      `INSERT INTO meta (key, value) VALUES ('next_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.#delete = this.#db.prepare(`DELETE FROM outbox WHERE seq = ?`);
    this.#after = this.#db.prepare(
      `SELECT seq, topic, payload, retain, channel FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.#dropOldestTelemetry = this.#db.prepare(
      `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE channel = 'telemetry' ORDER BY seq LIMIT ?)`,
    );
  }

  /**
   * Stores a message; `build` receives the sequence number and the epoch to put in the payload.
   * Returns the stored message, or `null` when telemetry was refused because the outbox is full.
   */
  enqueue(
    channel: OutboxChannel,
    build: (seq: number, epoch: string) => { topic: string; payload: string; retain: boolean },
  ): OutboxMessage | null {
    if (this.#pending >= this.#options.maxMessages) {
      if (this.#options.whenFull === 'drop-oldest-telemetry') {
        // Free a hundredth at once so that a full outbox does not pay a DELETE per message.
        const freed = this.#dropOldestTelemetry.run(
          Math.max(1, Math.floor(this.#options.maxMessages / 100)),
        ).changes;
        this.#droppedTelemetry += freed;
        this.#pending -= freed;
      }
      if (channel === 'telemetry' && this.#pending >= this.#options.maxMessages) {
        this.#droppedTelemetry += 1;
        return null;
      }
      // States and usage events are kept even past the bound: they are small and they are the record.
    }
    const seq = this.#nextSeq;
    const { topic, payload, retain } = build(seq, this.epoch);
    this.#db.transaction(() => {
      this.#insert.run(seq, topic, payload, retain ? 1 : 0, channel);
      this.#saveSeq.run(seq + 1);
    })();
    this.#nextSeq = seq + 1;
    this.#pending += 1;
    return { seq, topic, payload, retain, channel };
  }

  /** Messages after `seq`, in order. */
  after(seq: number, limit: number): OutboxMessage[] {
    return (
      this.#after.all(seq, limit) as Array<{
        seq: number;
        topic: string;
        payload: string;
        retain: number;
        channel: OutboxChannel;
      }>
    ).map((r) => ({
      seq: r.seq,
      topic: r.topic,
      payload: r.payload,
      retain: r.retain === 1,
      channel: r.channel,
    }));
  }

  /** The broker has the message: forget it. Idempotent. */
  acknowledge(seq: number): void {
    const removed = this.#delete.run(seq).changes;
    this.#pending -= removed;
  }

  /** The sequence number of the newest message stored (-1 if none yet). */
  get lastSeq(): number {
    return this.#nextSeq - 1;
  }

  stats(): OutboxStats {
    return {
      epoch: this.epoch,
      pending: this.#pending,
      nextSeq: this.#nextSeq,
      droppedTelemetry: this.#droppedTelemetry,
    };
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
