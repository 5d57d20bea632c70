import { describe, expect, it } from 'vitest';
import {
  initialPowerState,
  type PowerState,
  type PowerThresholds,
  powerStep,
  powerThresholdProblems,
} from './detector.js';

const laser: PowerThresholds = {
  idleBelowW: 60,
  workingAboveW: 250,
  startAfterSeconds: 3,
  endAfterSeconds: 30,
};

/** Feeds `[seconds, watts]` readings and returns the phase after each. */
function run(readings: Array<[number, number | undefined]>, t = laser): PowerState[] {
  let state = initialPowerState;
  return readings.map(([s, w]) => {
    state = powerStep(state, w, s * 1000, t);
    return state;
  });
}

describe('power usage detector', () => {
  it('starts a job only once the draw has stayed above the working threshold long enough', () => {
    const phases = run([
      [0, 30],
      [1, 800], // the tube fires
      [2, 40], // a blip: not a job
      [10, 700],
      [12, 720],
      [13, 710],
    ]).map((s) => s.phase);
    expect(phases).toEqual(['idle', 'idle', 'idle', 'idle', 'idle', 'working']);
  });

  it('dates the job from the first crossing, not from the confirmation, through its pauses', () => {
    const states = run([
      [0, 30],
      [10, 800], // the crossing
      [13, 790], // confirmed: the job began at 10 s
      [20, 40], // a pause
      [25, 800],
      [60, 30],
      [95, undefined], // the pause ran out: idle, no job
    ]);
    expect(states.map((s) => s.workingSince)).toEqual([
      undefined,
      undefined,
      10_000,
      10_000,
      10_000,
      10_000,
      undefined,
    ]);
  });

  it('a clock tick starts the job when the meter reports only on change', () => {
    const phases = run([
      [0, 800],
      [4, undefined],
    ]).map((s) => s.phase);
    expect(phases).toEqual(['idle', 'working']);
  });

  it('a drop is a pause until it lasts endAfterSeconds; a return within it is the same job', () => {
    const phases = run([
      [0, 800],
      [3, 800],
      [10, 40], // between two cuts
      [25, 800],
      [30, 30],
      [59, undefined],
      [60, undefined],
    ]).map((s) => s.phase);
    expect(phases).toEqual(['idle', 'working', 'pausing', 'working', 'pausing', 'pausing', 'idle']);
  });

  it('a draw in the band between the thresholds changes nothing (hysteresis)', () => {
    const phases = run([
      [0, 800],
      [3, 800],
      [5, 150], // engraving at low power: still working
      [50, 150],
      [51, 30],
      [60, 150], // still pausing: the band is not working power
      [81, undefined],
    ]).map((s) => s.phase);
    expect(phases).toEqual(['idle', 'working', 'working', 'working', 'pausing', 'pausing', 'idle']);
    // And from idle, the band does not start a job however long it lasts.
    expect(
      run([
        [0, 150],
        [100, 150],
      ]).map((s) => s.phase),
    ).toEqual(['idle', 'idle']);
  });

  it('refuses thresholds without a band between them', () => {
    expect(powerThresholdProblems({ ...laser, workingAboveW: 50 })).toEqual([
      'workingAboveW (50 W) must be above idleBelowW (60 W): the band between them is the hysteresis',
    ]);
    expect(powerThresholdProblems(laser)).toEqual([]);
  });
});
