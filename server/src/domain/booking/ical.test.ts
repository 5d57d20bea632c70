import { describe, expect, it } from 'vitest';
import { foldLine, icalendar } from './ical.js';

describe('iCalendar feed', () => {
  it('writes events in UTC with escaped text and CRLF line ends', () => {
    const text = icalendar(
      'Laser CO₂',
      [
        {
          uid: 'r1@manufacto',
          start: Date.parse('2026-12-02T09:00:00Z'),
          end: Date.parse('2026-12-02T11:00:00Z'),
          summary: 'Découpe laser; plaques, 3 mm',
          status: 'CONFIRMED',
          updatedAt: Date.parse('2026-11-30T10:00:00Z'),
        },
      ],
      Date.parse('2026-12-01T07:00:00Z'),
    );
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text).toContain('\r\nDTSTART:20261202T090000Z\r\nDTEND:20261202T110000Z\r\n');
    expect(text).toContain('SUMMARY:Découpe laser\\; plaques\\, 3 mm\r\n');
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    for (const part of folded.split('\r\n'))
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });
});
