/**
 * The common metrics, one description per field (unit and kind), in the manner of
 * Home Assistant's sensor descriptions. A profile may publish other numeric fields
 * (same naming rule); these are the ones every consumer can rely on.
 * @module
 */

export type MetricKind = 'gauge' | 'counter' | 'total_increasing';

export interface MetricDescription {
  readonly unit: string;
  readonly kind: MetricKind;
  /** French first, then English: shown in the dashboard and the README. */
  readonly label: { readonly fr: string; readonly en: string };
}

/** Metric keys are snake_case and end with their unit so that a raw payload reads by itself. */
export const METRIC_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export const METRICS = {
  hotend_temp_c: { unit: '°C', kind: 'gauge', label: { fr: 'Buse', en: 'Hotend' } },
  hotend_target_c: {
    unit: '°C',
    kind: 'gauge',
    label: { fr: 'Buse (consigne)', en: 'Hotend target' },
  },
  hotend1_temp_c: { unit: '°C', kind: 'gauge', label: { fr: 'Buse 2', en: 'Hotend 2' } },
  hotend1_target_c: {
    unit: '°C',
    kind: 'gauge',
    label: { fr: 'Buse 2 (consigne)', en: 'Hotend 2 target' },
  },
  bed_temp_c: { unit: '°C', kind: 'gauge', label: { fr: 'Plateau', en: 'Bed' } },
  bed_target_c: {
    unit: '°C',
    kind: 'gauge',
    label: { fr: 'Plateau (consigne)', en: 'Bed target' },
  },
  /** A second bed of a multi-bed build (Marlin `B1:`; the first, `B0:`, is `bed_temp_c`). */
  bed1_temp_c: { unit: '°C', kind: 'gauge', label: { fr: 'Plateau 2', en: 'Bed 2' } },
  bed1_target_c: {
    unit: '°C',
    kind: 'gauge',
    label: { fr: 'Plateau 2 (consigne)', en: 'Bed 2 target' },
  },
  chamber_temp_c: { unit: '°C', kind: 'gauge', label: { fr: 'Caisson', en: 'Chamber' } },
  chamber_target_c: {
    unit: '°C',
    kind: 'gauge',
    label: { fr: 'Caisson (consigne)', en: 'Chamber target' },
  },
  progress_pct: { unit: '%', kind: 'gauge', label: { fr: 'Avancement', en: 'Progress' } },
  time_left_s: { unit: 's', kind: 'gauge', label: { fr: 'Temps restant', en: 'Time left' } },
  elapsed_s: { unit: 's', kind: 'gauge', label: { fr: 'Temps écoulé', en: 'Elapsed' } },
  feed_mm_min: { unit: 'mm/min', kind: 'gauge', label: { fr: 'Avance', en: 'Feed rate' } },
  spindle_rpm: { unit: 'rpm', kind: 'gauge', label: { fr: 'Broche', en: 'Spindle' } },
  laser_power_pct: {
    unit: '%',
    kind: 'gauge',
    label: { fr: 'Puissance laser', en: 'Laser power' },
  },
  feed_override_pct: {
    unit: '%',
    kind: 'gauge',
    label: { fr: 'Correction avance', en: 'Feed override' },
  },
  spindle_override_pct: {
    unit: '%',
    kind: 'gauge',
    label: { fr: 'Correction broche', en: 'Spindle override' },
  },
  pos_x_mm: { unit: 'mm', kind: 'gauge', label: { fr: 'Position X', en: 'X position' } },
  pos_y_mm: { unit: 'mm', kind: 'gauge', label: { fr: 'Position Y', en: 'Y position' } },
  pos_z_mm: { unit: 'mm', kind: 'gauge', label: { fr: 'Position Z', en: 'Z position' } },
  /** The layer being printed (Bambu `layer_num`, Klipper `print_stats.info.current_layer`). */
  layer_count: { unit: '', kind: 'gauge', label: { fr: 'Couche', en: 'Layer' } },
  /** The job's layers (Bambu `total_layer_num`, Klipper `print_stats.info.total_layer`). */
  layer_total_count: {
    unit: '',
    kind: 'gauge',
    label: { fr: 'Couches au total', en: 'Total layers' },
  },
  /** Filament left on the active spool (Bambu AMS `remain`, with a spool the AMS knows). */
  filament_remaining_pct: {
    unit: '%',
    kind: 'gauge',
    label: { fr: 'Filament restant', en: 'Filament left' },
  },
  power_w: { unit: 'W', kind: 'gauge', label: { fr: 'Puissance électrique', en: 'Power' } },
  energy_wh: { unit: 'Wh', kind: 'total_increasing', label: { fr: 'Énergie', en: 'Energy' } },
  /** Lines garbled on the serial link since the gateway started (checksum, line number). */
  link_errors_total: {
    unit: '',
    kind: 'total_increasing',
    label: { fr: 'Erreurs de liaison série', en: 'Serial link errors' },
  },
} as const satisfies Record<string, MetricDescription>;

export type KnownMetric = keyof typeof METRICS;

/** A set of readings: known keys are typed, others are allowed if they follow the naming rule. */
export type Metrics = Partial<Record<KnownMetric, number>> & Record<string, number>;
