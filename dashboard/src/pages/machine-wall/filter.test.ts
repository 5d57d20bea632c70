import { describe, expect, it } from 'vitest';
import { parseKindFilter, withKindFilter } from './filter.js';

describe('kind filter in the address', () => {
  it('reads a known kind and falls back to all machines otherwise', () => {
    expect(parseKindFilter('?kind=laser')).toBe('laser');
    expect(parseKindFilter('?kind=toaster')).toBe('all');
    expect(parseKindFilter('')).toBe('all');
  });

  it('writes the kind and keeps the other parameters', () => {
    expect(withKindFilter('?screen=atelier', 'cnc')).toBe('?screen=atelier&kind=cnc');
    expect(withKindFilter('?kind=cnc', 'all')).toBe('');
  });
});
