/**
 * The receipt journal: every message a gateway publishes to the embedded broker is appended here
 * and fsynced *before* the broker acknowledges it (PUBACK), so the gateway only forgets a message
 * once it is on the server's disk. Segments are sealed every second and deleted once everything
 * in them has gone through the ingest and is in InfluxDB or the spool and in the store. At start,
 * leftover segments (a crash) are replayed through the ingest; duplicates are harmless because
 * the ingest drops known (gateway, seq) and points and usage sessions are idempotent.
 *
 * Format: records of [u32 topic length][u32 payload length][topic][payload], little-endian.
 * Group commit: appends made in the same tick share one fsync.
 * @module
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
}

export class Journal {
  readonly #dir: string;
  #next: number;
  #fd: number | undefined;
  #name: string | undefined;
  #records = 0;
  #waiting: Array<() => void> = [];
  #scheduled = false;
  readonly #sealed: SealedSegment[] = [];
  /** Segments found at open: what a previous run left unfinished. */
  readonly leftovers: readonly string[];

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
    this.leftovers = readdirSync(dir).filter((n) => SEGMENT.test(n)).sort();
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
      yield { topic: data.toString('utf8', at + 8, at + 8 + topicLength), payload: data.subarray(at + 8 + topicLength, end) };
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
    const header = Buffer.alloc(8);
    const topicBytes = Buffer.from(topic, 'utf8');
    header.writeUInt32LE(topicBytes.length, 0);
    header.writeUInt32LE(payload.length, 4);
    writeSync(this.#fd, Buffer.concat([header, topicBytes, payload]));
    this.#records += 1;
    return new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#commit());
      }
    });
  }

  #commit(): void {
    this.#scheduled = false;
    if (this.#fd !== undefined) fsyncSync(this.#fd);
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
    return this.#sealed;
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
