import { describe, expect, it } from 'vitest';
import { drawnFields, formatAxisTime, formatSummary, summarise, unitOf } from './history-series.js';

describe('the readings chart’s helpers', () => {
  it('knows a metric’s unit by its name', () => {
    expect(unitOf('hotend_temp_c')).toBe('°C');
    expect(unitOf('power_w')).toBe('W');
    expect(unitOf('laser_power_pct')).toBe('%');
    expect(unitOf('spindle_rpm')).toBe('rpm');
    expect(unitOf('feed_mm_min')).toBe('mm/min');
    expect(unitOf('pos_x')).toBe('');
  });

  it('draws only the fields with a reading', () => {
    expect(
      drawnFields({ hotend_temp_c: [null, 20], power_w: [null, null], bed_temp_c: [] }),
    ).toEqual(['hotend_temp_c']);
  });

  it('sums a series up in words, skipping the steps without a reading', () => {
    const summary = summarise([null, 20, 215.4, null, 212]);
    expect(summary).toEqual({ min: 20, max: 215.4, last: 212 });
    expect(formatSummary(summary!, 'fr')).toBe('de 20 à 215, dernière 212');
    expect(formatSummary({ min: 0.25, max: 1500, last: 1200 }, 'en')).toBe(
      '0.3 to 1,500, last 1,200',
    );
    expect(summarise([null, null])).toBeNull();
  });

  it('labels the time axis with the weekday only over more than a day', () => {
    const ms = new Date(2026, 11, 3, 14, 5).getTime();
    expect(formatAxisTime(ms, 6 * 3_600_000, 'fr')).toBe('14:05');
    expect(formatAxisTime(ms, 7 * 86_400_000, 'fr')).toBe('jeu. 14:05');
    expect(formatAxisTime(ms, 7 * 86_400_000, 'en')).toBe('Thu 14:05');
  });
});
