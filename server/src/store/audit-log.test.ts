import { describe, expect, it } from 'vitest';
import { openSqlite } from './db.js';
import { auditLog } from './audit-log.js';

describe('the audit log’s action-family filter', () => {
  it('takes every action of the family and nothing else, whatever characters follow', async () => {
    const log = auditLog(await openSqlite(':memory:'));
    const actions = [
      'member.save',
      'member.🔧', // above U+FFFF: a bound of `action + '\uffff'` left it out
      'member._x',
      'memberx.save',
      'MEMBER.save',
      'a_b.save',
      'axb.save',
      '50%.save',
      '50x.save',
    ];
    for (const action of actions)
      await log.record({ actor: 'admin', role: 'admin', action, target: 't' });
    const family = async (action: string) =>
      (await log.list({ action, limit: 100 })).map((e) => e.action).sort();
    expect(await family('member.')).toEqual(['member._x', 'member.save', 'member.🔧'].sort());
    // `_` and `%` in the family are letters, not wildcards.
    expect(await family('a_b.')).toEqual(['a_b.save']);
    expect(await family('50%.')).toEqual(['50%.save']);
  });
});
