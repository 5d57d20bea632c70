import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { openSqlite } from './db.js';
import { HELD_TOO_LONG_MS, heldStatements, writeTransaction } from './transaction.js';

const count = async (db: Awaited<ReturnType<typeof openSqlite>>) =>
  (
    await db
      .selectFrom('audit_log')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

const entry = {
  at: 1,
  actor: 'a',
  role: 'admin',
  action: 'x',
  target: 't',
  detail: null,
  site: null,
};

describe('writeTransaction', () => {
  it('commits what its work wrote, through Kysely and raw statements alike', async () => {
    const db = await openSqlite(':memory:');
    await writeTransaction(db, async (trx) => {
      await trx.insertInto('audit_log').values(entry).execute();
      heldStatements(trx)!
        .prepare(
          `insert into audit_log (at, actor, role, action, target) values (2, 'b', 'admin', 'y', 't')`,
        )
        .run();
    });
    expect(await count(db)).toBe(2);
  });

  it('rolls everything back when its work throws, and the connection is usable after', async () => {
    const db = await openSqlite(':memory:');
    await expect(
      writeTransaction(db, async (trx) => {
        await trx.insertInto('audit_log').values(entry).execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await count(db)).toBe(0);
    await db.insertInto('audit_log').values(entry).execute();
    expect(await count(db)).toBe(1);
  });

  it('hands raw statements only to the connection it holds, and waits for an open Kysely transaction', async () => {
    const db = await openSqlite(':memory:');
    expect(heldStatements(db)).toBeUndefined();
    const order: string[] = [];
    let release!: () => void;
    const other = db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_log').values(entry).execute();
      await new Promise<void>((r) => (release = r));
      order.push('other commits');
    });
    await new Promise((r) => setTimeout(r, 10));
    const mine = writeTransaction(db, async (trx) => {
      order.push('mine begins');
      expect(heldStatements(trx)).toBeDefined();
    });
    await new Promise((r) => setTimeout(r, 10));
    release();
    await Promise.all([other, mine]);
    expect(order).toEqual(['other commits', 'mine begins']);
  });

  it('warns, naming the cause, when its work waits on the root Db for the connection it holds', async () => {
    const db = await openSqlite(':memory:');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    onTestFinished(() => void process.off('warning', onWarning));
    const warned = () => new Promise<void>((r) => process.nextTick(r));

    // A transaction that ends in time says nothing.
    await writeTransaction(db, async (trx) => {
      await trx.insertInto('audit_log').values(entry).execute();
    });
    vi.advanceTimersByTime(HELD_TOO_LONG_MS);
    await warned();
    expect(warnings).toEqual([]);

    // The root Db inside the work: the query waits for the held connection, forever.
    let inside!: () => void;
    const reached = new Promise<void>((r) => (inside = r));
    void writeTransaction(db, async () => {
      inside();
      await count(db);
    });
    await reached;
    vi.advanceTimersByTime(HELD_TOO_LONG_MS);
    await warned();
    expect(warnings.map((w) => (w as Error & { code?: string }).code)).toEqual([
      'MANUFACTO_HELD_TRANSACTION',
    ]);
    expect(warnings[0]?.message).toMatch(/queries the root Db instead of its trx/);
  });
});
