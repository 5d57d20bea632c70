/**
 * A tiny translation layer: `fr.json` is the source of truth, `en.json` mirrors its keys (a unit
 * test checks both ways). Keys are flat; a key may come in plural forms `key_one` / `key_other`,
 * chosen with `Intl.PluralRules` from the `count` parameter. The current locale is a signal, so a
 * component that calls `t()` re-renders when the language is switched.
 *
 * @example
 * const i18n = createI18n('fr');
 * i18n.t('count.idle', { count: 2 }); // '2 libres'
 * @module
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { INTL_LOCALE, type Locale } from '../lib/locale.js';
import en from './en.json';
import fr from './fr.json';

type Catalog = Readonly<Record<string, string>>;
type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** Every key of fr.json, with plural forms folded into their base key. */
export type MessageKey = keyof typeof fr extends infer K
  ? K extends `${infer Base}_${PluralSuffix}`
    ? Base
    : K
  : never;

export type MessageParams = Readonly<Record<string, string | number>>;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { fr, en };

const pluralRules = new Map<Locale, Intl.PluralRules>();

function plural(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(INTL_LOCALE[locale]);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

/**
 * Looks `key` up in the locale's catalog, falls back to French, then to the key itself (so a
 * missing text shows as `state.foo` rather than as nothing), and replaces `{name}` placeholders.
 */
export function translate(locale: Locale, key: string, params?: MessageParams): string {
  const count = params?.['count'];
  const candidates =
    typeof count === 'number' ? [`${key}_${plural(locale, count)}`, `${key}_other`, key] : [key];
  let text: string | undefined;
  for (const catalog of [CATALOGS[locale], CATALOGS.fr]) {
    text = candidates.map((candidate) => catalog[candidate]).find((found) => found !== undefined);
    if (text !== undefined) break;
  }
  if (text === undefined) return key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

export interface I18n {
  readonly locale: ReadonlySignal<Locale>;
  /** Translates `key` in the current locale (reading the locale signal: callers re-render on switch). */
  t(key: MessageKey, params?: MessageParams): string;
  setLocale(locale: Locale): void;
}

/** Where the chosen locale is remembered between visits. */
export const LOCALE_STORAGE_KEY = 'manufacto.locale';

export function createI18n(initial: Locale, storage?: Pick<Storage, 'setItem'>): I18n {
  const locale = signal<Locale>(initial);
  return {
    locale,
    t: (key, params) => translate(locale.value, key, params),
    setLocale(next) {
      locale.value = next;
      try {
        storage?.setItem(LOCALE_STORAGE_KEY, next);
      } catch {
        // Private browsing or a locked-down kiosk: the choice lasts until the page reloads.
      }
    },
  };
}
