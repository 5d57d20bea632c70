import { describe, expect, it } from 'vitest';
import { instantAt, localParts, offsetAt, parseClock, parseDate } from './zoned-time.js';

const PARIS = 'Europe/Paris';

describe('zoned time', () => {
  it('reads Paris wall time in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(localParts(Date.parse('2026-01-15T08:00:00Z'), PARIS)).toMatchObject({
      year: 2026,
      month: 1,
      day: 15,
      minutes: 9 * 60,
      weekday: 4,
    });
    expect(localParts(Date.parse('2026-07-15T08:00:00Z'), PARIS)).toMatchObject({
      minutes: 10 * 60,
      weekday: 3,
    });
    expect(offsetAt(Date.parse('2026-01-15T08:00:00Z'), PARIS)).toBe(3_600_000);
    expect(offsetAt(Date.parse('2026-07-15T08:00:00Z'), PARIS)).toBe(7_200_000);
  });

  it('maps local 09:00 to 08:00Z before the spring change and 07:00Z after it (29 March 2026)', () => {
    expect(
      new Date(instantAt({ year: 2026, month: 3, day: 28 }, 9 * 60, PARIS)).toISOString(),
    ).toBe('2026-03-28T08:00:00.000Z');
    expect(
      new Date(instantAt({ year: 2026, month: 3, day: 29 }, 9 * 60, PARIS)).toISOString(),
    ).toBe('2026-03-29T07:00:00.000Z');
  });

  it('maps a wall time skipped by the spring change to one hour later, like a clock', () => {
    // 02:30 does not exist on 29 March 2026 in Paris: 03:30 CEST = 01:30Z.
    expect(new Date(instantAt({ year: 2026, month: 3, day: 29 }, 150, PARIS)).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('maps an ambiguous autumn wall time to its first occurrence, and midnight to midnight', () => {
    // 02:30 happens twice on 25 October 2026: first at 00:30Z (CEST).
    expect(new Date(instantAt({ year: 2026, month: 10, day: 25 }, 150, PARIS)).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(new Date(instantAt({ year: 2026, month: 10, day: 25 }, 1440, PARIS)).toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
    expect(new Date(instantAt({ year: 2026, month: 10, day: 25 }, 0, PARIS)).toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    );
  });

  it('refuses malformed dates and times with a message naming the text', () => {
    expect(() => parseDate('2026-02-30')).toThrow('"2026-02-30" is not a calendar date');
    expect(() => parseDate('26-2-3')).toThrow('"26-2-3" is not a date YYYY-MM-DD');
    expect(() => parseClock('25:00')).toThrow('"25:00" is not a time HH:MM');
    expect(parseClock('24:00')).toBe(1440);
  });

  it('answers from its offset cache what Intl answers, every 30 minutes over a year, in zones with odd changes', () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    const intl = (instant: number, timeZone: string) => {
      let f = formats.get(timeZone);
      if (!f)
        formats.set(
          timeZone,
          (f = new Intl.DateTimeFormat('en-US', {
            timeZone,
            hourCycle: 'h23',
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: 'numeric',
            minute: 'numeric',
            second: 'numeric',
          })),
        );
      const p: Record<string, number> = {};
      for (const x of f.formatToParts(instant)) p[x.type] = Number(x.value);
      return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - instant;
    };
    // Lord Howe moves 30 minutes, Chatham sits at +12:45, St John's at -3:30, Kathmandu at +5:45.
    const zones = [
      PARIS,
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'America/St_Johns',
      'Asia/Kathmandu',
    ];
    const wrong: string[] = [];
    for (const zone of zones) {
      for (
        let t = Date.parse('2026-01-01T00:00:00Z');
        t < Date.parse('2027-01-01T00:00:00Z');
        t += 1_800_000
      ) {
        if (offsetAt(t, zone) !== intl(t, zone)) wrong.push(`${zone} ${new Date(t).toISOString()}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // ~90,000 Intl reads for the reference: work, not a speed limit; a loaded machine needs time.
  }, 60_000);
});
