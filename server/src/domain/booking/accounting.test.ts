import { describe, expect, it } from 'vitest';
import { accountingLines, creditBalance, totalsBy, type MeasuredUse } from './accounting.js';
import { laser, paris, reservation } from '../../testing/booking-fixtures.js';
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
    expect(totalsBy(lines, (l) => l.member ?? '')).toEqual([
      {
        key: 'camille',
        lines: 1,
        bookedHours: 2,
        usedWallHours: 2.33,
        usedActiveHours: 1.33,
        billableHours: 2,
        amountCents: 6000,
        materialGrams: 0,
        materialCents: 0,
        noShows: 0,
        walkIns: 0,
        unattributedHours: 0,
      },
      {
        key: 'dominique',
        lines: 1,
        bookedHours: 2,
        usedWallHours: 0,
        usedActiveHours: 0,
        billableHours: 2,
        amountCents: 6000,
        materialGrams: 0,
        materialCents: 0,
        noShows: 0,
        walkIns: 0,
        unattributedHours: 0,
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

describe('every measured hour appears exactly once', () => {
  const day = (d: string) => ({ start: paris(`${d}T00:00`), end: paris(`${d}T24:00`) });
  const used = (lines: ReturnType<typeof accountingLines>) =>
    lines.reduce((s, l) => s + l.usedWallMin, 0);

  it('keeps the measured hours of a reservation cancelled after its use', () => {
    const lines = accountingLines(
      [{ ...slot, status: 'cancelled' }],
      [job({ end: paris('2026-12-02T11:10'), wallSeconds: 60 * 60 })],
      machines('reserved'),
    );
    expect(lines.map((l) => [l.status, l.member, l.usedWallMin, l.billableMin])).toEqual([
      ['walk_in', 'camille', 60, 60],
    ]);
  });

  it('counts use with no member as unattributed, billed to no one', () => {
    const lines = accountingLines(
      [],
      [job({ reservation: null, member: null, wallSeconds: 140 * 60 })],
      machines('used'),
    );
    expect(lines).toMatchObject([
      { status: 'unattributed', member: null, usedWallMin: 140, billableMin: 0, amountCents: 0 },
    ]);
    expect(totalsBy(lines, (l) => l.machine)[0]).toMatchObject({ unattributedHours: 2.33 });
  });

  it('splits a session at the edges of the period, so adjacent periods add up to it', () => {
    // An overnight print: Wednesday 20:00 → Thursday 14:00, 18 h, unattached.
    const night = job({
      reservation: null,
      member: null,
      start: paris('2026-12-02T20:00'),
      end: paris('2026-12-03T14:00'),
      wallSeconds: 18 * 3600,
      activeSeconds: 18 * 3600,
      energyWh: 1800,
    });
    const wed = accountingLines([], [night], machines('used'), day('2026-12-02'));
    const thu = accountingLines([], [night], machines('used'), day('2026-12-03'));
    expect([used(wed), used(thu)]).toEqual([240, 840]);
    expect([wed[0]?.energyWh, thu[0]?.energyWh]).toEqual([400, 1400]);
    expect(accountingLines([], [night], machines('used'), day('2026-12-04'))).toEqual([]);
  });

  it('splits a reservation and its overrun at the edges, and bills a "used" slot by what it measured', () => {
    const evening = reservation({
      id: 'r-eve',
      member: 'camille',
      start: paris('2026-12-02T22:00'),
      end: paris('2026-12-03T02:00'),
    });
    const print = job({
      reservation: 'r-eve',
      start: paris('2026-12-02T22:00'),
      end: paris('2026-12-02T23:00'),
      wallSeconds: 3600,
    });
    const wed = accountingLines([evening], [print], machines('used'), day('2026-12-02'));
    const thu = accountingLines([evening], [print], machines('used'), day('2026-12-03'));
    expect(wed).toMatchObject([{ bookedMin: 120, usedWallMin: 60, billableMin: 60 }]);
    // Thursday holds two booked hours, nothing measured in them: a measured slot bills no fallback.
    expect(thu).toMatchObject([{ bookedMin: 120, usedWallMin: 0, billableMin: 0 }]);
    const late = job({
      reservation: 'r-eve',
      start: paris('2026-12-02T22:00'),
      end: paris('2026-12-03T03:00'),
      wallSeconds: 5 * 3600,
    });
    const plus = (d: string) =>
      accountingLines([evening], [late], machines('reserved_plus_overrun'), day(d))[0];
    expect([plus('2026-12-02')?.billableMin, plus('2026-12-03')?.billableMin]).toEqual([120, 180]);
  });

  it('bills a slot released early up to its release, by the machine’s mode', () => {
    const released = {
      ...slot,
      status: 'completed' as const,
      releasedAt: paris('2026-12-02T10:45'),
    };
    const short = job({ end: paris('2026-12-02T10:30'), wallSeconds: 20 * 60 });
    expect(accountingLines([released], [short], machines('reserved'))[0]).toMatchObject({
      bookedMin: 45,
      releasedMin: 75,
      billableMin: 45,
    });
    expect(accountingLines([released], [short], machines('used'))[0]).toMatchObject({
      billableMin: 20,
    });
  });
});
