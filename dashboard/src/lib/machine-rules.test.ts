import { describe, expect, it } from 'vitest';
import {
  accessRulesForm,
  centsOf,
  eurosText,
  outageCounts,
  rulesForm,
  rulesOf,
  savedRules,
} from './machine-rules.js';

describe('rulesOf', () => {
  it('keeps the site’s rule for an empty field and reads whole minutes', () => {
    const form = { ...rulesForm({}), minMin: '30', maxMin: ' 240 ' };
    expect(rulesOf(form)).toEqual({ rules: { minMin: 30, maxMin: 240 }, wrong: [] });
  });

  it('names the fields that are not whole minutes', () => {
    const form = { ...rulesForm({}), granularityMin: '15,5', cancelDeadlineMin: 'deux heures' };
    expect(rulesOf(form).wrong).toEqual(['granularityMin', 'cancelDeadlineMin']);
  });

  it('reads back the rules it was given', () => {
    const rules = { granularityMin: 15, noShowGraceMin: 10 };
    expect(rulesOf(rulesForm(rules)).rules).toEqual(rules);
  });
});

describe('centsOf', () => {
  it('reads euros written the French or the English way', () => {
    expect(centsOf('12,50')).toBe(1250);
    expect(centsOf('12.5')).toBe(1250);
    expect(centsOf(' 8 ')).toBe(800);
    expect(centsOf('1 200')).toBe(120000);
  });

  it('refuses what is not an amount', () => {
    expect(centsOf('')).toBeNull();
    expect(centsOf('-3')).toBeNull();
    expect(centsOf('12,505')).toBeNull();
    expect(centsOf('douze')).toBeNull();
  });

  it('writes back what it reads', () => {
    expect(eurosText(1250, 'fr')).toBe('12,50');
    expect(eurosText(1250, 'en')).toBe('12.50');
    expect(centsOf(eurosText(999, 'fr'))).toBe(999);
  });
});

describe('outageCounts', () => {
  it('counts moved and cancelled reservations and the people behind them once each', () => {
    expect(
      outageCounts({
        moved: [{ member: 'camille' }, { member: 'nadia' }],
        cancelled: [{ member: 'camille' }],
      }),
    ).toEqual({ moved: 2, cancelled: 1, people: 2 });
    expect(outageCounts({ moved: [], cancelled: [] })).toEqual({
      moved: 0,
      cancelled: 0,
      people: 0,
    });
  });
});

describe('savedRules', () => {
  it('keeps the rules the form does not show, and takes the access ones typed', () => {
    const stored = {
      minMin: 60,
      staffedHours: 'start',
      walkIns: 'refused' as const,
      afterUseCheck: 'Aspirer',
    };
    const form = accessRulesForm(stored);
    expect(form).toEqual({ walkIns: 'refused', afterUseCheck: 'Aspirer' });
    expect(
      savedRules(stored, { minMin: 30 }, { walkIns: '', afterUseCheck: ' Nettoyer le plateau ' }),
    ).toEqual({
      minMin: 30,
      staffedHours: 'start',
      afterUseCheck: 'Nettoyer le plateau',
    });
    expect(savedRules(stored, {}, { walkIns: 'allowed', afterUseCheck: '' })).toEqual({
      staffedHours: 'start',
      walkIns: 'allowed',
    });
  });
});
