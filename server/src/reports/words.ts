/**
 * What every export says around the figures, in French and English, and how a value is written:
 * numbers in the reader's convention, "s" for a suppressed cell, "—" when nothing was measured.
 * @module
 */
import type { Lang } from '../domain/booking/refusals.js';
import type { Column, Report, Text, Unit } from '../domain/reports/types.js';

export const WORDS = {
  title: { fr: 'Rapport d’usage des équipements partagés', en: 'Shared equipment usage report' },
  site: { fr: 'Lieu', en: 'Site' },
  sites: { fr: 'Lieux', en: 'Sites' },
  period: { fr: 'Période', en: 'Period' },
  previous: { fr: 'Période précédente', en: 'Previous period' },
  audience: { fr: 'Destinataire', en: 'Audience' },
  manager: { fr: 'gestion du lieu (détail complet)', en: 'site management (full detail)' },
  funder: {
    fr: 'financeur (agrégats, secret statistique)',
    en: 'funder (aggregates, statistical secrecy)',
  },
  figure: { fr: 'Indicateur', en: 'Figure' },
  value: { fr: 'Valeur', en: 'Value' },
  change: { fr: 'Évolution (%)', en: 'Change (%)' },
  unit: { fr: 'Unité', en: 'Unit' },
  definition: { fr: 'Définition', en: 'Definition' },
  definitions: { fr: 'Définitions', en: 'Definitions' },
  summary: { fr: 'Synthèse', en: 'Summary' },
  notes: { fr: 'Notes', en: 'Notes' },
  item: { fr: 'Élément', en: 'Item' },
  from: { fr: 'du', en: 'from' },
  to: { fr: 'au', en: 'to' },
  generated: {
    fr: 'Produit par Manufacto à partir des sessions d’usage mesurées.',
    en: 'Produced by Manufacto from measured usage sessions.',
  },
  chartHours: { fr: 'Heures machine par machine', en: 'Machine hours by machine' },
  chartTrend: { fr: 'Période et période précédente', en: 'Period and previous period' },
} satisfies Record<string, Text>;

export const UNIT_WORDS: Record<Unit, Text> = {
  hours: { fr: 'h', en: 'h' },
  count: { fr: 'nombre', en: 'count' },
  people: { fr: 'personnes', en: 'people' },
  percent: { fr: '%', en: '%' },
  kwh: { fr: 'kWh', en: 'kWh' },
  text: { fr: '', en: '' },
};

export const SUPPRESSED_MARK = 's';
export const NOT_MEASURED = '—';

/** A number as the reader writes it: `1 234,5` in French, `1,234.5` in English. */
export function formatNumber(n: number, lang: Lang, unit: Unit): string {
  const digits = unit === 'count' || unit === 'people' ? 0 : unit === 'percent' ? 1 : 2;
  const key = `${lang}${digits}`;
  let f = NUMBER_FORMATS.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      minimumFractionDigits: 0,
      maximumFractionDigits: digits,
      useGrouping: false,
    });
    NUMBER_FORMATS.set(key, f);
  }
  // Intl writes a true minus sign (U+2212) in French: a spreadsheet reads only the hyphen as one.
  return f.format(n).replace('\u2212', '-');
}
const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();

export function formatValue(
  v: number | string | null,
  suppressed: boolean,
  lang: Lang,
  unit: Unit,
): string {
  if (suppressed) return SUPPRESSED_MARK;
  if (v === null) return NOT_MEASURED;
  return typeof v === 'number' ? formatNumber(v, lang, unit) : v;
}

export const columnHeader = (c: Column, lang: Lang) =>
  c.unit === 'text' ? c.label[lang] : `${c.label[lang]} (${UNIT_WORDS[c.unit][lang]})`;

export const siteNames = (r: Report) => r.sites.map((s) => s.name).join(', ');

export function periodText(p: Report['period'], lang: Lang): string {
  return `${p.label} (${WORDS.from[lang]} ${p.firstDay} ${WORDS.to[lang]} ${p.lastDay})`;
}

export const changePercent = (change: number | null) =>
  change === null ? null : Math.round(change * 1000) / 10;

/** The file name of an export: `manufacto-rapport-atelier-demo-2026-Q4.pdf`. */
export function fileName(r: Report, lang: Lang, ext: string): string {
  const sites = r.sites.map((s) => s.id).join('+');
  const safe = `${sites}-${r.period.label}`.replace(/[^a-zA-Z0-9._+-]/g, '_');
  return `manufacto-${lang === 'fr' ? 'rapport' : 'report'}-${safe}.${ext}`;
}
