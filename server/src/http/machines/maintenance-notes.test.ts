import { describe, expect, it } from 'vitest';
import { AS, testApp } from '../../testing/test-app.js';

type Note = {
  id: string;
  machine: string;
  author: { account: string; name: string | null };
  text: string;
  usageHours: number | null;
  createdAt: string;
};
const path = '/api/machines/prusa-mk4-1/maintenance-notes';

describe('maintenance notes: happy', () => {
  it('keeps what the manager wrote, with their name, newest first, and the site’s artisans read it', async () => {
    const { call } = await testApp();
    const first = await call('POST', path, { text: 'Courroie X retendue' });
    expect(first.status).toBe(201);
    const second = await call('POST', path, {
      text: '  Buse 0,4 mm changée\nplateau nettoyé\u202e  ',
      usageHours: 1240.5,
    });
    expect(second.status).toBe(201);
    const { note } = (await second.json()) as { note: Note };
    expect(note).toMatchObject({
      machine: 'prusa-mk4-1',
      author: { name: 'manager' },
      text: 'Buse 0,4 mm changée\nplateau nettoyé',
      usageHours: 1240.5,
    });
    const read = await call('GET', path, undefined, AS.artisan('camille-roux'));
    expect(read.status).toBe(200);
    const { notes } = (await read.json()) as { notes: Note[] };
    expect(notes.map((n) => n.text)).toEqual([
      'Buse 0,4 mm changée\nplateau nettoyé',
      'Courroie X retendue',
    ]);
    expect(notes[1]?.usageHours).toBeNull();
    // Another machine's log is its own.
    const other = await call('GET', '/api/machines/laser-co2/maintenance-notes');
    expect(((await other.json()) as { notes: Note[] }).notes).toEqual([]);
  });
});

describe('maintenance notes: errors', () => {
  it('names what is wrong in the note, in French by default', async () => {
    const { call } = await testApp();
    const empty = await call('POST', path, { text: ' \u0000 ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toMatch(/text/);
    const long = await call('POST', path, { text: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(JSON.stringify(await long.json())).toMatch(/text.*2000/);
    const hours = await call('POST', path, { text: 'ok', usageHours: -3 });
    expect(hours.status).toBe(400);
    expect(JSON.stringify(await hours.json())).toMatch(/usageHours/);
    const none = await call('POST', '/api/machines/nope/maintenance-notes', { text: 'ok' });
    expect(none.status).toBe(404);
    expect(JSON.stringify(await none.json())).toContain('aucune machine « nope »');
  });
});

describe('maintenance notes: security', () => {
  it('is written by the site’s managers only, and read on one’s own site only', async () => {
    const { call } = await testApp();
    const artisan = await call('POST', path, { text: 'moi aussi' }, AS.artisan('camille-roux'));
    expect(artisan.status).toBe(403);
    // Another site's machine is no machine at all to its people (other-site.test.ts).
    const nord = await call('POST', path, { text: 'pas mon site' }, AS.managerNord);
    expect(nord.status).toBe(404);
    expect(JSON.stringify(await nord.json())).toContain('aucune machine « prusa-mk4-1 »');
    expect((await call('GET', path, undefined, AS.managerNord)).status).toBe(404);
    const hugo = await call('GET', path, undefined, AS.artisan('hugo-lefebvre'));
    expect(hugo.status).toBe(404);
    expect(JSON.stringify(await hugo.json())).not.toContain('atelier-demo');
    expect((await call('GET', path, undefined, AS.nobody)).status).toBe(401);
    expect((await call('GET', path, undefined, AS.funder)).status).toBe(403);
    // Nothing refused was written.
    expect(((await (await call('GET', path)).json()) as { notes: Note[] }).notes).toEqual([]);
    expect((await call('POST', path, { text: 'ok' }, AS.admin)).status).toBe(201);
  });
});
