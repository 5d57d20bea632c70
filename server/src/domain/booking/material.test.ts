import { describe, expect, it } from 'vitest';
import { laser, paris, reservation } from '../../testing/booking-fixtures.js';
import { accountingLines, totalsBy, type MeasuredUse } from './accounting.js';

/** A printer billing 3 €/h of use and 30 €/kg of filament. */
const printer = {
  ...laser,
  id: 'mk4-1',
  billingMode: 'used' as const,
  hourlyRateCents: 300,
  materialRateCentsPerKg: 3000,
};
const machines = new Map([[printer.id, printer]]);
const slot = reservation({
  id: 'r1',
  machine: 'mk4-1',
  member: 'camille',
  start: paris('2026-12-02T10:00'),
  end: paris('2026-12-03T10:00'),
});
const print = (over: Partial<MeasuredUse> = {}): MeasuredUse => ({
  id: 'j1',
  machine: 'mk4-1',
  member: 'camille',
  reservation: 'r1',
  start: paris('2026-12-02T10:00'),
  end: paris('2026-12-03T06:00'),
  wallSeconds: 20 * 3600,
  activeSeconds: 19 * 3600,
  beamSeconds: null,
  spindleSeconds: null,
  energyWh: null,
  materialGrams: 400,
  ...over,
});

describe('material beside time', () => {
  it('bills the grams at the machine’s rate per kg on top of the hours', () => {
    const [line] = accountingLines([slot], [print()], machines);
    // 20 h × 3 € = 60 €; 400 g × 30 €/kg = 12 €.
    expect(line).toMatchObject({ materialGrams: 400, materialCents: 1200, amountCents: 7200 });
    expect(totalsBy([line!], (l) => l.member ?? '')).toMatchObject([
      { key: 'camille', materialGrams: 400, materialCents: 1200, amountCents: 7200 },
    ]);
  });

  it('splits a print’s grams at the period’s edge with its hours, and bills no one for unattributed use', () => {
    const day = { start: paris('2026-12-02T00:00'), end: paris('2026-12-03T00:00') };
    const [first] = accountingLines([slot], [print()], machines, day);
    // 14 of its 20 hours on the 2nd: 14/20 of the grams.
    expect(first).toMatchObject({ materialGrams: 280, materialCents: 840 });
    const [nobody] = accountingLines([], [print({ member: null, reservation: null })], machines);
    expect(nobody).toMatchObject({
      status: 'unattributed',
      materialGrams: 400,
      materialCents: 0,
      amountCents: 0,
    });
  });

  it('says nothing of material when no job said any, and bills none on a machine without a rate', () => {
    const [none] = accountingLines([slot], [print({ materialGrams: null })], machines);
    expect(none).toMatchObject({ materialGrams: null, materialCents: 0, amountCents: 6000 });
    const unpriced = new Map([[printer.id, { ...printer, materialRateCentsPerKg: 0 }]]);
    expect(accountingLines([slot], [print()], unpriced)[0]).toMatchObject({
      materialGrams: 400,
      materialCents: 0,
    });
  });
});
