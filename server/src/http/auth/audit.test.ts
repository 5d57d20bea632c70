import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

type Entries = { entries: { id: number; action: string; target: string }[] };

describe('GET /api/audit filters', () => {
  it('keeps one action, or a family of actions, and pages back with before', async () => {
    const { call } = await testApp();
    const { member } = (await (await call('GET', '/api/members/lucas-petit')).json()) as {
      member: Record<string, unknown>;
    };
    const { id: _id, sites: _sites, ...settings } = member;
    expect((await call('PUT', '/api/members/lucas-petit', settings)).status).toBe(200);
    expect((await call('PUT', '/api/members/lucas-petit/qualifications/laser')).status).toBe(200);
    expect(
      (await call('PUT', '/api/members/lucas-petit/facts', { status: 'student' })).status,
    ).toBe(200);
    const read = async (query: string) =>
      ((await (await call('GET', `/api/audit?${query}`, undefined, AS.manager)).json()) as Entries)
        .entries;
    expect((await read('action=member.save')).map((e) => e.action)).toEqual(['member.save']);
    expect((await read('action=member.')).map((e) => e.action)).toEqual([
      'member.facts',
      'member.save',
    ]);
    const lucas = await read('target=member:lucas-petit');
    expect(lucas.map((e) => e.action)).toEqual([
      'member.facts',
      'qualification.grant',
      'member.save',
    ]);
    const first = await read('target=member:lucas-petit&limit=1');
    const next = await read(`target=member:lucas-petit&limit=2&before=${first[0]!.id}`);
    expect(next.map((e) => e.action)).toEqual(['qualification.grant', 'member.save']);
  });

  it('names a malformed action', async () => {
    const { call } = await testApp();
    const res = await call('GET', '/api/audit?action=DROP%20TABLE', undefined, AS.manager);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/action/);
  });
});
