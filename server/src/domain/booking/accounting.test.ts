import { describe, expect, it } from 'vitest';
import { accountingLines, creditBalance, totalsBy, type MeasuredUse } from './accounting.js';
import { laser, paris, reservation } from './fixtures.js';
import type { BookableMachine } from './model.js';

const slot = reservation({
  id: 'r1',
  member: 'camille',
  start: paris('2026-12-02T10:00'),
  end: paris('2026-12-02T12:00'),
});
const job = (over: Partial<MeasuredUse> = {}): MeasuredUse => ({
  id: 'j1',
  machine: 'laser-1',
  member: 'camille',
  reservation: 'r1',
  start: paris('2026-12-02T10:10'),
  end: paris('2026-12-02T12:30'),
  wallSeconds: 140 * 60,
  activeSeconds: 80 * 60,
  beamSeconds: 75 * 60,
  spindleSeconds: null,
  energyWh: 900,
  ...over,
});
const machines = (mode: BookableMachine['billingMode']) =>
  new Map([['laser-1', { ...laser, billingMode: mode, hourlyRateCents: 3000 }]]);

describe('usage accounting', () => {
  it('charges the slot, the measured use, or the slot plus overrun, by the machine’s mode', () => {
    const [reserved] = accountingLines([slot], [job()], machines('reserved'));
    expect(reserved).toMatchObject({
      status: 'booked_and_used',
      bookedMin: 120,
      usedWallMin: 140,
      usedActiveMin: 80,
      overrunMin: 30,
      billableMin: 120,
      amountCents: 6000,
      energyWh: 900,
    });
    expect(accountingLines([slot], [job()], machines('used'))[0]).toMatchObject({
      billableMin: 140,
      amountCents: 7000,
    });
    expect(accountingLines([slot], [job()], machines('reserved_plus_overrun'))[0]).toMatchObject({
      billableMin: 150,
      amountCents: 7500,
    });
  });

  it('charges a no-show its slot, nothing for a cancelled booking, and a walk-in its measured time', () => {
    const lines = accountingLines(
      [
        { ...slot, status: 'no_show' },
        { ...slot, id: 'r2', status: 'cancelled' },
      ],
      [job({ id: 'walk', reservation: null, wallSeconds: 45 * 60 })],
      machines('reserved'),
    );
    expect(lines.map((l) => [l.status, l.billableMin])).toEqual([
      ['no_show', 120],
      ['walk_in', 45],
    ]);
    // A job nobody claimed yet belongs to no one.
    expect(
      accountingLines([], [job({ reservation: null, member: null })], machines('used')),
    ).toEqual([]);
  });

  it('falls back on the slot for a "used" machine that measured nothing', () => {
    expect(accountingLines([slot], [], machines('used'))[0]).toMatchObject({
      status: 'booked_not_measured',
      billableMin: 120,
    });
  });

  it('totals by member and draws prepaid hours down', () => {
    const lines = accountingLines(
      [slot, { ...slot, id: 'r3', member: 'dominique' }],
      [job()],
      machines('reserved'),
    );
    expect(totalsBy(lines, (l) => l.member)).toEqual([
      {
        key: 'camille',
        lines: 1,
        bookedHours: 2,
        usedWallHours: 2.33,
        usedActiveHours: 1.33,
        billableHours: 2,
        amountCents: 6000,
        noShows: 0,
        walkIns: 0,
      },
      {
        key: 'dominique',
        lines: 1,
        bookedHours: 2,
        usedWallHours: 0,
        usedActiveHours: 0,
        billableHours: 2,
        amountCents: 6000,
        noShows: 0,
        walkIns: 0,
      },
    ]);
    expect(creditBalance(3, lines)).toEqual({
      creditedHours: 3,
      usedHours: 4,
      balanceHours: 0,
      overdraftHours: 1,
    });
  });
});
