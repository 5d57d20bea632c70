/**
 * The usage detector of machines that say nothing themselves (a CO2 laser on a Ruida controller, an
 * old router): a smart plug or a current clamp measures their draw, and the draw says when they
 * work. Pure: readings in, phase out, the clock comes with every call.
 *
 * Per machine, two thresholds with a band between them (hysteresis: a draw in the band changes
 * nothing), and two durations: the draw must stay above `workingAboveW` for `startAfterSeconds`
 * before the machine counts as working (a tube's warm-up blip or the extraction fan starting is not
 * a job), and a drop below `idleBelowW` is a pause until it has lasted `endAfterSeconds` (a laser
 * between two cuts of one job, a sheet being turned over). The gateway's tracker uses that second
 * duration as the job's end grace, so the job ends when the draw dropped, not when the wait ran out.
 * @module
 */

export interface PowerThresholds {
  /** At or below this draw the machine is idle (on, not working): a laser's standby is ~20–60 W. */
  readonly idleBelowW: number;
  /** At or above this draw, sustained, the machine works: a 60 W CO2 tube's cut draws 300–900 W. */
  readonly workingAboveW: number;
  /** The draw must stay above `workingAboveW` this long before a job starts. */
  readonly startAfterSeconds: number;
  /** A drop below `idleBelowW` ends the job only once it has lasted this long. */
  readonly endAfterSeconds: number;
}

export type PowerPhase = 'idle' | 'working' | 'pausing';

export interface PowerState {
  readonly phase: PowerPhase;
  /** When the draw last rose above `workingAboveW` (and has stayed there). */
  readonly aboveSince?: number;
  /**
   * When the current job's draw first crossed `workingAboveW`: the job began then, not when
   * `startAfterSeconds` confirmed it (its first seconds are work too). Kept through pauses.
   */
  readonly workingSince?: number;
  /** When the draw fell below `idleBelowW` during a job. */
  readonly belowSince?: number;
  readonly lastWatts?: number;
}

export const initialPowerState: PowerState = { phase: 'idle' };

/**
 * One step: a reading (`watts`) at `at`, or a clock tick (`watts` undefined) that lets a pause run
 * out or a sustained draw start a job when the meter reports only on change.
 */
export function powerStep(
  state: PowerState,
  watts: number | undefined,
  at: number,
  t: PowerThresholds,
): PowerState {
  const w = watts ?? state.lastWatts;
  let { phase, aboveSince, belowSince, workingSince } = state;
  if (w !== undefined) {
    if (w >= t.workingAboveW) {
      belowSince = undefined;
      aboveSince ??= at;
      // Back above during a pause: the same job carries on at once.
      if (phase === 'pausing') phase = 'working';
      if (phase === 'idle' && at - aboveSince >= t.startAfterSeconds * 1000) {
        phase = 'working';
        workingSince = aboveSince;
      }
    } else if (w <= t.idleBelowW) {
      aboveSince = undefined;
      if (phase === 'working') {
        phase = 'pausing';
        belowSince = at;
      }
    } else {
      // In the band: not a sustained working draw, but not a drop either.
      aboveSince = undefined;
    }
  }
  if (
    phase === 'pausing' &&
    belowSince !== undefined &&
    at - belowSince >= t.endAfterSeconds * 1000
  ) {
    phase = 'idle';
    belowSince = undefined;
  }
  if (phase === 'idle') workingSince = undefined;
  return {
    phase,
    ...(aboveSince !== undefined ? { aboveSince } : {}),
    ...(workingSince !== undefined ? { workingSince } : {}),
    ...(belowSince !== undefined ? { belowSince } : {}),
    ...(w !== undefined ? { lastWatts: w } : {}),
  };
}

/** The phase in the common vocabulary: working is running, a pause within a job is paused/hold. */
export function powerSnapshotPart(state: PowerState): {
  state: 'idle' | 'running' | 'paused';
  detail?: 'hold';
  jobActive: boolean;
} {
  if (state.phase === 'working') return { state: 'running', jobActive: true };
  // jobActive is false from the drop on: the tracker's grace (endAfterSeconds) ends the job at the
  // drop if the draw does not come back.
  if (state.phase === 'pausing') return { state: 'paused', detail: 'hold', jobActive: false };
  return { state: 'idle', jobActive: false };
}

/** Checks thresholds given in a config; the problems in words, empty when fine. */
export function powerThresholdProblems(t: PowerThresholds): string[] {
  const problems: string[] = [];
  if (!(t.workingAboveW > t.idleBelowW))
    problems.push(
      `workingAboveW (${t.workingAboveW} W) must be above idleBelowW (${t.idleBelowW} W): the band between them is the hysteresis`,
    );
  return problems;
}
