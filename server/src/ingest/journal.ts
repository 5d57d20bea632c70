/**
 * The receipt journal: every message a gateway publishes to the embedded broker is appended here
 * and fsynced *before* the broker acknowledges it (PUBACK), so the gateway only forgets a message
 * once it is on the server's disk. Segments are sealed every second and deleted once every message
 * in them has its receipt from the ingest (the very bytes came back through the subscription) and
 * is in InfluxDB or the spool and in the store. Receipts are per message, not a count: retained
 * messages replayed at subscription, or a message the ingest never got, cannot trim a segment
 * early. At start, leftover segments (a crash) are replayed through the ingest; duplicates are
 * harmless because the ingest drops known (gateway, seq) and points and usage sessions are
 * idempotent.
 *
 * Format: records of [u32 topic length][u32 payload length][topic][payload], little-endian.
 * Group commit off the event loop: the appends of a tick are written together (`writeSync`, into
 * the page cache: microseconds), then fsynced on libuv's thread pool; appends made while an fsync
 * runs are written at once and share the next one. An fsync blocking the event loop was a fifth
 * of the server's busy time at 10,000 msg/s, time in which no packet was read and no point built.
 * A failed write or fsync rejects its appends (the broker does not acknowledge them: the gateways
 * keep them) and retires the segment: after a failed fsync, a later one on the same file may
 * succeed without the lost pages (Linux drops them), so nothing more is trusted to that file.
 *
 * One of three durable queues (the gateway's outbox, this journal, the InfluxDB spool), and not
 * shared with them on purpose. It sits on the acknowledgement path of every message, tens of
 * thousands a second: append-only segments, one write and one fsync per group, no index, trimmed
 * a whole segment at a time once every receipt is in, and normally empty a second later. The
 * outbox is a random-access queue on the gateway's small box (acknowledged out of order, one row
 * per message, bounded with a drop policy, numbered for our dedup), where a SQLite transaction
 * per turn is affordable at tens of messages a second and not at tens of thousands. The spool
 * holds InfluxDB's form of the data (points, not messages) and only while InfluxDB is away: whole
 * batches replayed oldest first and removed one file at a time.
 * @module
 */
import {
  close,
  closeSync,
  fsync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const SEGMENT = /^(\d{12})\.journal$/;

export interface JournalRecord {
  readonly topic: string;
  readonly payload: Buffer;
}

export interface SealedSegment {
  readonly name: string;
  readonly records: number;
  readonly sealedAt: number;
  /** Messages of the segment whose receipt has not come back from the ingest yet. */
  readonly outstanding: number;
}

/** An fsync that calls back when done (`fs.fsync`; tests hold it to see what waits for it). */
export type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export interface JournalOptions {
  /** Default `fs.fsync`, on libuv's thread pool. */
  readonly fsync?: Fsync;
}

/** A segment's file, open or retired (sealed) and not yet closed, and its receipts. */
interface Segment {
  readonly name: string;
  readonly fd: number;
  records: number;
  /** Its messages whose receipt has not come back. */
  outstanding: number;
  sealedAt: number;
  /** Written to since the last fsync of it began. */
  dirty: boolean;
  /** An fsync of it runs. */
  syncing: boolean;
  /** No more appends go to it; its file closes once its last fsync is done. */
  retired: boolean;
  closed: boolean;
  /** Its name is on disk: the directory was fsynced since the file was created. */
  named: boolean;
  /** A write or fsync of it failed: nothing appended to it since is acknowledged. */
  failure: Error | undefined;
}

/**
 * One appended message: its record, the append's promise, and its place among the messages
 * awaiting their receipt (one object per message: the journal is on the path of every one).
 */
interface Entry extends JournalRecord {
  readonly segment: Segment;
  /** Called once: with no error when it is on disk, with one when it was refused. */
  done: (error: Error | null) => void;
  /** Until its receipt (or its refusal). */
  awaiting: boolean;
  /** The next entry appended with the very same Buffer (a test, or a broker reusing one). */
  next: Entry | undefined;
  /** The entries awaiting on the same topic, older and newer (see `#byTopic`). */
  older: Entry | undefined;
  newer: Entry | undefined;
}

/** A Buffer appended: the first entry awaiting its receipt, under the journal's symbol. */
type Held = Buffer & Record<symbol, Entry | undefined>;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * The records as they go on disk, in one buffer: a header and a copy of the topic per message
 * allocated at every append (an 8-byte `Buffer.alloc` is not pooled) fed the garbage collector.
 */
function encode(records: readonly JournalRecord[]): Buffer {
  let size = 0;
  for (const r of records) size += 8 + Buffer.byteLength(r.topic, 'utf8') + r.payload.length;
  const data = Buffer.allocUnsafe(size);
  let at = 0;
  for (const { topic, payload } of records) {
    const topicLength = data.write(topic, at + 8, 'utf8');
    data.writeUInt32LE(topicLength, at);
    data.writeUInt32LE(payload.length, at + 4);
    payload.copy(data, at + 8 + topicLength);
    at += 8 + topicLength + payload.length;
  }
  return data;
}

export class Journal {
  readonly #dir: string;
  readonly #fsync: Fsync;
  #next: number;
  #open: Segment | undefined;
  /** Appended this tick, written together at the commit. */
  #unwritten: Entry[] = [];
  #scheduled = false;
  /** Written, waiting for the next fsync to begin; and the segments it must cover. */
  #unsynced: Entry[] = [];
  readonly #dirty = new Set<Segment>();
  #syncing = false;
  /** Sealed segments, oldest first, until removed. */
  readonly #sealed: Segment[] = [];
  /**
   * The messages awaiting their receipt, on the very Buffer appended (under this journal's own
   * symbol): the embedded broker hands that Buffer to the ingest, so a receipt is one property
   * read. A SHA-1 of every message, once at the append and once at the receipt, was a tenth of the
   * server's CPU, then 5 %; a Map by the Buffer cost a hash table entry per message (2 %).
   */
  readonly #entry = Symbol('journal entry');
  /**
   * The same entries by topic, oldest first, for a receipt that comes with equal bytes in another
   * Buffer. A topic nothing was appended to (the server's own commands, a last will) finds no
   * list at once; on a journaled topic receipts come in the order of the appends, so the oldest
   * entry is the one (a message not held on such a topic, a retained state sent again, goes
   * through that topic's few awaiting). Scanning every entry awaiting, for each such receipt, cost O(outstanding)
   * per message: with a backlog, thousands of \`Buffer.equals\` for every command.
   */
  readonly #byTopic = new Map<string, { oldest: Entry; newest: Entry }>();
  /** Segments found at open: what a previous run left unfinished. */
  readonly leftovers: readonly string[];

  constructor(dir: string, options: JournalOptions = {}) {
    this.#dir = dir;
    this.#fsync = options.fsync ?? fsync;
    mkdirSync(dir, { recursive: true });
    this.leftovers = readdirSync(dir)
      .filter((n) => SEGMENT.test(n))
      .sort();
    const last = this.leftovers.at(-1);
    this.#next = last ? Number(SEGMENT.exec(last)?.[1]) + 1 : 1;
  }

  /** Reads a leftover segment; a record cut short by a crash is where the segment ends. */
  *read(name: string): Generator<JournalRecord> {
    const data = readFileSync(join(this.#dir, name));
    let at = 0;
    while (at + 8 <= data.length) {
      const topicLength = data.readUInt32LE(at);
      const payloadLength = data.readUInt32LE(at + 4);
      const end = at + 8 + topicLength + payloadLength;
      if (end > data.length) break;
      yield {
        topic: data.toString('utf8', at + 8, at + 8 + topicLength),
        payload: data.subarray(at + 8 + topicLength, end),
      };
      at = end;
    }
  }

  /** Resolves once the record is on disk; rejects if it could not be written or synced. */
  append(topic: string, payload: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) =>
      this.appendThen(topic, payload, (error) => (error ? reject(error) : resolve())),
    );
  }

  /**
   * `append` with a callback, called once the record is on disk (or with the error that refused
   * it): the broker's path, once per message, where a promise and its reactions cost a few
   * allocations and a turn of the microtask queue each time. Throws when no segment can be opened.
   */
  appendThen(topic: string, payload: Buffer, done: (error: Error | null) => void): void {
    if (this.#open === undefined) {
      const name = `${String(this.#next).padStart(12, '0')}.journal`;
      this.#next += 1;
      this.#open = {
        name,
        fd: openSync(join(this.#dir, name), 'a'),
        records: 0,
        outstanding: 0,
        sealedAt: 0,
        dirty: false,
        syncing: false,
        retired: false,
        closed: false,
        named: false,
        failure: undefined,
      };
    }
    const segment = this.#open;
    segment.records += 1;
    segment.outstanding += 1;
    const entry: Entry = {
      topic,
      payload,
      segment,
      done,
      awaiting: true,
      next: undefined,
      older: undefined,
      newer: undefined,
    };
    const held = payload as Held;
    const first = held[this.#entry];
    if (first === undefined) held[this.#entry] = entry;
    else {
      let last = first;
      while (last.next) last = last.next;
      last.next = entry;
    }
    const onTopic = this.#byTopic.get(topic);
    if (onTopic === undefined) this.#byTopic.set(topic, { oldest: entry, newest: entry });
    else {
      entry.older = onTopic.newest;
      onTopic.newest.newer = entry;
      onTopic.newest = entry;
    }
    this.#unwritten.push(entry);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#write();
        this.#sync();
      });
    }
  }

  /**
   * The ingest has handled this message (as received from the broker). Messages the journal does
   * not hold (retained ones, replays, the server's own commands) are ignored.
   */
  receipt(topic: string, payload: Buffer): void {
    for (let e = (payload as Held)[this.#entry]; e; e = e.next)
      if (e.topic === topic) return this.#received(e);
    // Equal bytes in another Buffer (a broker that copies): looked for among those awaiting on
    // the topic, the oldest first. A message the journal does not hold comes this way too.
    for (let e = this.#byTopic.get(topic)?.oldest; e; e = e.newer)
      if (e.payload.length === payload.length && e.payload.equals(payload))
        return this.#received(e);
  }

  /** Takes the entry off the messages awaiting their receipt; its segment has one less. */
  #received(entry: Entry): void {
    if (!entry.awaiting) return;
    entry.awaiting = false;
    entry.segment.outstanding -= 1;
    const held = entry.payload as Held;
    const first = held[this.#entry];
    // Set, not deleted: a deleted property would turn the Buffer's shape into a slow dictionary.
    if (first === entry) held[this.#entry] = entry.next;
    else {
      let e = first;
      while (e && e.next !== entry) e = e.next;
      if (e) e.next = entry.next;
    }
    entry.next = undefined;
    const { older, newer } = entry;
    if (older) older.newer = newer;
    if (newer) newer.older = older;
    if (!older || !newer) {
      const onTopic = this.#byTopic.get(entry.topic)!;
      if (!older && !newer) this.#byTopic.delete(entry.topic);
      else if (!older) onTopic.oldest = newer!;
      else onTopic.newest = older;
    }
    entry.older = undefined;
    entry.newer = undefined;
  }

  /** The tick's records into the open segment's file, in one write; they then wait for an fsync. */
  #write(): void {
    const segment = this.#open;
    const entries = this.#unwritten;
    if (segment === undefined || entries.length === 0) return;
    const data = encode(entries);
    this.#unwritten = [];
    try {
      // A short write (a nearly full disk) is carried on; the rest then throws ENOSPC.
      for (let at = 0; at < data.length; ) at += writeSync(segment.fd, data, at);
    } catch (error) {
      // Half a record may be in the file: nothing may follow it there.
      segment.failure = asError(error);
      this.#fail(entries, segment.failure);
      this.#retire(segment);
      return;
    }
    segment.dirty = true;
    this.#dirty.add(segment);
    for (const e of entries) this.#unsynced.push(e);
  }

  /** One fsync at a time, covering every segment written to since the last one began. */
  #sync(): void {
    if (this.#syncing || this.#unsynced.length === 0) return;
    const entries = this.#unsynced;
    const segments = [...this.#dirty];
    this.#unsynced = [];
    this.#dirty.clear();
    this.#syncing = true;
    // A new segment's name must be on disk too, or a power cut could lose the whole file.
    const unnamed = segments.some((s) => !s.named);
    let left = segments.length + (unnamed ? 1 : 0);
    let failure: Error | undefined;
    const done = (error: unknown) => {
      if (error) failure ??= asError(error);
      left -= 1;
      if (left > 0) return;
      this.#syncing = false;
      for (const s of segments) {
        s.syncing = false;
        if (failure) s.failure ??= failure;
        else s.named ||= unnamed;
      }
      for (const s of segments) {
        if (s.failure) this.#retire(s);
        this.#closeIfIdle(s);
      }
      // Written after a failed fsync of their file: not trusted either (see the module's note).
      const refused = entries.filter((e) => e.segment.failure);
      if (refused.length) this.#fail(refused, refused[0]!.segment.failure!);
      // Acknowledged now, in this loop: a callback that throws must not hold back the others.
      let thrown: unknown;
      for (const e of entries) {
        if (e.segment.failure) continue;
        try {
          e.done(null);
        } catch (error) {
          thrown ??= error;
        }
      }
      this.#sync();
      if (thrown !== undefined) throw thrown;
    };
    for (const s of segments) {
      s.dirty = false;
      s.syncing = true;
      this.#fsync(s.fd, done);
    }
    if (unnamed) this.#syncDirectory(done);
  }

  #syncDirectory(done: (error: unknown) => void): void {
    let fd: number;
    try {
      fd = openSync(this.#dir, 'r');
    } catch (error) {
      return done(error);
    }
    this.#fsync(fd, (error) => close(fd, () => done(error)));
  }

  /** Those appends are not on disk: they are refused (never acknowledged, so never received). */
  #fail(entries: readonly Entry[], error: Error): void {
    for (const e of entries) {
      this.#received(e);
      // Later, as a rejected promise was: refusals come from inside the journal's bookkeeping.
      queueMicrotask(() => e.done(error));
    }
  }

  /**
   * No more appends to this segment: it is sealed (kept until its receipts are in) and its file
   * closes once its last fsync is done. What this tick appended to it is written first, or
   * refused if the file failed.
   */
  #retire(segment: Segment, now = Date.now()): void {
    if (segment.retired) return;
    if (this.#open === segment) {
      if (segment.failure) {
        this.#fail(this.#unwritten, segment.failure);
        this.#unwritten = [];
      } else this.#write();
      // A failed write retires it already.
      if (segment.retired) return;
      this.#open = undefined;
    }
    segment.retired = true;
    segment.sealedAt = now;
    this.#sealed.push(segment);
    this.#closeIfIdle(segment);
  }

  #closeIfIdle(segment: Segment): void {
    if (segment.retired && !segment.dirty && !segment.syncing && !segment.closed) {
      segment.closed = true;
      closeSync(segment.fd);
    }
  }

  /**
   * Closes the current segment (if it holds anything) so that it can be deleted once processed.
   * What was appended to it is written now and synced by the fsync under way or the next.
   */
  seal(now = Date.now()): void {
    const segment = this.#open;
    if (segment === undefined) return;
    this.#retire(segment, now);
    this.#sync();
  }

  get sealed(): readonly SealedSegment[] {
    return this.#sealed.map(({ name, records, sealedAt, outstanding }) => ({
      name,
      records,
      sealedAt,
      outstanding,
    }));
  }

  /** Sealed segments every message of which has its receipt: ready to go once the store has them. */
  get done(): readonly SealedSegment[] {
    return this.sealed.filter((s) => s.outstanding === 0);
  }

  remove(name: string): void {
    rmSync(join(this.#dir, name), { force: true });
    const i = this.#sealed.findIndex((s) => s.name === name);
    if (i >= 0) this.#sealed.splice(i, 1);
  }

  close(): void {
    this.seal();
  }
}
