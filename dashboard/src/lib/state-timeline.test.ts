import { describe, expect, it } from 'vitest';
import { secondsByState, stateSegments } from './state-timeline.js';

const from = Date.parse('2026-12-02T09:00:00Z');
const to = Date.parse('2026-12-02T10:00:00Z');
const at = (minutes: number) => new Date(from + minutes * 60_000).toISOString();

describe('stateSegments', () => {
  it('runs each state from its change to the next, the last one to the end of the range', () => {
    const segments = stateSegments(
      'idle',
      [
        { at: at(10), state: 'running' },
        { at: at(40), state: 'idle' },
      ],
      from,
      to,
    );
    expect(segments).toEqual([
      { state: 'idle', start: from, end: from + 10 * 60_000 },
      { state: 'running', start: from + 10 * 60_000, end: from + 40 * 60_000 },
      { state: 'idle', start: from + 40 * 60_000, end: to },
    ]);
    expect(secondsByState(segments).get('idle')).toBe(30 * 60);
  });

  it('merges repeated states and starts at the first change when nothing was known before', () => {
    const segments = stateSegments(
      null,
      [
        { at: at(20), state: 'running' },
        { at: at(30), state: 'running' },
        { at: at(50), state: 'error' },
      ],
      from,
      to,
    );
    expect(segments.map((s) => [s.state, (s.end - s.start) / 60_000])).toEqual([
      ['running', 30],
      ['error', 10],
    ]);
  });

  it('ignores changes after the range and unreadable dates', () => {
    const segments = stateSegments(
      'offline',
      [
        { at: 'hier', state: 'running' },
        { at: at(90), state: 'idle' },
      ],
      from,
      to,
    );
    expect(segments).toEqual([{ state: 'offline', start: from, end: to }]);
  });
});
