/**
 * The outbox: every message the gateway publishes is first written here, on disk, with its
 * sequence number, and leaves only when the broker has acknowledged it. A broker outage, a network
 * cut or a SIGKILL loses nothing: on restart, what was not acknowledged is sent again, in order.
 *
 * SQLite in WAL mode: one small file, crash-safe, and fast enough for thousands of messages a
 * second on a Raspberry Pi. A commit is most of a message's cost, so the messages of one
 * event-loop turn (machines' replies read in the same poll) are written in one transaction, at
 * `setImmediate`, with the acknowledgements since the last one: a message is published only once
 * committed (`lastSeq`, `onStored`), and a SIGKILL within that turn loses only lines just read, as
 * it would a moment earlier. The outbox is bounded (`maxMessages`); when full, the oldest telemetry
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
  /** A failed write (disk full, file gone): the turn's messages stay staged and are tried again. */
  readonly onError?: (error: Error) => void;
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

/** Messages committed kept for the publisher (`after`); past that it reads them back from disk. */
const COMMITTED_IN_MEMORY = 1000;

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
  /** Enqueued this turn, not yet committed (never published before they are). */
  #staged: OutboxMessage[] = [];
  /** Acknowledged this turn, deleted at the next commit. */
  #acknowledged: number[] = [];
  #flushScheduled = false;
  #acknowledgedTimer: NodeJS.Timeout | undefined;
  /**
   * Committed and not yet read by `after()`, in seq order with no gap: the publisher takes the
   * messages it is told of from here instead of reading back rows just written. Bounded: while the
   * broker is away the oldest fall off, and `after()` reads SQLite until it reaches these again.
   */
  #committed: OutboxMessage[] = [];
  /** Highest seq committed: what the publisher may send. */
  #storedSeq: number;
  readonly #storedListeners: Array<() => void> = [];

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
    this.#storedSeq = this.#nextSeq - 1;
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
      this.flush(); // the drop below counts committed rows
      if (this.#options.whenFull === 'drop-oldest-telemetry') {
        // Free a hundredth at once so that a full outbox does not pay a DELETE per message.
        const freed = this.#dropOldestTelemetry.run(
          Math.max(1, Math.floor(this.#options.maxMessages / 100)),
        ).changes;
        this.#droppedTelemetry += freed;
        this.#pending -= freed;
        this.#committed = []; // some of them may be gone from disk: read it again
      }
      if (channel === 'telemetry' && this.#pending >= this.#options.maxMessages) {
        this.#droppedTelemetry += 1;
        return null;
      }
      // States and usage events are kept even past the bound: they are small and they are the record.
    }
    const seq = this.#nextSeq;
    const { topic, payload, retain } = build(seq, this.epoch);
    const message = { seq, topic, payload, retain, channel };
    this.#staged.push(message);
    this.#nextSeq = seq + 1;
    this.#pending += 1;
    this.#schedule();
    return message;
  }

  /** Called after each commit that stored new messages (the publisher sends them then). */
  onStored(listener: () => void): void {
    this.#storedListeners.push(listener);
  }

  /** Commits what this turn staged and acknowledged, in one transaction. Done by itself at `setImmediate`. */
  flush(): void {
    const staged = this.#staged;
    const acknowledged = this.#acknowledged;
    if (staged.length === 0 && acknowledged.length === 0) return;
    let removed = 0;
    this.#db.transaction(() => {
      for (const m of staged)
        this.#insert.run(m.seq, m.topic, m.payload, m.retain ? 1 : 0, m.channel);
      if (staged.length > 0) this.#saveSeq.run(this.#nextSeq);
      for (const seq of acknowledged) removed += this.#delete.run(seq).changes;
    })();
    this.#staged = [];
    this.#acknowledged = [];
    clearTimeout(this.#acknowledgedTimer);
    this.#acknowledgedTimer = undefined;
    this.#pending -= removed;
    if (staged.length === 0) return;
    this.#storedSeq = this.#nextSeq - 1;
    for (const m of staged) this.#committed.push(m);
    if (this.#committed.length > COMMITTED_IN_MEMORY)
      this.#committed.splice(0, this.#committed.length - COMMITTED_IN_MEMORY);
    for (const listener of this.#storedListeners) listener();
  }

  #schedule(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#flushNow();
    });
  }

  /**
   * Acknowledgements alone wait for the next message's commit, or a second: deleting late only
   * means a crash meanwhile resends a few, which the server drops as duplicates.
   */
  #scheduleAcknowledged(): void {
    if (this.#acknowledgedTimer) return;
    this.#acknowledgedTimer = setTimeout(() => {
      this.#acknowledgedTimer = undefined;
      this.#flushNow();
    }, 1000);
    this.#acknowledgedTimer.unref();
  }

  #flushNow(): void {
    if (!this.#db.open) return;
    try {
      this.flush();
    } catch (error) {
      if (!this.#options.onError) throw error;
      this.#options.onError(error as Error);
    }
  }

  /** Committed messages after `seq`, in order: from memory when it holds them all, else from disk. */
  after(seq: number, limit: number): OutboxMessage[] {
    this.flush();
    const committed = this.#committed;
    // Read ones are dropped: the publisher asks after a higher seq each time, and from the start
    // of the outbox (on disk) after a reconnection.
    let i = 0;
    while (i < committed.length && committed[i]!.seq <= seq) i += 1;
    if (i > 0) committed.splice(0, i);
    if (committed.length > 0 && committed[0]!.seq === seq + 1) {
      return committed.splice(0, Math.min(limit, committed.length));
    }
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
    this.#acknowledged.push(seq);
    this.#scheduleAcknowledged();
  }

  /** The sequence number of the newest message committed (-1 if none yet). */
  get lastSeq(): number {
    return this.#storedSeq;
  }

  stats(): OutboxStats {
    if (this.#db.open) this.flush();
    return {
      epoch: this.epoch,
      pending: this.#pending,
      nextSeq: this.#nextSeq,
      droppedTelemetry: this.#droppedTelemetry,
    };
  }

  close(): void {
    if (!this.#db.open) return;
    this.flush();
    this.#db.close();
  }
}
