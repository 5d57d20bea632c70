import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../log.js';
import { Journal } from './journal.js';
import { journalKeeper } from './journal-keeper.js';

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'mf-keeper-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An ingest and a writer that only note what they are asked; `flushFails` makes the spool unwritable. */
function parts(options: { flushFails?: boolean; unsaved?: number } = {}) {
  const handled: string[] = [];
  const lines: string[] = [];
  return {
    handled,
    lines,
    ingest: {
      load: async () => undefined,
      handle: (topic: string, payload: Buffer) => void handled.push(`${topic} ${payload}`),
      persistNow: async () => undefined,
    },
    writer: {
      flush: async () => {
        if (options.flushFails) throw new Error('ENOSPC: the spool disk is full');
      },
      stats: () =>
        ({ unsaved: options.unsaved ?? 0 }) as ReturnType<
          import('../influx/writer.js').PointWriter['stats']
        >,
    },
    log: createLogger('debug', (l) => void lines.push(l)),
  };
}

const segments = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.journal'));

describe('journalKeeper', () => {
  it('replays what a previous run left, in order, then drops those segments', async () => {
    const dir = tempDir();
    const before = new Journal(dir);
    await before.append('t/a', Buffer.from('1'));
    await before.append('t/b', Buffer.from('2'));
    const p = parts();
    await journalKeeper({ journal: new Journal(dir), ...p }).replay();
    expect(p.handled).toEqual(['t/a 1', 't/b 2']);
    expect(segments(dir)).toEqual([]);
  });

  it('keeps the replayed segments when their points cannot be saved', async () => {
    const dir = tempDir();
    await new Journal(dir).append('t/a', Buffer.from('1'));
    const p = parts({ flushFails: true });
    await journalKeeper({ journal: new Journal(dir), ...p }).replay();
    expect(p.handled).toEqual(['t/a 1']);
    expect(segments(dir)).toHaveLength(1);
    expect(p.lines.join('\n')).toContain('kept: ENOSPC');
  });

  it('drops a sealed segment only once every message in it has its receipt', async () => {
    const dir = tempDir();
    const journal = new Journal(dir);
    const keeper = journalKeeper({ journal, ...parts() });
    await journal.append('t/a', Buffer.from('1'));
    await journal.append('t/b', Buffer.from('2'));
    journal.seal();
    journal.receipt('t/a', Buffer.from('1'));
    await keeper.trim();
    expect(segments(dir)).toHaveLength(1);
    journal.receipt('t/b', Buffer.from('2'));
    await keeper.trim();
    expect(segments(dir)).toEqual([]);
  });

  it('keeps a segment that came through while the spool cannot be written', async () => {
    const dir = tempDir();
    const journal = new Journal(dir);
    const keeper = journalKeeper({ journal, ...parts({ flushFails: true }) });
    await journal.append('t/a', Buffer.from('1'));
    journal.seal();
    journal.receipt('t/a', Buffer.from('1'));
    await keeper.trim();
    expect(segments(dir)).toHaveLength(1);
  });

  it('says once that a segment waits for its receipts', async () => {
    const dir = tempDir();
    const journal = new Journal(dir);
    const p = parts();
    const keeper = journalKeeper({ journal, ...p, stuckAfterMs: 0 });
    await journal.append('t/a', Buffer.from('1'));
    journal.seal(Date.now() - 1);
    await keeper.trim();
    await keeper.trim();
    expect(p.lines.filter((l) => l.includes('have not come through the ingest yet'))).toHaveLength(
      1,
    );
  });

  it('at close, keeps the last segment while the writer holds unsaved points', async () => {
    const dir = tempDir();
    const journal = new Journal(dir);
    await journal.append('t/a', Buffer.from('1'));
    journal.receipt('t/a', Buffer.from('1'));
    journalKeeper({ journal, ...parts({ unsaved: 3 }) }).close();
    expect(segments(dir)).toHaveLength(1);

    const other = tempDir();
    const saved = new Journal(other);
    await saved.append('t/a', Buffer.from('1'));
    saved.receipt('t/a', Buffer.from('1'));
    journalKeeper({ journal: saved, ...parts() }).close();
    expect(segments(other)).toEqual([]);
  });
});
