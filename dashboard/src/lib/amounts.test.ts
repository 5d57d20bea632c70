import { describe, expect, it } from 'vitest';
import { formatEuros, formatHours } from './amounts.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('formatHours', () => {
  it('writes hours with at most two decimals, the unit glued', () => {
    expect(formatHours(12.5, 'fr')).toBe(`12,5${NBSP}h`);
    expect(formatHours(1.256, 'en')).toBe(`1.26${NBSP}h`);
    expect(formatHours(3, 'fr')).toBe(`3${NBSP}h`);
  });

  it('shows a dash for a missing figure', () => {
    expect(formatHours(null, 'fr')).toBe('—');
    expect(formatHours(Number.NaN, 'en')).toBe('—');
  });
});

describe('formatEuros', () => {
  it('writes cents as euros with two decimals, in each language’s order', () => {
    expect(formatEuros(123450, 'fr')).toBe(`1${NNBSP}234,50${NBSP}€`);
    expect(formatEuros(123450, 'en')).toBe('€1,234.50');
    expect(formatEuros(700, 'fr')).toBe(`7,00${NBSP}€`);
    expect(formatEuros(5, 'en')).toBe('€0.05');
  });

  it('puts the minus before the amount', () => {
    expect(formatEuros(-1250, 'fr')).toBe(`-12,50${NBSP}€`);
    expect(formatEuros(-1250, 'en')).toBe('-€12.50');
  });
});
