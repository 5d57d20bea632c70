/**
 * A round's utilisation, three ways, because "the machines were 40 % used" means nothing until
 * one says of what: of the time still bookable (`utilisation`, the allocator's own figure, from
 * `metrics.ts`), of the **opening hours** of the in-service machines over the period, counting
 * what was already held (`openHoursUtilisation`), and the same **per calendar week** (Monday to
 * Sunday in the site's time zone: `week:2026-12-07`), so a round over ten days does not hide an
 * empty second week behind a full first one. Pure.
 * @module
 */
import {
  HOLDING_STATUSES,
  type BookableMachine,
  type Reservation,
  type Site,
} from '../booking/model.js';
import { periodAround } from '../booking/quotas.js';
import { mergeIntervals, openIntervals, totalMs, type Interval } from '../booking/site-calendar.js';
import { formatDate, localParts } from '../booking/zoned-time.js';
import type { AllocationResult } from './types.js';

const clip = (i: Interval, w: Interval): Interval | null => {
  const start = Math.max(i.start, w.start);
  const end = Math.min(i.end, w.end);
  return end > start ? { start, end } : null;
};

/** Used ÷ open machine time in `window`: held reservations and the round's assignments, inside opening hours. */
function share(
  window: Interval,
  open: readonly Interval[],
  machines: readonly BookableMachine[],
  used: ReadonlyMap<string, readonly Interval[]>,
): number {
  const openHere = open.map((o) => clip(o, window)).filter((o) => o !== null);
  const openMs = totalMs(openHere) * machines.length;
  if (openMs <= 0) return 0;
  let usedMs = 0;
  for (const m of machines) {
    const busy = mergeIntervals(used.get(m.id) ?? []);
    for (const o of openHere)
      usedMs += totalMs(busy.map((b) => clip(b, o)).filter((b) => b !== null));
  }
  return usedMs / openMs;
}

export function roundUtilisation(args: {
  readonly site: Site;
  readonly period: Interval;
  readonly machines: readonly BookableMachine[];
  readonly held: readonly Reservation[];
  readonly result: AllocationResult;
}): Record<string, number> {
  const machines = args.machines.filter(
    (m) => m.site === args.site.id && m.status === 'in_service',
  );
  const open = openIntervals(args.site, args.period.start, args.period.end);
  const used = new Map<string, Interval[]>();
  const add = (machine: string, i: Interval) =>
    used.set(machine, [...(used.get(machine) ?? []), i]);
  for (const r of args.held)
    if (HOLDING_STATUSES.includes(r.status) || r.status === 'completed')
      add(r.machine, { start: r.start, end: r.end });
  for (const a of args.result.assignments) add(a.machine, { start: a.start, end: a.end });
  const figures: Record<string, number> = {
    openHoursUtilisation: share(args.period, open, machines, used),
  };
  for (let t = args.period.start; t < args.period.end; ) {
    const week = periodAround(t, 'week', args.site.timezone);
    const window = clip(week, args.period)!;
    figures[`week:${formatDate(localParts(week.start, args.site.timezone))}`] = share(
      window,
      open,
      machines,
      used,
    );
    t = week.end;
  }
  return figures;
}
