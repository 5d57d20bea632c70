import { fstatSync, fsyncSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log.js';
import type { Point } from './points.js';
import { Spool } from './spool.js';
import { createInfluxV1Writer } from './writer.js';

const point = (i: number): Point => ({
  measurement: 'machine_metrics',
  tags: { site: 's', machine: 'm' },
  fields: { power_w: i },
  timestamp: 1_795_000_000_000 + i,
});
const quiet = createLogger('error', () => undefined);

/** A real fsync that notes what it synced (the directory's listing, for a directory) and can fail. */
function watchedFsync(dir: string) {
  const synced: Array<{ kind: 'file' } | { kind: 'dir'; names: string[] }> = [];
  const state = { failDir: false };
  const fsync = (fd: number): void => {
    if (!fstatSync(fd).isDirectory()) {
      synced.push({ kind: 'file' });
      return fsyncSync(fd);
    }
    synced.push({ kind: 'dir', names: readdirSync(dir) });
    if (state.failDir) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    fsyncSync(fd);
  };
  return { synced, state, fsync };
}

describe('Spool', () => {
  it('hands batches back oldest first and survives a re-open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-spool-'));
    const first = new Spool(dir);
    first.append([point(1), point(2)]);
    first.append([point(3)]);
    expect(first.depth).toBe(3);
    const second = new Spool(dir);
    expect(second.depth).toBe(3);
    const oldest = second.peek();
    expect(oldest?.points.map((p) => p.fields.power_w)).toEqual([1, 2]);
    second.remove(oldest!.name);
    expect(second.peek()?.points.map((p) => p.fields.power_w)).toEqual([3]);
    second.append([point(4)]);
    expect(new Spool(dir).depth).toBe(2);
  });

  it('fsyncs the directory after renaming a batch, so that its name survives a power cut', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-spool-'));
    const watch = watchedFsync(dir);
    const spool = new Spool(dir, { fsync: watch.fsync });
    spool.append([point(1), point(2)]);
    // The file's data, then the directory holding its final name (not the .tmp one).
    expect(watch.synced).toEqual([
      { kind: 'file' },
      { kind: 'dir', names: ['000000000001-2.jsonl'] },
    ]);
  });

  it('does not report a batch durable when the directory fsync after its rename fails, and leaves no file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-spool-'));
    const watch = watchedFsync(dir);
    const spool = new Spool(dir, { fsync: watch.fsync });
    watch.state.failDir = true;
    expect(() => spool.append([point(1), point(2)])).toThrow(/EIO/);
    expect(spool.depth).toBe(0);
    // Kept, the file would be replayed after a restart beside the copy the caller still holds.
    expect(readdirSync(dir)).toEqual([]);
    watch.state.failDir = false;
    spool.append([point(1), point(2)]);
    expect(new Spool(dir).depth).toBe(2);
  });
});

describe('InfluxDB writer without InfluxDB', () => {
  it('keeps every point in the spool when no InfluxDB is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-writer-'));
    const writer = createInfluxV1Writer({
      url: undefined,
      database: 'd',
      retention: '30d',
      spoolDir: dir,
      log: quiet,
      batchSize: 10,
      flushMs: 10,
    });
    writer.write(Array.from({ length: 25 }, (_, i) => point(i)));
    await writer.close();
    expect(writer.stats()).toMatchObject({ influx: 'disabled', spoolDepth: 25 });
    expect(new Spool(dir).depth).toBe(25);
  });

  it('spools what an unreachable InfluxDB refused, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-writer-'));
    const writer = createInfluxV1Writer({
      url: 'http://127.0.0.1:1',
      database: 'd',
      retention: '30d',
      spoolDir: dir,
      log: quiet,
      batchSize: 5,
      flushMs: 10,
    });
    writer.write([point(1), point(2), point(3), point(4), point(5)]);
    writer.write([point(6)]);
    await writer.close();
    expect(writer.stats()).toMatchObject({ influx: 'down', spoolDepth: 6 });
    const spool = new Spool(dir);
    const seen: unknown[] = [];
    for (let b = spool.peek(); b; b = spool.peek()) {
      seen.push(...b.points.map((p) => p.fields.power_w));
      spool.remove(b.name);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('holds a batch whose spool directory could not be fsynced, and spools it once when it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mf-writer-'));
    const watch = watchedFsync(dir);
    watch.state.failDir = true;
    const writer = createInfluxV1Writer({
      url: undefined,
      database: 'd',
      retention: '30d',
      spoolDir: dir,
      log: quiet,
      batchSize: 100,
      flushMs: 10,
      spool: { fsync: watch.fsync },
    });
    writer.write([point(1), point(2), point(3)]);
    // Not durable: flush() rejects, so the journal keeps the segments these points came from.
    await expect(writer.flush()).rejects.toThrow(/neither in InfluxDB nor in the spool.*EIO/);
    expect(writer.stats()).toMatchObject({ spoolDepth: 0, unsaved: 3 });
    watch.state.failDir = false;
    await vi.waitFor(() => expect(writer.flush()).resolves.toBeUndefined(), {
      timeout: 10_000,
      interval: 100,
    });
    await writer.close();
    const spool = new Spool(dir);
    expect(spool.depth).toBe(3);
    expect(spool.peek()?.points.map((p) => p.fields.power_w)).toEqual([1, 2, 3]);
  });
});
