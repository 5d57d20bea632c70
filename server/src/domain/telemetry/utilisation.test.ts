import { describe, expect, it } from 'vitest';
import { groupFigures, utilisation } from './utilisation.js';

const at = (iso: string) => Date.parse(iso);

describe('utilisation', () => {
  it('adds up the time in each state, starting from the state in force before the period', () => {
    const u = utilisation(
      'idle',
      [
        { at: at('2026-11-23T09:00:00Z'), state: 'running' },
        { at: at('2026-11-23T10:30:00Z'), state: 'paused' },
        { at: at('2026-11-23T11:00:00Z'), state: 'idle' },
      ],
      at('2026-11-23T08:00:00Z'),
      at('2026-11-23T12:00:00Z'),
      'Europe/Paris',
    );
    expect(u.seconds).toMatchObject({ idle: 7200, running: 5400, paused: 1800, offline: 0 });
    expect(u.busyShare).toBeCloseTo(0.5);
    expect(u.runningShare).toBeCloseTo(0.375);
  });

  it('counts the time before anything is known as offline, and ignores changes outside the period', () => {
    const u = utilisation(
      undefined,
      [
        { at: at('2026-11-23T07:00:00Z'), state: 'running' },
        { at: at('2026-11-23T09:00:00Z'), state: 'idle' },
      ],
      at('2026-11-23T08:00:00Z'),
      at('2026-11-23T10:00:00Z'),
      'Europe/Paris',
    );
    expect(u.seconds).toMatchObject({ offline: 3600, idle: 3600, running: 0 });
  });

  it('puts running time in the heat map at the local hour and weekday, across a DST change', () => {
    // Monday 23 Nov 2026, 09:30–10:30 UTC = 10:30–11:30 in Paris (UTC+1).
    const u = utilisation(
      'running',
      [{ at: at('2026-11-23T10:30:00Z'), state: 'idle' }],
      at('2026-11-23T09:30:00Z'),
      at('2026-11-23T11:00:00Z'),
      'Europe/Paris',
    );
    expect(u.heatmap[0]?.[10]).toBe(1800);
    expect(u.heatmap[0]?.[11]).toBe(1800);
    // Sunday 25 Oct 2026, clocks go back at 03:00 Paris: 00:30–01:30 UTC = 02:30 CEST to 02:30 CET.
    const dst = utilisation(
      'running',
      [],
      at('2026-10-25T00:30:00Z'),
      at('2026-10-25T01:30:00Z'),
      'Europe/Paris',
    );
    expect(dst.heatmap[6]?.[2]).toBe(3600);
  });

  it('reads hours and weekdays in the zone given, half-hour offsets included', () => {
    // Defect 9: Europe/Paris was assumed. 22:00–23:00 UTC on Sunday 22 Nov is Monday 03:30–04:30 in Kolkata.
    const u = utilisation(
      'running',
      [],
      at('2026-11-22T22:00:00Z'),
      at('2026-11-22T23:00:00Z'),
      'Asia/Kolkata',
    );
    expect(u.heatmap[0]?.[3]).toBe(1800);
    expect(u.heatmap[0]?.[4]).toBe(1800);
    const paris = utilisation(
      'running',
      [],
      at('2026-11-22T22:00:00Z'),
      at('2026-11-22T23:00:00Z'),
      'Europe/Paris',
    );
    expect(paris.heatmap[6]?.[23]).toBe(3600);
  });
});

describe('utilisation and opening hours', () => {
  it('splits an overnight print into staffed and unattended running, the staffed share within 100 %', () => {
    // Monday 9–18 and Tuesday 9–18 open (Paris, UTC+1); a print runs Monday 16:00 → Tuesday 12:00.
    const open = [
      { start: at('2026-11-23T08:00:00Z'), end: at('2026-11-23T17:00:00Z') },
      { start: at('2026-11-24T08:00:00Z'), end: at('2026-11-24T17:00:00Z') },
    ];
    const u = utilisation(
      'idle',
      [
        { at: at('2026-11-23T15:00:00Z'), state: 'running' },
        { at: at('2026-11-24T11:00:00Z'), state: 'idle' },
      ],
      at('2026-11-23T00:00:00Z'),
      at('2026-11-25T00:00:00Z'),
      'Europe/Paris',
      open,
    );
    expect(u.seconds.running).toBe(20 * 3600);
    expect(u.staffed).toEqual({
      openSeconds: 18 * 3600,
      runningOpenSeconds: 5 * 3600,
      runningClosedSeconds: 15 * 3600,
      openRunningShare: 5 / 18,
    });
    expect(
      utilisation('idle', [], at('2026-11-23T00:00:00Z'), at('2026-11-24T00:00:00Z'), 'UTC')
        .staffed,
    ).toBeUndefined();
  });
});

describe('a machine group’s utilisation', () => {
  it('adds its machines up and shares of the group’s machine-time', () => {
    const from = at('2026-11-23T00:00:00Z');
    const to = at('2026-11-24T00:00:00Z');
    const open = [{ start: at('2026-11-23T08:00:00Z'), end: at('2026-11-23T17:00:00Z') }];
    const busy = utilisation(
      'idle',
      [
        { at: at('2026-11-23T15:00:00Z'), state: 'running' },
        { at: at('2026-11-23T21:00:00Z'), state: 'idle' },
      ],
      from,
      to,
      'Europe/Paris',
      open,
    );
    const idle = utilisation('idle', [], from, to, 'Europe/Paris', open);
    const g = groupFigures([busy, idle]);
    expect(g.seconds.running).toBe(6 * 3600);
    expect(g.runningShare).toBeCloseTo(6 / 48);
    // 15:00–21:00 UTC is 16:00–22:00 in Paris, on a Monday (row 0).
    expect(g.heatmap[0]?.slice(15, 23)).toEqual([0, 3600, 3600, 3600, 3600, 3600, 3600, 0]);
    expect(g.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(6 * 3600);
    expect(g.staffed).toEqual({
      openSeconds: 18 * 3600,
      runningOpenSeconds: 2 * 3600,
      runningClosedSeconds: 4 * 3600,
      openRunningShare: 2 / 18,
    });
  });
});
