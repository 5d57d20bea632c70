/**
 * Pure helpers for the machine page's readings chart: the unit a metric's name ends with (one
 * axis per unit), which fields have anything to draw, a series' extremes and last value in words
 * for the chart's text alternative, and the time labels of its axis.
 * @module
 */
import { formatNumber } from './format.js';
import { INTL_LOCALE, type Locale } from './locale.js';

export type ChartUnit = '°C' | 'W' | '%' | 'rpm' | 'mm/min' | '';

/** The unit of a contract metric by its suffix (`hotend_temp_c` → °C, `power_w` → W). */
export function unitOf(field: string): ChartUnit {
  if (field.endsWith('_c')) return '°C';
  if (field.endsWith('_w')) return 'W';
  if (field.endsWith('_pct')) return '%';
  if (field.endsWith('_rpm')) return 'rpm';
  if (field.endsWith('_mm_min')) return 'mm/min';
  return '';
}

/** The fields with at least one reading, in the order asked. */
export function drawnFields(
  values: Readonly<Record<string, ReadonlyArray<number | null>>>,
): string[] {
  return Object.keys(values).filter((f) => values[f]?.some((v) => v !== null));
}

export interface SeriesSummary {
  readonly min: number;
  readonly max: number;
  readonly last: number;
}

/** Lowest, highest and last reading; null when there is none. */
export function summarise(values: ReadonlyArray<number | null>): SeriesSummary | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let last: number | null = null;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    last = v;
  }
  return last === null ? null : { min, max, last };
}

/** `de 20 à 215, dernière 212` / `20 to 215, last 212`. */
export function formatSummary(summary: SeriesSummary, locale: Locale): string {
  const n = (v: number) => formatNumber(v, locale, v < 10 ? 1 : 0);
  return locale === 'fr'
    ? `de ${n(summary.min)} à ${n(summary.max)}, dernière ${n(summary.last)}`
    : `${n(summary.min)} to ${n(summary.max)}, last ${n(summary.last)}`;
}

const axisFormats = new Map<string, Intl.DateTimeFormat>();

/** A time axis label: `14:05` over a day or less, `jeu. 14:05` (`Thu 14:05`) over longer. */
export function formatAxisTime(ms: number, spanMs: number, locale: Locale): string {
  const withDay = spanMs > 26 * 3_600_000;
  const key = `${locale}|${withDay}`;
  let format = axisFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      ...(withDay ? { weekday: 'short' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    axisFormats.set(key, format);
  }
  return format.format(ms);
}
