/**
 * Utilisation of a machine over a period, from its state changes: time in each state, busy and
 * running shares, and an hour × weekday heat map of running time in the site's time zone. Pure:
 * the transitions come from InfluxDB (or anywhere) as plain data.
 * @module
 */
import { MACHINE_STATES, type MachineState } from '@manufacto/firmware-profiles/contract';
import { offsetAt } from '../booking/zoned-time.js';
import type { Interval } from '../booking/site-calendar.js';

export interface StateChange {
  /** Epoch ms. */
  readonly at: number;
  readonly state: MachineState;
}

export interface Utilisation {
  readonly from: number;
  readonly to: number;
  /** Seconds in each state; time before the first known state counts as `offline`. */
  readonly seconds: Readonly<Record<MachineState, number>>;
  /** Share of the period spent preparing, running or paused. */
  readonly busyShare: number;
  /** Share of the period spent running (doing the job's work). */
  readonly runningShare: number;
  /** Seconds running per weekday (0 = Monday) and hour (0–23), in `timeZone`. */
  readonly heatmap: readonly (readonly number[])[];
  /**
   * Running time inside and outside the site's opening (staffed) hours, when they were given:
   * an overnight print runs unattended, and a share of opening hours alone would read above 100 %.
   */
  readonly staffed?: StaffedSplit | undefined;
}

export interface StaffedSplit {
  /** Seconds of opening hours in the period. */
  readonly openSeconds: number;
  readonly runningOpenSeconds: number;
  readonly runningClosedSeconds: number;
  /** Running while open ÷ opening hours: how much of the staffed time the machine worked. */
  readonly openRunningShare: number;
}

const HOUR = 3_600_000;
const BUSY: ReadonlySet<MachineState> = new Set(['preparing', 'running', 'paused']);

function weekdayHour(at: number, timeZone: string): [number, number] {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(
    parts.find((p) => p.type === 'weekday')?.value ?? 'Mon',
  );
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  return [Math.max(0, weekday), hour];
}

/**
 * `before` is the state in force at `from` (the last change before the period), if known;
 * `changes` are the changes inside [from, to), in any order.
 */
export function utilisation(
  before: MachineState | undefined,
  changes: readonly StateChange[],
  from: number,
  to: number,
  /** The machine's site's zone: there is no default, a workshop in Lyon and one in Nouméa differ. */
  timeZone: string,
  /** The site's opening hours inside the period (sorted, disjoint), to split running time. */
  open?: readonly Interval[],
): Utilisation {
  const seconds = Object.fromEntries(MACHINE_STATES.map((s) => [s, 0])) as Record<
    MachineState,
    number
  >;
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const sorted = changes.filter((c) => c.at >= from && c.at < to).sort((a, b) => a.at - b.at);
  let state: MachineState = before ?? 'offline';
  let cursor = from;
  let runningOpenMs = 0;
  const credit = (until: number) => {
    if (until <= cursor) return;
    seconds[state] += (until - cursor) / 1000;
    if (state === 'running' && open)
      for (const i of open)
        runningOpenMs += Math.max(0, Math.min(until, i.end) - Math.max(cursor, i.start));
    if (state === 'running') {
      // Split at local hour boundaries (a zone may be off UTC by half an hour: Asia/Kolkata).
      for (let t = cursor; t < until; ) {
        const local = t + offsetAt(t, timeZone);
        const next = Math.min(until, t + HOUR - (((local % HOUR) + HOUR) % HOUR));
        const [day, hour] = weekdayHour(t, timeZone);
        (heatmap[day] as number[])[hour] =
          ((heatmap[day] as number[])[hour] as number) + (next - t) / 1000;
        t = next;
      }
    }
    cursor = until;
  };
  for (const change of sorted) {
    credit(change.at);
    state = change.state;
  }
  credit(to);
  const total = Math.max(1, (to - from) / 1000);
  const busy = [...BUSY].reduce((n, s) => n + seconds[s], 0);
  return {
    from,
    to,
    seconds,
    busyShare: busy / total,
    runningShare: seconds.running / total,
    heatmap,
    ...(open ? { staffed: staffedSplit(open, from, to, runningOpenMs, seconds.running) } : {}),
  };
}

function staffedSplit(
  open: readonly Interval[],
  from: number,
  to: number,
  runningOpenMs: number,
  runningSeconds: number,
): StaffedSplit {
  const openMs = open.reduce(
    (s, i) => s + Math.max(0, Math.min(to, i.end) - Math.max(from, i.start)),
    0,
  );
  return {
    openSeconds: openMs / 1000,
    runningOpenSeconds: runningOpenMs / 1000,
    runningClosedSeconds: runningSeconds - runningOpenMs / 1000,
    openRunningShare: openMs > 0 ? runningOpenMs / openMs : 0,
  };
}

/**
 * A machine group's figures ("the four Prusa MK4"): its machines' seconds, opening hours and heat
 * maps added up (their site's zone is the same), the shares of the group's machine-time (four
 * machines over a week: four machine-weeks).
 */
export function groupFigures(each: readonly Utilisation[]) {
  const seconds = Object.fromEntries(
    MACHINE_STATES.map((s) => [s, each.reduce((n, u) => n + u.seconds[s], 0)]),
  ) as Record<MachineState, number>;
  const total = each.reduce((n, u) => n + (u.to - u.from) / 1000, 0) || 1;
  const sum = (k: 'openSeconds' | 'runningOpenSeconds' | 'runningClosedSeconds') =>
    each.reduce((n, u) => n + (u.staffed?.[k] ?? 0), 0);
  const openSeconds = sum('openSeconds');
  const heatmap = Array.from({ length: 7 }, (_, day) =>
    Array.from({ length: 24 }, (_, hour) =>
      each.reduce((n, u) => n + (u.heatmap[day]?.[hour] ?? 0), 0),
    ),
  );
  return {
    seconds,
    heatmap,
    busyShare: (seconds.preparing + seconds.running + seconds.paused) / total,
    runningShare: seconds.running / total,
    staffed: {
      openSeconds,
      runningOpenSeconds: sum('runningOpenSeconds'),
      runningClosedSeconds: sum('runningClosedSeconds'),
      openRunningShare: openSeconds > 0 ? sum('runningOpenSeconds') / openSeconds : 0,
    },
  };
}
