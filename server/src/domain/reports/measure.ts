/**
 * The raw measures of one period, before any wording or suppression: per machine the hours (split
 * at the edges), opening hours, the opening hours in use, reservations booked, no-shows, early
 * releases, energy; and the people served with their facts. The engine runs it for the period
 * and for the one before.
 * @module
 */
import { mergeIntervals, openIntervals, type Interval } from '../booking/site-calendar.js';
import { territoryClass, type TerritoryClass } from './facts.js';
import { partIn } from './split.js';
import type { ReportInput, ReportSession } from './types.js';

export const EARLY_RELEASE_MS = 15 * 60_000;
const BOOKED: ReadonlySet<string> = new Set(['confirmed', 'completed', 'no_show']);

export interface MachineMeasure {
  sessions: number;
  wallS: number;
  activeS: number;
  openMs: number;
  usedOpenMs: number;
  bookedMs: number;
  usedOfBookedS: number;
  walkInS: number;
  unattributedS: number;
  noShows: number;
  earlyReleases: number;
  cancellations: number;
  energyWh: number;
  /** Wall seconds of sessions that measure energy. */
  energyWallS: number;
}

export interface PeriodMeasure {
  readonly machines: Map<string, MachineMeasure>;
  /** Member id → served in the period. */
  readonly artisans: Set<string>;
  readonly organisations: Set<string>;
  readonly newArtisans: Set<string>;
  /** Training id → grants in the period. */
  readonly trainings: Map<string, number>;
}

const empty = (): MachineMeasure => ({
  sessions: 0,
  wallS: 0,
  activeS: 0,
  openMs: 0,
  usedOpenMs: 0,
  bookedMs: 0,
  usedOfBookedS: 0,
  walkInS: 0,
  unattributedS: 0,
  noShows: 0,
  earlyReleases: 0,
  cancellations: 0,
  energyWh: 0,
  energyWallS: 0,
});

/** Total length of the overlap of two sorted, merged interval lists. */
function overlapMs(a: readonly Interval[], b: readonly Interval[]): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const s = Math.max(x.start, y.start);
    const e = Math.min(x.end, y.end);
    if (e > s) sum += e - s;
    if (x.end < y.end) i++;
    else j++;
  }
  return sum;
}

export function measurePeriod(input: ReportInput, period: Interval): PeriodMeasure {
  const machines = new Map(input.machines.map((m) => [m.id, empty()]));
  const machineSite = new Map(input.machines.map((m) => [m.id, m.site]));
  const open = new Map(input.sites.map((s) => [s.id, openIntervals(s, period.start, period.end)]));
  const used = new Map<string, Interval[]>();
  const artisans = new Set<string>();
  const byReservation = new Map<string, ReportSession[]>();

  for (const s of input.sessions) {
    const m = machines.get(s.machine);
    if (!m) continue;
    if (s.reservation !== null) {
      const list = byReservation.get(s.reservation);
      if (list) list.push(s);
      else byReservation.set(s.reservation, [s]);
    }
    const part = partIn(s, period);
    if (!part) continue;
    m.sessions++;
    m.wallS += part.wallSeconds;
    m.activeS += part.activeSeconds;
    if (part.energyWh !== null) {
      m.energyWh += part.energyWh;
      m.energyWallS += part.wallSeconds;
    }
    if (s.reservation !== null) m.usedOfBookedS += part.wallSeconds;
    else m.walkInS += part.wallSeconds;
    if (s.member === null) m.unattributedS += part.wallSeconds;
    else artisans.add(s.member);
    if (part.end > part.start) {
      const list = used.get(s.machine);
      if (list) list.push({ start: part.start, end: part.end });
      else used.set(s.machine, [{ start: part.start, end: part.end }]);
    }
  }

  for (const [id, m] of machines) {
    const siteOpen = open.get(machineSite.get(id)!) ?? [];
    m.openMs = siteOpen.reduce((s, i) => s + (i.end - i.start), 0);
    m.usedOpenMs = overlapMs(mergeIntervals(used.get(id) ?? []), siteOpen);
  }

  for (const r of input.reservations) {
    const m = machines.get(r.machine);
    if (!m) continue;
    if (BOOKED.has(r.status)) {
      const ms = Math.min(r.end, period.end) - Math.max(r.start, period.start);
      if (ms > 0) m.bookedMs += ms;
    }
    if (r.start < period.start || r.start >= period.end) continue;
    if (r.status === 'no_show') m.noShows++;
    if (r.status === 'cancelled') m.cancellations++;
    if (r.releasedAt != null && r.releasedAt < r.end) m.earlyReleases++;
    else if (r.status === 'completed' || r.status === 'confirmed') {
      // Before the schedule keeper recorded releases, the measured use tells.
      const uses = byReservation.get(r.id);
      if (uses && uses.length > 0) {
        const lastEnd = Math.max(...uses.map((u) => u.end));
        if (lastEnd <= r.end - EARLY_RELEASE_MS) m.earlyReleases++;
      }
    }
  }

  const organisations = new Set<string>();
  for (const a of artisans) {
    const org = input.members.get(a)?.organisation;
    if (org) organisations.add(org);
  }
  const newArtisans = new Set<string>();
  for (const [member, first] of input.firstUse) {
    if (first >= period.start && first < period.end) newArtisans.add(member);
  }
  const required = new Set(input.machines.flatMap((m) => (m.training ? [m.training] : [])));
  const trainings = new Map<string, number>();
  for (const g of input.grants) {
    if (!required.has(g.training) || g.grantedAt < period.start || g.grantedAt >= period.end)
      continue;
    trainings.set(g.training, (trainings.get(g.training) ?? 0) + 1);
  }
  return { machines, artisans, organisations, newArtisans, trainings };
}

/** The territory an artisan counts under: their own when given, else their organisation's. */
export function artisanTerritory(input: ReportInput, member: string): TerritoryClass {
  const m = input.members.get(member);
  const own = m?.facts?.territory;
  if (own) return territoryClass(own);
  const org = m?.organisation ? input.organisations.get(m.organisation) : undefined;
  return territoryClass(org?.territory);
}
