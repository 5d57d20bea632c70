import { describe, expect, it } from 'vitest';
import { mayWriteNote } from './maintenance-log.js';

describe('mayWriteNote', () => {
  it('offers the form to a manager of the machine’s site and to an admin, to nobody else', () => {
    expect(mayWriteNote({ role: 'manager', sites: ['atelier-demo'] }, 'atelier-demo')).toBe(true);
    expect(mayWriteNote({ role: 'manager', sites: ['fablab-nord'] }, 'atelier-demo')).toBe(false);
    expect(mayWriteNote({ role: 'manager', sites: ['atelier-demo'] }, undefined)).toBe(false);
    expect(mayWriteNote({ role: 'admin', sites: [] }, 'atelier-demo')).toBe(true);
    expect(mayWriteNote({ role: 'artisan', sites: ['atelier-demo'] }, 'atelier-demo')).toBe(false);
    expect(mayWriteNote(null, 'atelier-demo')).toBe(false);
  });
});
