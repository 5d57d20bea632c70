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
 * nothing: the writer holds the batch. So does a failed fsync of the directory after the rename:
 * the new name may not be on disk, so the batch is not durable and its file is removed again
 * (kept, it would only be replayed beside the writer's copy after a restart).
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

export interface SpoolOptions {
  /** Default `fs.fsyncSync`, for a batch's file and then for the directory (tests count them). */
  readonly fsync?: (fd: number) => void;
}

export class Spool {
  readonly #dir: string;
  readonly #fsync: (fd: number) => void;
  #next: number;
  #files: Array<{ name: string; count: number }>;

  constructor(dir: string, options: SpoolOptions = {}) {
    this.#dir = dir;
    this.#fsync = options.fsync ?? fsyncSync;
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
    const path = join(this.#dir, name);
    let renamed = false;
    try {
      const fd = openSync(tmp, 'w');
      try {
        // A nearly full disk takes part of a write without an error: the rest then says ENOSPC.
        const data = Buffer.from(`${points.map((p) => JSON.stringify(p)).join('\n')}\n`);
        for (let at = 0; at < data.length; ) at += writeSync(fd, data, at);
        this.#fsync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
      renamed = true;
      // The new name on disk too: the journal segments these points came from are deleted next,
      // and after a power cut the batch must not be gone with them.
      const dir = openSync(this.#dir, 'r');
      try {
        this.#fsync(dir);
      } finally {
        closeSync(dir);
      }
    } catch (error) {
      // A full disk (ENOSPC) leaves half a file, a failed directory fsync a name that may not be
      // on disk: either way the batch is not durable, so its file goes and the caller keeps it.
      try {
        rmSync(renamed ? path : tmp, { force: true });
      } catch {
        // Left on disk, it is replayed after a restart beside the writer's copy: the same points.
      }
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
