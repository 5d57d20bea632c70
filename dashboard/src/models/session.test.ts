import { describe, expect, it } from 'vitest';
import { currentSite, siteChoicesOf } from './session.js';

const every = [
  { id: 'atelier-demo', name: 'Atelier démo' },
  { id: 'annexe', name: 'Annexe de Vénissieux' },
];

describe('the site the screens show', () => {
  it('is the one chosen when the account has it, else the account’s first', () => {
    expect(currentSite(['atelier-demo', 'annexe'], 'annexe')).toBe('annexe');
    expect(currentSite(['atelier-demo', 'annexe'], 'another-workshop')).toBe('atelier-demo');
    expect(currentSite(['atelier-demo'], null)).toBe('atelier-demo');
    expect(currentSite([], 'annexe')).toBeNull();
  });

  it('is picked among the account’s sites, named; an admin of no site in particular picks any', () => {
    expect(siteChoicesOf({ role: 'manager', sites: ['annexe'] }, every)).toEqual([every[1]]);
    expect(siteChoicesOf({ role: 'manager', sites: ['gone'] }, every)).toEqual([
      { id: 'gone', name: 'gone' },
    ]);
    expect(siteChoicesOf({ role: 'admin', sites: [] }, every)).toEqual(every);
    expect(siteChoicesOf(null, every)).toEqual([]);
  });
});
