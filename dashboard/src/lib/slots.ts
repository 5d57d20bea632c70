/**
 * Week calendar arithmetic, pure: the Monday a week starts on, its seven days, and the slots one
 * can pick inside the server's free time (`GET /api/machines/{id}/availability`). Days are the
 * browser's local days (the workshop's, for the people booking in it).
 * @module
 */

export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Midnight of the Monday of the week holding `ms`, local time. */
export function startOfWeek(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  const fromMonday = (d.getDay() + 6) % 7;
  d.setDate(d.getDate() - fromMonday);
  return d.getTime();
}

/** Midnight `days` days after the midnight `day` (23 or 25 hours across a DST change). */
export function addDays(day: number, days: number): number {
  const d = new Date(day);
  d.setDate(d.getDate() + days);
  return d.getTime();
}

/** `2026-12-08`: the local date of a day (as the server names days: closed days, closures). */
export function localDate(day: number): string {
  const d = new Date(day);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The seven midnights of the week starting at `monday`. */
export function weekDays(monday: number): number[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/**
 * Starts every `stepMin` minutes (counted from midnight) where `durationMin` fits in the free time
 * of the day starting at `day`, none before `now`.
 *
 * @example slotsInDay([{ start: nine, end: noon }], midnight, 60, 30, 0).length // 5: 9:00 … 11:00
 */
export function slotsInDay(
  free: readonly Interval[],
  day: number,
  durationMin: number,
  stepMin: number,
  now: number,
): Interval[] {
  const dayEnd = addDays(day, 1);
  const step = stepMin * 60_000;
  const length = durationMin * 60_000;
  const slots: Interval[] = [];
  for (const interval of free) {
    const from = Math.max(interval.start, day, now);
    const to = Math.min(interval.end, dayEnd);
    let start = day + Math.ceil((from - day) / step) * step;
    while (start + length <= to) {
      slots.push({ start, end: start + length });
      start += step;
    }
  }
  return slots;
}

/**
 * The slots any one of several machines can take (each machine's free time on its own: a slot
 * half on one printer and half on another is no slot), in time order, each start once.
 */
export function slotsInAny(
  frees: readonly (readonly Interval[])[],
  day: number,
  durationMin: number,
  stepMin: number,
  now: number,
): Interval[] {
  const byStart = new Map<number, Interval>();
  for (const free of frees)
    for (const slot of slotsInDay(free, day, durationMin, stepMin, now))
      byStart.set(slot.start, slot);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** The parts of `intervals` that fall in the day starting at `day`. */
export function inDay<T extends Interval>(intervals: readonly T[], day: number): T[] {
  const dayEnd = addDays(day, 1);
  return intervals.filter((i) => i.start < dayEnd && i.end > day);
}
