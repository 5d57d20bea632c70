/**
 * Usage accounting: what each reservation and each measured job counts for, by the billing mode
 * of its machine — what was reserved, what was used, or the reservation plus any overrun (the
 * three modes university core facilities use) — and how prepaid hour credits are drawn down.
 * Hours booked and hours measured are both kept: a laser's setup time is not its cutting time,
 * so measured use carries wall time and active (beam/spindle) time. Pure; full invoicing is a
 * bookkeeper's job and out of scope: the lines are what they import.
 * @module
 */
import type { BillingMode, BookableMachine, Reservation } from './model.js';

/** A measured job, attached to a member (and a reservation when one covered it). */
export interface MeasuredUse {
  readonly id: string;
  readonly machine: string;
  readonly member: string | null;
  readonly reservation: string | null;
  readonly start: number;
  readonly end: number;
  readonly wallSeconds: number;
  readonly activeSeconds: number;
  readonly beamSeconds: number | null;
  readonly spindleSeconds: number | null;
  readonly energyWh: number | null;
}

export interface AccountingLine {
  readonly date: number;
  readonly member: string;
  readonly machine: string;
  readonly reservation: string | null;
  readonly usage: readonly string[];
  readonly status: 'booked_and_used' | 'no_show' | 'walk_in' | 'booked_not_measured';
  readonly mode: BillingMode;
  readonly bookedMin: number;
  readonly usedWallMin: number;
  readonly usedActiveMin: number;
  readonly overrunMin: number;
  readonly billableMin: number;
  readonly rateCents: number;
  readonly amountCents: number;
  readonly energyWh: number | null;
}

const BILLED_STATUSES = new Set(['confirmed', 'completed', 'no_show']);
const min = (ms: number) => ms / 60_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

export function billableMinutes(
  mode: BillingMode,
  bookedMin: number,
  usedWallMin: number,
  overrunMin: number,
  measured: boolean,
): number {
  switch (mode) {
    case 'reserved':
      return bookedMin;
    // A machine with no data port (or a reservation nobody measured) falls back on the slot.
    case 'used':
      return measured ? usedWallMin : bookedMin;
    case 'reserved_plus_overrun':
      return bookedMin + overrunMin;
  }
}

/**
 * One line per reservation that holds or held time (confirmed, completed, no-show), with the
 * jobs it covered, and one per walk-in job attached to a member. Cancelled and rejected
 * reservations cost nothing; unattached jobs belong to nobody yet and are left out.
 */
export function accountingLines(
  reservations: readonly Reservation[],
  uses: readonly MeasuredUse[],
  machines: ReadonlyMap<string, BookableMachine>,
): AccountingLine[] {
  const lines: AccountingLine[] = [];
  const byReservation = new Map<string, MeasuredUse[]>();
  for (const u of uses) {
    if (u.reservation)
      byReservation.set(u.reservation, [...(byReservation.get(u.reservation) ?? []), u]);
  }
  for (const r of reservations) {
    if (!BILLED_STATUSES.has(r.status)) continue;
    const m = machines.get(r.machine);
    if (!m) continue;
    const jobs = byReservation.get(r.id) ?? [];
    const bookedMin = min(r.end - r.start);
    const usedWallMin = jobs.reduce((s, j) => s + j.wallSeconds / 60, 0);
    const usedActiveMin = jobs.reduce((s, j) => s + j.activeSeconds / 60, 0);
    const overrunMin = Math.max(0, ...jobs.map((j) => min(j.end - r.end)));
    const measured = jobs.length > 0;
    const billableMin = round2(
      billableMinutes(m.billingMode, bookedMin, usedWallMin, overrunMin, measured),
    );
    const energy = jobs.some((j) => j.energyWh !== null)
      ? jobs.reduce((s, j) => s + (j.energyWh ?? 0), 0)
      : null;
    lines.push({
      date: r.start,
      member: r.member,
      machine: r.machine,
      reservation: r.id,
      usage: jobs.map((j) => j.id),
      status:
        r.status === 'no_show' ? 'no_show' : measured ? 'booked_and_used' : 'booked_not_measured',
      mode: m.billingMode,
      bookedMin: round2(bookedMin),
      usedWallMin: round2(usedWallMin),
      usedActiveMin: round2(usedActiveMin),
      overrunMin: round2(overrunMin),
      billableMin,
      rateCents: m.hourlyRateCents,
      amountCents: Math.round((billableMin / 60) * m.hourlyRateCents),
      energyWh: energy,
    });
  }
  for (const u of uses) {
    if (u.reservation || !u.member) continue;
    const m = machines.get(u.machine);
    if (!m) continue;
    const usedWallMin = round2(u.wallSeconds / 60);
    lines.push({
      date: u.start,
      member: u.member,
      machine: u.machine,
      reservation: null,
      usage: [u.id],
      status: 'walk_in',
      mode: m.billingMode,
      bookedMin: 0,
      usedWallMin,
      usedActiveMin: round2(u.activeSeconds / 60),
      overrunMin: 0,
      // Use without a booking is billed as used, whatever the machine's mode.
      billableMin: usedWallMin,
      rateCents: m.hourlyRateCents,
      amountCents: Math.round((usedWallMin / 60) * m.hourlyRateCents),
      energyWh: u.energyWh,
    });
  }
  return lines.sort((a, b) => a.date - b.date || a.member.localeCompare(b.member));
}

export interface UsageTotals {
  readonly key: string;
  readonly lines: number;
  readonly bookedHours: number;
  readonly usedWallHours: number;
  readonly usedActiveHours: number;
  readonly billableHours: number;
  readonly amountCents: number;
  readonly noShows: number;
  readonly walkIns: number;
}

/** Totals grouped by member, organisation or machine. */
export function totalsBy<L extends AccountingLine>(
  lines: readonly L[],
  key: (l: L) => string,
): UsageTotals[] {
  const groups = new Map<string, L[]>();
  for (const l of lines) groups.set(key(l), [...(groups.get(key(l)) ?? []), l]);
  return [...groups.entries()]
    .map(([k, ls]) => ({
      key: k,
      lines: ls.length,
      bookedHours: round2(ls.reduce((s, l) => s + l.bookedMin, 0) / 60),
      usedWallHours: round2(ls.reduce((s, l) => s + l.usedWallMin, 0) / 60),
      usedActiveHours: round2(ls.reduce((s, l) => s + l.usedActiveMin, 0) / 60),
      billableHours: round2(ls.reduce((s, l) => s + l.billableMin, 0) / 60),
      amountCents: ls.reduce((s, l) => s + l.amountCents, 0),
      noShows: ls.filter((l) => l.status === 'no_show').length,
      walkIns: ls.filter((l) => l.status === 'walk_in').length,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Prepaid hours: what is left after the billable hours drawn from them (never below zero here: the overdraft is reported). */
export function creditBalance(
  creditedHours: number,
  lines: readonly AccountingLine[],
): { creditedHours: number; usedHours: number; balanceHours: number; overdraftHours: number } {
  const usedHours = round2(lines.reduce((s, l) => s + l.billableMin, 0) / 60);
  const balance = round2(creditedHours - usedHours);
  return {
    creditedHours,
    usedHours,
    balanceHours: Math.max(0, balance),
    overdraftHours: Math.max(0, -balance),
  };
}
