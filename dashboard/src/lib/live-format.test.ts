import { describe, expect, it } from 'vitest';
import { dataAgeSeconds, formatDataAge, formatSlotTime, STALE_AFTER_S } from './live-format.js';

const NBSP = '\u00a0';
const now = Date.parse('2026-12-02T10:03:10Z');

describe('formatDataAge', () => {
  it('says nothing while the data is fresh', () => {
    expect(formatDataAge('2026-12-02T10:03:00Z', now, 'fr')).toBeNull();
    const edge = new Date(now - (STALE_AFTER_S - 1) * 1000).toISOString();
    expect(formatDataAge(edge, now, 'fr')).toBeNull();
  });

  it('says how old stale data is, in French and English', () => {
    expect(formatDataAge('2026-12-02T10:00:00Z', now, 'fr')).toBe(`il y a 3${NBSP}min`);
    expect(formatDataAge('2026-12-02T10:00:00Z', now, 'en')).toBe(`3${NBSP}min ago`);
    expect(formatDataAge('2026-12-02T08:00:00Z', now, 'fr')).toBe(
      `il y a 2${NBSP}h${NBSP}03${NBSP}min`,
    );
  });

  it('reads an unreadable date as unknown and a future one as fresh', () => {
    expect(dataAgeSeconds('hier', now)).toBeNull();
    expect(formatDataAge('hier', now, 'fr')).toBeNull();
    expect(dataAgeSeconds('2026-12-02T11:00:00Z', now)).toBe(0);
  });
});

describe('formatSlotTime', () => {
  it('gives the hour alone today, the weekday with it on another day', () => {
    const tz = 'Europe/Paris';
    expect(formatSlotTime(Date.parse('2026-12-02T10:30:00Z'), now, 'fr', tz)).toBe('11:30');
    expect(formatSlotTime(Date.parse('2026-12-03T08:00:00Z'), now, 'fr', tz)).toBe('jeu. 09:00');
    expect(formatSlotTime(Date.parse('2026-12-03T08:00:00Z'), now, 'en', tz)).toBe('Thu 09:00');
  });

  it('takes the day in the workshop’s zone, not UTC', () => {
    // 23:30 UTC on the 2nd is already the 3rd in Paris.
    const late = Date.parse('2026-12-02T23:30:00Z');
    expect(formatSlotTime(late, now, 'fr', 'Europe/Paris')).toBe('jeu. 00:30');
    expect(formatSlotTime(late, now, 'fr', 'UTC')).toBe('23:30');
  });
});
