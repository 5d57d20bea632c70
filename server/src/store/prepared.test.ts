import { describe, expect, it } from 'vitest';
import { openSqlite, type Db } from './db.js';
import { prepared } from './prepared.js';

describe('prepared', () => {
  it('builds and compiles a query once and runs it with each call’s values, in a transaction too', async () => {
    const statements: string[] = [];
    const db = await openSqlite(':memory:', { onStatement: (s) => statements.push(s) });
    let builds = 0;
    const named = prepared((d: Db, name: string, limit: number) => {
      builds += 1;
      return d
        .selectFrom('store_versions')
        .select(['name', 'version'])
        .where('name', '=', name)
        .where('version', '>=', 0)
        .limit(limit);
    });
    expect(await named(db, 'sharing', 1)).toEqual([
      { name: 'sharing', version: expect.any(Number) },
    ]);
    expect(await named(db, 'accounts', 5)).toEqual([
      { name: 'accounts', version: expect.any(Number) },
    ]);
    expect(await db.transaction().execute((trx) => named(trx, 'nothing', 1))).toEqual([]);
    expect(builds).toBe(1);
    await db.destroy();
  });

  it('refuses a builder that drops an argument (its shape would depend on the values)', async () => {
    const db = await openSqlite(':memory:');
    const branching = prepared((d: Db, name: string, version: number | undefined) => {
      const q = d.selectFrom('store_versions').selectAll().where('name', '=', name);
      return typeof version === 'number' ? q.where('version', '=', version) : q;
    });
    await expect(branching(db, 'sharing', 1)).rejects.toThrow(/not every argument reaches the SQL/);
    await db.destroy();
  });
});
