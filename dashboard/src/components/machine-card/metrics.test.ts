import { describe, expect, it } from 'vitest';
import { keyMetrics } from './metrics.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('keyMetrics', () => {
  it('shows a printer its hotend and bed as actual / target', () => {
    const lines = keyMetrics(
      'printer',
      { hotend_temp_c: 212, hotend_target_c: 215, bed_temp_c: 60, bed_target_c: 60 },
      'fr',
    );
    expect(lines).toEqual([
      { label: 'metric.hotend', key: 'hotend_temp_c', value: `212 / 215${NBSP}°C` },
      { label: 'metric.bed', key: 'bed_temp_c', value: `60 / 60${NBSP}°C` },
    ]);
  });

  it('adds optional lines only when the machine reports them', () => {
    const lines = keyMetrics(
      'printer',
      { hotend_temp_c: 30, chamber_temp_c: 35, power_w: 240 },
      'fr',
    );
    expect(lines.map((line) => line.key)).toEqual([
      'hotend_temp_c',
      'bed_temp_c',
      'chamber_temp_c',
      'power_w',
    ]);
  });

  it('shows the second bed of a multi-bed printer when it reports one', () => {
    const lines = keyMetrics(
      'printer',
      { hotend_temp_c: 200, bed_temp_c: 60.1, bed1_temp_c: 58.2, bed1_target_c: 60 },
      'fr',
    );
    expect(lines[2]).toEqual({
      label: 'metric.bed1',
      key: 'bed1_temp_c',
      value: `58 / 60${NBSP}°C`,
    });
  });

  it('shows a printer its layer out of the job’s and the filament left, when it reports them', () => {
    const lines = keyMetrics(
      'printer',
      { hotend_temp_c: 220, layer_count: 12, layer_total_count: 1240, filament_remaining_pct: 80 },
      'fr',
    );
    expect(lines.slice(2)).toEqual([
      { label: 'metric.layer', key: 'layer_count', value: `12 / 1${NNBSP}240` },
      { label: 'metric.filament', key: 'filament_remaining_pct', value: `80${NNBSP}%` },
    ]);
  });

  it('shows a laser its power and feed, a dash for what is missing', () => {
    const lines = keyMetrics('laser', { laser_power_pct: 80 }, 'fr');
    expect(lines.map((line) => line.value)).toEqual([`80${NNBSP}%`, '—']);
  });

  it('shows a CNC its spindle speed and feed in the locale', () => {
    const lines = keyMetrics('cnc', { spindle_rpm: 12000, feed_mm_min: 1500 }, 'en');
    expect(lines.map((line) => line.value)).toEqual([`12,000${NBSP}rpm`, `1,500${NBSP}mm/min`]);
  });
});
