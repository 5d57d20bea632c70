/**
 * Which readings a card shows for each kind of machine, as data: a printer shows its temperatures,
 * a laser its power and feed, a CNC its spindle and feed. Lines marked optional only appear when
 * the machine reports them (a second hotend, a heated chamber, a power meter on the plug).
 * @module
 */
import type { MachineKind, Metrics } from '@manufacto/firmware-profiles/contract';
import {
  formatNumber,
  formatPercent,
  formatPower,
  formatRate,
  formatTemperature,
} from '../../lib/format.js';
import type { Locale } from '../../lib/locale.js';
import type { MessageKey } from '../../i18n/index.js';

interface MetricLine {
  readonly label: MessageKey;
  /** The metric whose presence decides whether an optional line shows. */
  readonly source: string;
  readonly optional?: boolean;
  readonly format: (metrics: Metrics, locale: Locale) => string;
}

const power: MetricLine = {
  label: 'metric.power',
  source: 'power_w',
  optional: true,
  format: (m, locale) => formatPower(m.power_w, locale),
};
const feed: MetricLine = {
  label: 'metric.feed',
  source: 'feed_mm_min',
  format: (m, locale) => formatRate(m.feed_mm_min, 'mm/min', locale),
};

export const KEY_METRICS: Readonly<Record<MachineKind, readonly MetricLine[]>> = {
  printer: [
    {
      label: 'metric.hotend',
      source: 'hotend_temp_c',
      format: (m, locale) => formatTemperature(m.hotend_temp_c, m.hotend_target_c, locale),
    },
    {
      label: 'metric.hotend1',
      source: 'hotend1_temp_c',
      optional: true,
      format: (m, locale) => formatTemperature(m.hotend1_temp_c, m.hotend1_target_c, locale),
    },
    {
      label: 'metric.bed',
      source: 'bed_temp_c',
      format: (m, locale) => formatTemperature(m.bed_temp_c, m.bed_target_c, locale),
    },
    {
      label: 'metric.bed1',
      source: 'bed1_temp_c',
      optional: true,
      format: (m, locale) => formatTemperature(m.bed1_temp_c, m.bed1_target_c, locale),
    },
    {
      label: 'metric.chamber',
      source: 'chamber_temp_c',
      optional: true,
      format: (m, locale) => formatTemperature(m.chamber_temp_c, m.chamber_target_c, locale),
    },
    {
      label: 'metric.layer',
      source: 'layer_count',
      optional: true,
      format: (m, locale) =>
        m.layer_total_count !== undefined
          ? `${formatNumber(m.layer_count, locale)} / ${formatNumber(m.layer_total_count, locale)}`
          : formatNumber(m.layer_count, locale),
    },
    {
      label: 'metric.filament',
      source: 'filament_remaining_pct',
      optional: true,
      format: (m, locale) => formatPercent(m.filament_remaining_pct, locale),
    },
    power,
  ],
  laser: [
    {
      label: 'metric.laserPower',
      source: 'laser_power_pct',
      format: (m, locale) => formatPercent(m.laser_power_pct, locale),
    },
    feed,
    power,
  ],
  cnc: [
    {
      label: 'metric.spindle',
      source: 'spindle_rpm',
      format: (m, locale) => formatRate(m.spindle_rpm, 'rpm', locale),
    },
    feed,
    power,
  ],
  other: [{ ...power, optional: false }],
};

export interface ShownMetric {
  readonly label: MessageKey;
  readonly key: string;
  readonly value: string;
}

/** The lines of a card's readings, formatted for the locale. */
export function keyMetrics(kind: MachineKind, metrics: Metrics, locale: Locale): ShownMetric[] {
  return KEY_METRICS[kind]
    .filter((line) => !line.optional || typeof metrics[line.source] === 'number')
    .map((line) => ({ label: line.label, key: line.source, value: line.format(metrics, locale) }));
}
