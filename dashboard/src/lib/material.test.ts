import { describe, expect, it } from 'vitest';
import { declarableSession, formatGrams, gramsOf } from './material.js';

describe('grams', () => {
  it('reads grams as typed in French or English, and refuses words and negatives', () => {
    expect(gramsOf('320')).toBe(320);
    expect(gramsOf(' 12,5 ')).toBe(12.5);
    expect(gramsOf('12.25')).toBe(12.25);
    expect(gramsOf('1 250')).toBe(1250);
    expect(gramsOf('-3')).toBeNull();
    expect(gramsOf('trois cents')).toBeNull();
    expect(gramsOf('')).toBeNull();
    expect(gramsOf('2000000')).toBeNull();
  });

  it('writes grams with the unit glued to the number, and a dash when none', () => {
    expect(formatGrams(1250.5, 'fr')).toBe('1\u202f250,5\u00a0g');
    expect(formatGrams(320, 'en')).toBe('320\u00a0g');
    expect(formatGrams(null, 'fr')).toBe('—');
  });
});

describe('what a member may declare', () => {
  it('is the only session of a line while no grams are recorded', () => {
    expect(declarableSession({ usage: ['u1'], materialGrams: null })).toBe('u1');
    expect(declarableSession({ usage: ['u1'], materialGrams: 0 })).toBeNull();
    expect(declarableSession({ usage: ['u1', 'u2'], materialGrams: null })).toBeNull();
    expect(declarableSession({ usage: [], materialGrams: null })).toBeNull();
  });
});
