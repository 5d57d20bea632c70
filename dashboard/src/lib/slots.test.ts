import { describe, expect, it } from 'vitest';
import {
  addDays,
  inDay,
  localDate,
  slotsInAny,
  slotsInDay,
  startOfWeek,
  weekDays,
} from './slots.js';

// Times are built in local time, as the calendar works, whatever TZ the tests run in.
const at = (y: number, m: number, d: number, h = 0, min = 0) =>
  new Date(y, m - 1, d, h, min).getTime();

describe('startOfWeek and weekDays', () => {
  it('starts a week on Monday at midnight, a Sunday belonging to the week before', () => {
    expect(startOfWeek(at(2026, 12, 2, 15))).toBe(at(2026, 11, 30));
    expect(startOfWeek(at(2026, 12, 6, 23, 59))).toBe(at(2026, 11, 30));
    expect(startOfWeek(at(2026, 11, 30))).toBe(at(2026, 11, 30));
  });

  it('lists seven midnights, across a change of clock time too', () => {
    const days = weekDays(at(2026, 10, 19));
    expect(days).toHaveLength(7);
    expect(days.map((d) => new Date(d).getHours())).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(days[6]).toBe(at(2026, 10, 25));
    expect(addDays(at(2026, 10, 25), 1)).toBe(at(2026, 10, 26));
  });
});

describe('slotsInDay', () => {
  const day = at(2026, 12, 3);
  const free = [
    { start: at(2026, 12, 3, 9), end: at(2026, 12, 3, 12) },
    { start: at(2026, 12, 3, 14, 10), end: at(2026, 12, 3, 16) },
  ];

  it('offers every step where the duration fits in the free time', () => {
    const slots = slotsInDay(free, day, 60, 30, 0);
    expect(slots.map((s) => new Date(s.start).toTimeString().slice(0, 5))).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '14:30',
      '15:00',
    ]);
    expect(slots.every((s) => s.end - s.start === 3_600_000)).toBe(true);
  });

  it('offers nothing that starts before now, nor outside the day', () => {
    const slots = slotsInDay(free, day, 120, 60, at(2026, 12, 3, 9, 1));
    expect(slots.map((s) => new Date(s.start).getHours())).toEqual([10]);
    expect(slotsInDay(free, addDays(day, 1), 60, 30, 0)).toEqual([]);
  });

  it('keeps the intervals that touch a day', () => {
    expect(inDay(free, day)).toHaveLength(2);
    expect(inDay(free, addDays(day, 1))).toHaveLength(0);
  });
});

describe('slotsInAny', () => {
  const day = at(2026, 12, 3);
  const hhmm = (slots: { start: number }[]) =>
    slots.map((s) => new Date(s.start).toTimeString().slice(0, 5));

  it('offers a slot any one machine can take, each start once, and none straddling two', () => {
    const first = [{ start: at(2026, 12, 3, 9), end: at(2026, 12, 3, 10) }];
    const second = [
      { start: at(2026, 12, 3, 9), end: at(2026, 12, 3, 9, 30) },
      { start: at(2026, 12, 3, 10), end: at(2026, 12, 3, 11) },
    ];
    // 09:30–10:30 would need the first until 10:30 or the second from 09:30: neither.
    expect(hhmm(slotsInAny([first, second], day, 60, 30, 0))).toEqual(['09:00', '10:00']);
    expect(slotsInAny([], day, 60, 30, 0)).toEqual([]);
  });
});

describe('localDate', () => {
  it('names the local day as the server does', () => {
    expect(localDate(at(2026, 3, 9, 23, 30))).toBe('2026-03-09');
  });
});
