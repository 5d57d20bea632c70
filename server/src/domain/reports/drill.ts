/**
 * From a figure down to the usage sessions behind it (managers only): the sessions with a part in
 * the period, on one machine or one kind, and the hours each brings once split at the edges.
 * Pure: the same filter that the engine's rows name in their `drill`.
 * @module
 */
import { partIn } from './split.js';
import type { ReportMachine, ReportSession } from './types.js';
import type { Interval } from '../booking/site-calendar.js';

export interface DrillFilter {
  readonly machine?: string | undefined;
  readonly kind?: string | undefined;
}

export interface DrilledSession {
  readonly session: ReportSession;
  /** Wall and active hours inside the period. */
  readonly wallHours: number;
  readonly activeHours: number;
  /** Share of the session inside the period, 0–1. */
  readonly share: number;
}

export function sessionsBehind(
  sessions: readonly ReportSession[],
  machines: readonly ReportMachine[],
  period: Interval,
  filter: DrillFilter,
): DrilledSession[] {
  const wanted = new Set(
    machines
      .filter(
        (m) =>
          (filter.machine === undefined || m.id === filter.machine) &&
          (filter.kind === undefined || m.kind === filter.kind),
      )
      .map((m) => m.id),
  );
  const out: DrilledSession[] = [];
  for (const s of sessions) {
    if (!wanted.has(s.machine)) continue;
    const part = partIn(s, period);
    if (!part) continue;
    out.push({
      session: s,
      wallHours: part.wallSeconds / 3600,
      activeHours: part.activeSeconds / 3600,
      share: part.share,
    });
  }
  return out.sort((a, b) => a.session.start - b.session.start);
}
