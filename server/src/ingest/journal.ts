/**
 * The receipt journal: every message a gateway publishes to the embedded broker is appended here
 * and fsynced *before* the broker acknowledges it (PUBACK), so the gateway only forgets a message
 * once it is on the server's disk. Segments are sealed every second and deleted once every message
 * in them has its receipt from the ingest (the very bytes came back through the subscription) and
 * is in InfluxDB or the spool and in the store. Receipts are per message, not a count: retained
 * messages replayed at subscription, or a message the ingest never got, cannot trim a segment
 * early. At start,
 * leftover segments (a crash) are replayed through the ingest; duplicates are harmless because
 * the ingest drops known (gateway, seq) and points and usage sessions are idempotent.
 *
 * Format: records of [u32 topic length][u32 payload length][topic][payload], little-endian.
 * Group commit: appends made in the same tick share one write and one fsync.
 *
 * Why not the outbox's SQLite or the spool's files: it sits on the acknowledgement path of every
 * message (tens of thousands a second), so it is append-only with one fsync per tick and is
 * trimmed a whole segment at a time by receipts; the spool holds points, not messages, only while
 * InfluxDB is away; the gateway's outbox needs out-of-order acknowledgement per message.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
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

/** Identifies a message by its bytes: the ingest receives exactly what the gateway published. */
function receiptKey(topic: string, payload: Buffer): string {
  return createHash('sha1').update(topic).update('\n').update(payload).digest('base64');
}

export class Journal {
  readonly #dir: string;
  #next: number;
  #fd: number | undefined;
  #name: string | undefined;
  #records = 0;
  #waiting: Array<() => void> = [];
  /** Records appended since the last commit, written together at the commit. */
  #unwritten: JournalRecord[] = [];
  #scheduled = false;
  /** Sealed segments; their outstanding receipts are counted in `#outstanding`. */
  readonly #sealed: Array<Omit<SealedSegment, 'outstanding'>> = [];
  /** Messages awaiting their receipt → the segments holding them, oldest first (a resend is twice there). */
  readonly #awaiting = new Map<string, string[]>();
  /** Outstanding receipts per segment, open or sealed. */
  readonly #outstanding = new Map<string, number>();
  /**
   * The receipt key of each payload appended, by the Buffer itself: the embedded broker hands the
   * very Buffer it journaled to the ingest, so its receipt need not hash the bytes again (SHA-1
   * twice per message was a tenth of the server's CPU). Another Buffer (a replay, an external
   * broker) is hashed.
   */
  readonly #keys = new WeakMap<Buffer, { readonly topic: string; readonly key: string }>();
  /** Segments found at open: what a previous run left unfinished. */
  readonly leftovers: readonly string[];

  constructor(dir: string) {
    this.#dir = dir;
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

  /** Resolves once the record is on disk. */
  append(topic: string, payload: Buffer): Promise<void> {
    if (this.#fd === undefined) {
      this.#name = `${String(this.#next).padStart(12, '0')}.journal`;
      this.#next += 1;
      this.#fd = openSync(join(this.#dir, this.#name), 'a');
      this.#records = 0;
    }
    this.#unwritten.push({ topic, payload });
    this.#records += 1;
    const key = receiptKey(topic, payload);
    this.#keys.set(payload, { topic, key });
    const holders = this.#awaiting.get(key);
    if (holders) holders.push(this.#name as string);
    else this.#awaiting.set(key, [this.#name as string]);
    this.#outstanding.set(
      this.#name as string,
      (this.#outstanding.get(this.#name as string) ?? 0) + 1,
    );
    return new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#commit());
      }
    });
  }

  /**
   * The ingest has handled this message (as received from the broker). Messages the journal does
   * not hold (retained ones, replays) are ignored.
   */
  receipt(topic: string, payload: Buffer): void {
    const known = this.#keys.get(payload);
    const key = known?.topic === topic ? known.key : receiptKey(topic, payload);
    const holders = this.#awaiting.get(key);
    const segment = holders?.shift();
    if (segment === undefined) return;
    if (holders!.length === 0) this.#awaiting.delete(key);
    const left = this.#outstanding.get(segment);
    if (left !== undefined) this.#outstanding.set(segment, left - 1);
  }

  #commit(): void {
    this.#scheduled = false;
    if (this.#fd !== undefined && this.#unwritten.length) {
      const data = encode(this.#unwritten);
      // A short write (a nearly full disk) is carried on; the rest then throws ENOSPC.
      for (let at = 0; at < data.length; ) at += writeSync(this.#fd, data, at);
      this.#unwritten = [];
      fsyncSync(this.#fd);
    }
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** Closes the current segment (if it holds anything) so that it can be deleted once processed. */
  seal(now = Date.now()): void {
    if (this.#fd === undefined || this.#name === undefined) return;
    if (this.#waiting.length) this.#commit();
    closeSync(this.#fd);
    this.#sealed.push({ name: this.#name, records: this.#records, sealedAt: now });
    this.#fd = undefined;
    this.#name = undefined;
  }

  get sealed(): readonly SealedSegment[] {
    return this.#sealed.map((s) => ({ ...s, outstanding: this.#outstanding.get(s.name) ?? 0 }));
  }

  /** Sealed segments every message of which has its receipt: ready to go once the store has them. */
  get done(): readonly SealedSegment[] {
    return this.sealed.filter((s) => s.outstanding === 0);
  }

  remove(name: string): void {
    rmSync(join(this.#dir, name), { force: true });
    const i = this.#sealed.findIndex((s) => s.name === name);
    if (i >= 0) this.#sealed.splice(i, 1);
    this.#outstanding.delete(name);
  }

  close(): void {
    this.seal();
  }
}
