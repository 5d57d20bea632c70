import { describe, expect, it } from 'vitest';
import { matchPath } from './index.js';
import { isTvMode, withTvMode } from './tv.js';

const place = (path: string, search = '') => ({
  path,
  query: new URLSearchParams(search),
  hash: '',
});

describe('full-screen wall mode', () => {
  it('is on for the wall with ?plein-ecran (or ?tv), off elsewhere', () => {
    expect(isTvMode(place('/', '?plein-ecran'))).toBe(true);
    expect(isTvMode(place('/', '?kind=laser&tv'))).toBe(true);
    expect(isTvMode(place('/', '?kind=laser'))).toBe(false);
    expect(isTvMode(place('/reserver', '?plein-ecran'))).toBe(false);
  });

  it('switches in the address, keeping the kind filter', () => {
    expect(withTvMode('?kind=laser', true)).toBe('?kind=laser&plein-ecran');
    expect(withTvMode('?kind=laser&plein-ecran', false)).toBe('?kind=laser');
    expect(withTvMode('?tv', false)).toBe('');
    expect(withTvMode('', true)).toBe('?plein-ecran');
  });
});

describe('matchPath', () => {
  it('reads the parameters of a path that fits, decoded', () => {
    expect(matchPath('/machines/:id', '/machines/prusa-1')).toEqual({ id: 'prusa-1' });
    expect(matchPath('/machines/:id', '/machines/laser%20co2/')).toEqual({ id: 'laser co2' });
  });

  it('gives null for a path that does not fit', () => {
    expect(matchPath('/machines/:id', '/machines')).toBeNull();
    expect(matchPath('/machines/:id', '/machines/a/b')).toBeNull();
    expect(matchPath('/machines/:id', '/membres/a')).toBeNull();
    expect(matchPath('/machines/:id', '/machines/%E0%A4%A')).toBeNull();
  });
});
