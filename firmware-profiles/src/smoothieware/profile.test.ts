import { describe, expect, it } from 'vitest';
import { grblProfile } from '../grbl/profile.js';
import { smoothiewareProfile } from './profile.js';

describe('Smoothieware profile', () => {
  it('identifies Smoothieware from its version answer, which GRBL leaves alone', () => {
    const line =
      'Build version: edge-9fac8fc, Build date: Mar 21 2023 10:24:49, MCU: LPC1768, System Clock: 100MHz';
    expect(smoothiewareProfile.identify(line)).toEqual({
      profile: 'smoothieware',
      firmware: 'Smoothieware edge-9fac8fc',
    });
    expect(grblProfile.identify(line)).toBeNull();
    expect(smoothiewareProfile.identifyCommand).toBe('version');
  });

  it('reads the newer pipe-separated reports like GRBL', () => {
    expect(
      smoothiewareProfile.parse(
        '<Run|MPos:1.0000,2.0000,0.0000|WPos:1.0000,2.0000,0.0000|F:4000.0,100.0>',
      ),
    ).toMatchObject({ kind: 'status', state: 'Run', feed: 4000 });
  });

  it('ends a job cut by a halt as failed, with the halt in the reason', () => {
    let model = smoothiewareProfile.initialModel();
    const notices = [];
    for (const line of [
      '<Run,MPos:1.000,0.000,0.000,WPos:1.000,0.000,0.000>',
      'Limit switch min_x was hit - reset or M999 required',
      '!!',
    ]) {
      const r = smoothiewareProfile.reduce(model, smoothiewareProfile.parse(line), 0);
      model = r.model;
      notices.push(...r.notices);
    }
    expect(notices.filter((n) => n.type === 'job_outcome')).toEqual([
      {
        type: 'job_outcome',
        outcome: 'failed',
        reason: 'Machine arrêtée : Limit switch min_x was hit (réinitialiser ou M999)',
      },
    ]);
    expect(smoothiewareProfile.snapshot(model)).toMatchObject({
      state: 'error',
      reason: 'Machine arrêtée : Limit switch min_x was hit (réinitialiser ou M999)',
    });
  });
});
