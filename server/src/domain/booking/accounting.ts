/**
 * Usage accounting: what each reservation and each measured job counts for, by the billing mode
 * of its machine — what was reserved, what was used, or the reservation plus any overrun (the
 * three modes university core facilities use) — and how prepaid hour credits are drawn down.
 * Hours booked and hours measured are both kept: a laser's setup time is not its cutting time,
 * so measured use carries wall time and active (beam/spindle) time, and material (filament grams)
 * billed per kilogram beside time. Pure; full invoicing is a
 * bookkeeper's job and out of scope: the lines are what they import.
 * @module
 */
import { msInside, shareOf, type Span } from '../telemetry/measured-hours.js';
import type { BillingMode, BookableMachine, Reservation } from './model.js';

/** A measured job, attached to a member (and a reservation when one covered it), or to nobody yet. */
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
  /** Grams of material (filament), when the machine or the slicer said. */
  readonly materialGrams?: number | null | undefined;
}

export type AccountingStatus =
  | 'booked_and_used'
  | 'no_show'
  | 'walk_in'
  | 'booked_not_measured'
  /** Measured use nobody is attached to yet: counted, billed to no one. */
  | 'unattributed';

export interface AccountingLine {
  readonly date: number;
  /** Null for unattributed use. */
  readonly member: string | null;
  readonly machine: string;
  readonly reservation: string | null;
  readonly usage: readonly string[];
  readonly status: AccountingStatus;
  readonly mode: BillingMode;
  /** Time the reservation held the machine inside the period (up to its early release, if any). */
  readonly bookedMin: number;
  /** Booked time given back early (the job ended well before the slot): not held, not billed. */
  readonly releasedMin: number;
  readonly usedWallMin: number;
  readonly usedActiveMin: number;
  readonly overrunMin: number;
  readonly billableMin: number;
  readonly rateCents: number;
  /** Time (`billableMin` at `rateCents`) and material (`materialCents`). */
  readonly amountCents: number;
  readonly energyWh: number | null;
  /** Material of the line's jobs inside the period, in grams; null when none was said. */
  readonly materialGrams: number | null;
  /** The material billed: grams at the machine's rate per kg (nothing for unattributed use). */
  readonly materialCents: number;
}

const BILLED_STATUSES = new Set(['confirmed', 'completed', 'no_show']);
const min = (ms: number) => ms / 60_000;
const round2 = (n: number) => Math.round(n * 100) / 100;
const ALL_TIME: Span = { start: -8.64e15, end: 8.64e15 };

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

/** A job's figures inside the period (the rule of `measured-hours.ts`). */
function measuredPart(j: MeasuredUse, period: Span) {
  const span = { start: j.start, end: j.end };
  return {
    // The gateway's wall seconds, shared by time: the parts of a split add up to them.
    wallMin: shareOf(j.wallSeconds, span, period) / 60,
    activeMin: shareOf(j.activeSeconds, span, period) / 60,
    energyWh: j.energyWh === null ? null : shareOf(j.energyWh, span, period),
    materialGrams: j.materialGrams == null ? null : shareOf(j.materialGrams, span, period),
  };
}

const sumMaterial = (parts: ReadonlyArray<{ materialGrams: number | null }>) =>
  parts.some((p) => p.materialGrams !== null)
    ? round2(parts.reduce((s, p) => s + (p.materialGrams ?? 0), 0))
    : null;

/** Grams at the machine's rate per kilogram, in cents. */
const materialCents = (grams: number | null, m: BookableMachine) =>
  grams === null ? 0 : Math.round((grams / 1000) * (m.materialRateCentsPerKg ?? 0));

const sumEnergy = (parts: ReadonlyArray<{ energyWh: number | null }>) =>
  parts.some((p) => p.energyWh !== null)
    ? round2(parts.reduce((s, p) => s + (p.energyWh ?? 0), 0))
    : null;

/**
 * The lines of `period` (all time when omitted). Every measured minute inside the period is on
 * exactly one line (see `../measured-hours.ts`): with the reservation that covered it, as a
 * walk-in of its member, or as unattributed use. Reservations that hold or held time (confirmed,
 * completed, no-show) get a line for their part inside the period; cancelled and rejected ones
 * cost nothing, but a job measured under one still counts, as a walk-in of its member.
 */
export function accountingLines(
  reservations: readonly Reservation[],
  uses: readonly MeasuredUse[],
  machines: ReadonlyMap<string, BookableMachine>,
  period: Span = ALL_TIME,
): AccountingLine[] {
  const lines: AccountingLine[] = [];
  const billed = new Map(
    reservations.filter((r) => BILLED_STATUSES.has(r.status)).map((r) => [r.id, r]),
  );
  const byReservation = new Map<string, MeasuredUse[]>();
  const loose: MeasuredUse[] = [];
  for (const u of uses) {
    if (u.reservation && billed.has(u.reservation))
      byReservation.set(u.reservation, [...(byReservation.get(u.reservation) ?? []), u]);
    else loose.push(u);
  }
  for (const r of billed.values()) {
    const m = machines.get(r.machine);
    if (!m) continue;
    const jobs = byReservation.get(r.id) ?? [];
    // Held until its early release, if any; a no-show is charged its slot (the time was kept from others).
    const heldEnd =
      r.releasedAt != null && r.status !== 'no_show' ? Math.min(r.end, r.releasedAt) : r.end;
    const bookedMin = min(msInside({ start: r.start, end: heldEnd }, period));
    const releasedMin = min(msInside({ start: heldEnd, end: r.end }, period));
    const parts = jobs.map((j) => measuredPart(j, period));
    const usedWallMin = parts.reduce((s, p) => s + p.wallMin, 0);
    const usedActiveMin = parts.reduce((s, p) => s + p.activeMin, 0);
    const overrunMin = jobs.reduce(
      (s, j) => s + min(msInside({ start: Math.max(j.start, r.end), end: j.end }, period)),
      0,
    );
    if (bookedMin === 0 && releasedMin === 0 && usedWallMin === 0) continue;
    // Whether anything was measured is a fact of the whole reservation, not of this period's part.
    const measured = jobs.length > 0;
    const billableMin = round2(
      billableMinutes(m.billingMode, bookedMin, usedWallMin, overrunMin, measured),
    );
    const grams = sumMaterial(parts);
    const material = materialCents(grams, m);
    lines.push({
      date: Math.max(r.start, period.start),
      member: r.member,
      machine: r.machine,
      reservation: r.id,
      usage: jobs.map((j) => j.id),
      status:
        r.status === 'no_show' ? 'no_show' : measured ? 'booked_and_used' : 'booked_not_measured',
      mode: m.billingMode,
      bookedMin: round2(bookedMin),
      releasedMin: round2(releasedMin),
      usedWallMin: round2(usedWallMin),
      usedActiveMin: round2(usedActiveMin),
      overrunMin: round2(overrunMin),
      billableMin,
      rateCents: m.hourlyRateCents,
      amountCents: Math.round((billableMin / 60) * m.hourlyRateCents) + material,
      energyWh: sumEnergy(parts),
      materialGrams: grams,
      materialCents: material,
    });
  }
  for (const u of loose) {
    const m = machines.get(u.machine);
    if (!m) continue;
    const part = measuredPart(u, period);
    if (part.wallMin === 0) continue;
    const usedWallMin = round2(part.wallMin);
    // Use without a reservation is billed as used, whatever the machine's mode; unattributed use to no one.
    const billableMin = u.member ? usedWallMin : 0;
    const grams = part.materialGrams === null ? null : round2(part.materialGrams);
    const material = u.member ? materialCents(grams, m) : 0;
    lines.push({
      date: Math.max(u.start, period.start),
      member: u.member,
      machine: u.machine,
      reservation: u.reservation,
      usage: [u.id],
      status: u.member ? 'walk_in' : 'unattributed',
      mode: m.billingMode,
      bookedMin: 0,
      releasedMin: 0,
      usedWallMin,
      usedActiveMin: round2(part.activeMin),
      overrunMin: 0,
      billableMin,
      rateCents: m.hourlyRateCents,
      amountCents: Math.round((billableMin / 60) * m.hourlyRateCents) + material,
      energyWh: part.energyWh === null ? null : round2(part.energyWh),
      materialGrams: grams,
      materialCents: material,
    });
  }
  return lines.sort((a, b) => a.date - b.date || (a.member ?? '').localeCompare(b.member ?? ''));
}

export interface UsageTotals {
  readonly key: string;
  readonly lines: number;
  readonly bookedHours: number;
  readonly usedWallHours: number;
  readonly usedActiveHours: number;
  readonly billableHours: number;
  readonly amountCents: number;
  /** Material of the lines, in grams, and its part of `amountCents`. */
  readonly materialGrams: number;
  readonly materialCents: number;
  readonly noShows: number;
  readonly walkIns: number;
  readonly unattributedHours: number;
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
      materialGrams: round2(ls.reduce((s, l) => s + (l.materialGrams ?? 0), 0)),
      materialCents: ls.reduce((s, l) => s + l.materialCents, 0),
      noShows: ls.filter((l) => l.status === 'no_show').length,
      walkIns: ls.filter((l) => l.status === 'walk_in').length,
      unattributedHours: round2(
        ls.filter((l) => l.status === 'unattributed').reduce((s, l) => s + l.usedWallMin, 0) / 60,
      ),
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
