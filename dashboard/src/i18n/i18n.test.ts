import { describe, expect, it } from 'vitest';
import { pickLocale } from '../lib/locale.js';
import en from './en.json';
import fr from './fr.json';
import { createI18n, translate } from './index.js';

const placeholders = (text: string) =>
  [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('catalogs', () => {
  it('every French key exists in English', () => {
    const missing = Object.keys(fr).filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });

  it('every English key exists in French (French is the source of truth)', () => {
    const extra = Object.keys(en).filter((key) => !(key in fr));
    expect(extra).toEqual([]);
  });

  it('each translation uses the same placeholders as the French text', () => {
    const english: Record<string, string> = en;
    for (const [key, text] of Object.entries(fr)) {
      expect(placeholders(english[key] ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('the readings chart names the network printers’ metrics in French and English', () => {
    // Bambu and Klipper report layers and the AMS its spool: a chart asked for them showed the
    // bare metric key.
    const french: Record<string, string> = fr;
    const english: Record<string, string> = en;
    for (const metric of ['layer_count', 'layer_total_count', 'filament_remaining_pct']) {
      expect(french[`field.${metric}`], metric).toBeTruthy();
      expect(english[`field.${metric}`], metric).toBeTruthy();
    }
    expect(french['field.filament_remaining_pct']).toBe('Filament restant (%)');
    expect(english['field.layer_total_count']).toBe('Total layers');
  });

  it('no text is empty', () => {
    for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });
});

describe('translate', () => {
  it('replaces placeholders', () => {
    expect(translate('fr', 'app.title', { site: 'La Fabrique' })).toBe('Manufacto — La Fabrique');
  });

  it('picks the plural form from count with the rules of the language (0 is singular in French)', () => {
    expect(translate('fr', 'count.idle', { count: 0 })).toBe('0 libre');
    expect(translate('fr', 'count.idle', { count: 1 })).toBe('1 libre');
    expect(translate('fr', 'count.idle', { count: 2 })).toBe('2 libres');
    expect(translate('en', 'count.idle', { count: 2 })).toBe('2 free');
  });

  it('returns the key itself when no catalog knows it', () => {
    expect(translate('en', 'state.exploded')).toBe('state.exploded');
  });
});

describe('createI18n', () => {
  it('switches language and remembers the choice', () => {
    const stored = new Map<string, string>();
    const i18n = createI18n('fr', { setItem: (key, value) => void stored.set(key, value) });
    expect(i18n.t('state.idle')).toBe('Libre');
    i18n.setLocale('en');
    expect(i18n.t('state.idle')).toBe('Free');
    expect([...stored.values()]).toEqual(['en']);
  });
});

describe('pickLocale', () => {
  it('prefers the stored choice, then the browser language, then French', () => {
    expect(pickLocale('en', ['fr-FR'])).toBe('en');
    expect(pickLocale(null, ['en-US', 'fr'])).toBe('en');
    expect(pickLocale('de', ['de-DE', 'it'])).toBe('fr');
    expect(pickLocale(null, [])).toBe('fr');
  });
});
