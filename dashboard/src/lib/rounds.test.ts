import { describe, expect, it } from 'vitest';
import { figureKeys, sharesByMember, zonedInstant } from './rounds.js';

const req = (id: string, member: string, durationMin: number, hours: number | null) => ({
  id,
  member,
  durationMin,
  assigned:
    hours === null
      ? null
      : {
          start: '2026-12-07T09:00:00Z',
          end: new Date(Date.parse('2026-12-07T09:00:00Z') + hours * 3_600_000).toISOString(),
        },
  unassignedReason: hours === null ? 'no_capacity' : null,
});

describe('sharesByMember', () => {
  it('adds what each member asked for and gets under each proposal, least served first', () => {
    const fair = [
      req('a', 'camille', 180, 3),
      req('b', 'camille', 180, null),
      req('c', 'nadia', 180, 3),
    ];
    const fcfs = [
      req('a', 'camille', 180, 3),
      req('b', 'camille', 180, 3),
      req('c', 'nadia', 180, null),
    ];
    expect(sharesByMember(fair, fcfs)).toEqual([
      { member: 'camille', askedMin: 360, fairMin: 180, fcfsMin: 360 },
      { member: 'nadia', askedMin: 180, fairMin: 180, fcfsMin: 0 },
    ]);
  });

  it('gives nothing for no request', () => {
    expect(sharesByMember([], [])).toEqual([]);
  });
});

describe('figureKeys', () => {
  it('puts the known figures first, in order, then the weeks by date', () => {
    expect(
      figureKeys(
        { 'week:2026-12-14': 0.5, jain: 1, requests: 4, 'week:2026-12-07': 0.2 },
        { assigned: 3, somethingNew: 1 },
      ),
    ).toEqual(['requests', 'assigned', 'jain', 'week:2026-12-07', 'week:2026-12-14']);
    expect(figureKeys(null, null)).toEqual([]);
  });
});

describe('zonedInstant', () => {
  it('gives the Paris offset of that day, winter and summer', () => {
    expect(zonedInstant('2026-12-14', '09:00', 'Europe/Paris')).toBe('2026-12-14T09:00:00+01:00');
    expect(zonedInstant('2026-07-01', '18:30', 'Europe/Paris')).toBe('2026-07-01T18:30:00+02:00');
  });

  it('follows the site’s zone, west of Greenwich too', () => {
    expect(zonedInstant('2026-12-14', '00:00', 'America/Montreal')).toBe(
      '2026-12-14T00:00:00-05:00',
    );
    expect(Date.parse(zonedInstant('2026-03-29', '03:30', 'Europe/Paris'))).toBe(
      Date.parse('2026-03-29T01:30:00Z'),
    );
  });

  it('names what it cannot read', () => {
    expect(() => zonedInstant('14/12/2026', '', 'Europe/Paris')).toThrow(/not a date and time/);
  });
});
