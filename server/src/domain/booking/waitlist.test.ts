import { describe, expect, it } from 'vitest';
import { paris } from '../../testing/booking-fixtures.js';
import { offerFor, type FreedSlot, type WaitEntry } from './waitlist.js';

const now = paris('2026-12-02T09:00');
const entry = (id: string, member: string, over: Partial<WaitEntry> = {}): WaitEntry => ({
  id,
  site: 'lyon',
  member,
  machine: 'laser-1',
  kind: null,
  window: { start: paris('2026-12-02T09:00'), end: paris('2026-12-02T18:00') },
  durationMin: 60,
  createdAt: now - 3_600_000,
  status: 'waiting',
  offer: null,
  declined: [],
  ...over,
});
const freed: FreedSlot = {
  site: 'lyon',
  machine: 'laser-1',
  kind: 'laser',
  start: paris('2026-12-02T14:00'),
  end: paris('2026-12-02T16:00'),
};
const options = { granularityMin: 15, offerTtlMin: 30 };
const standing = (use: Record<string, number>) => (m: string) => ({
  weight: 1,
  recentUseMin: use[m] ?? 0,
});

describe('waitlist', () => {
  it('offers a freed slot to the waiting member with the least recent use first', () => {
    const offer = offerFor(
      freed,
      [entry('a', 'camille'), entry('b', 'dominique', { createdAt: now })],
      standing({ camille: 600, dominique: 60 }),
      now,
      options,
    );
    expect(offer).toEqual({
      entry: 'b',
      machine: 'laser-1',
      start: paris('2026-12-02T14:00'),
      end: paris('2026-12-02T15:00'),
      expiresAt: now + 30 * 60_000,
    });
  });

  it('on equal use, offers to who waited longest; skips entries that do not fit or already let this slot go', () => {
    const entries = [
      entry('late', 'x', { createdAt: now - 60_000 }),
      entry('early', 'y', {
        createdAt: now - 7_200_000,
        declined: [`laser-1@${String(freed.start)}`],
      }),
      entry('too-long', 'z', { createdAt: now - 9_000_000, durationMin: 180 }),
      entry('elsewhere', 'w', { createdAt: now - 9_500_000, machine: 'cnc-1' }),
    ];
    expect(offerFor(freed, entries, standing({}), now, options)?.entry).toBe('late');
  });

  it('matches "any laser" entries, and starts on the grid within the member’s window', () => {
    const e = entry('k', 'camille', {
      machine: null,
      kind: 'laser',
      window: { start: paris('2026-12-02T14:10'), end: paris('2026-12-02T18:00') },
    });
    expect(offerFor(freed, [e], standing({}), now, options)).toMatchObject({
      start: paris('2026-12-02T14:15'),
      end: paris('2026-12-02T15:15'),
    });
    expect(offerFor({ ...freed, kind: 'cnc' }, [e], standing({}), now, options)).toBeUndefined();
  });
});
