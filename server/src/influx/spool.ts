/**
 * The durable spool: batches of points that InfluxDB has not taken yet (it is down, or not
 * installed), one file per batch, numbered, fsynced, replayed oldest first and deleted only after
 * InfluxDB accepted them. Survives a server restart.
 *
 * One of three durable queues (the gateway's outbox, the server's receipt journal, this spool),
 * and not shared with them on purpose: it holds InfluxDB's form of the data (points, after the
 * ingest dropped duplicates and tagged them with the machine view), not messages, and it is empty
 * in normal running; while InfluxDB is away (hours, days) it takes whole batches, replayed oldest
 * first and each removed only when InfluxDB took it. A file per batch, written then renamed, is
 * the simplest crash-safe form of that. The journal cannot hold them: it keeps messages until
 * their receipt, a second or so, on the acknowledgement path, and trimming it must not wait for
 * InfluxDB (its segments wait only for the spool). The outbox's SQLite is for a queue acknowledged
 * out of order, message by message; the server's SQLite store holds the workshop's records and
 * is not where days of readings should pile up. A write that fails (ENOSPC) throws and leaves
 * nothing: the writer holds the batch.
 * @module
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Point } from './points.js';

const FILE = /^(\d{12})-(\d+)\.jsonl$/;

export class Spool {
  readonly #dir: string;
  #next: number;
  #files: Array<{ name: string; count: number }>;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
    // A crash while writing leaves a .tmp file that was never renamed: it was never acknowledged either.
    for (const name of readdirSync(dir))
      if (name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
    this.#files = readdirSync(dir)
      .flatMap((name) => {
        const m = FILE.exec(name);
        return m ? [{ name, seq: Number(m[1]), count: Number(m[2]) }] : [];
      })
      .sort((a, b) => a.seq - b.seq)
      .map(({ name, count }) => ({ name, count }));
    const last = this.#files.at(-1);
    this.#next = last ? Number(FILE.exec(last.name)?.[1]) + 1 : 1;
  }

  /** Points waiting. */
  get depth(): number {
    return this.#files.reduce((n, f) => n + f.count, 0);
  }

  get batches(): number {
    return this.#files.length;
  }

  append(points: readonly Point[]): void {
    if (points.length === 0) return;
    const name = `${String(this.#next).padStart(12, '0')}-${points.length}.jsonl`;
    this.#next += 1;
    const tmp = join(this.#dir, `${name}.tmp`);
    try {
      const fd = openSync(tmp, 'w');
      try {
        // A nearly full disk takes part of a write without an error: the rest then says ENOSPC.
        const data = Buffer.from(`${points.map((p) => JSON.stringify(p)).join('\n')}\n`);
        for (let at = 0; at < data.length; ) at += writeSync(fd, data, at);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, join(this.#dir, name));
      // The new name on disk too: the journal segments these points came from are deleted next,
      // and after a power cut the batch must not be gone with them.
      const dir = openSync(this.#dir, 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    } catch (error) {
      // A full disk (ENOSPC) leaves half a file: gone, and the caller keeps the batch.
      rmSync(tmp, { force: true });
      throw error;
    }
    this.#files.push({ name, count: points.length });
  }

  /** The oldest batch, without removing it. */
  peek(): { name: string; points: Point[] } | undefined {
    const first = this.#files[0];
    if (!first) return undefined;
    const text = readFileSync(join(this.#dir, first.name), 'utf8');
    const points = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Point);
    return { name: first.name, points };
  }

  /** InfluxDB took the oldest batch. */
  remove(name: string): void {
    rmSync(join(this.#dir, name), { force: true });
    this.#files = this.#files.filter((f) => f.name !== name);
  }
}
