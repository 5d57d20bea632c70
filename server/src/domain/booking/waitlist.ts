/**
 * The waitlist: members waiting for a machine (or any machine of a kind) in a window. When a slot
 * frees — a cancellation, a no-show, an early finish — it is offered to one waiting member at a
 * time, in fair-share order (least recent use per unit of weight first, then who waited longest);
 * an offer expires after a while and passes to the next. An offer holds nothing: accepting it is
 * a booking like any other, checked by the same rules. Pure.
 * @module
 */
import type { MachineKind } from './model.js';
import type { Interval } from './site-calendar.js';

const MINUTE = 60_000;

export type WaitStatus = 'waiting' | 'offered' | 'booked' | 'expired' | 'withdrawn';

export interface WaitEntry {
  readonly id: string;
  readonly site: string;
  readonly member: string;
  readonly machine: string | null;
  readonly kind: MachineKind | null;
  /** The member can come any time in this window… */
  readonly window: Interval;
  /** …for this long. */
  readonly durationMin: number;
  readonly createdAt: number;
  readonly status: WaitStatus;
  readonly offer: {
    readonly machine: string;
    readonly start: number;
    readonly end: number;
    readonly expiresAt: number;
  } | null;
  /** Slots this entry was already offered (and let expire): not offered again. */
  readonly declined: readonly string[];
}

export interface FreedSlot extends Interval {
  readonly site: string;
  readonly machine: string;
  readonly kind: MachineKind;
}

export interface Standing {
  /** Weight of the member's plan (priority class 1 → 1, 2 → ½…). */
  readonly weight: number;
  /** Measured minutes over the last weeks. */
  readonly recentUseMin: number;
}

const slotKey = (s: { machine: string; start: number }) => `${s.machine}@${s.start}`;

/** Where the entry would fit in the freed slot (earliest start on the grid), or undefined. */
export function fitIn(
  entry: WaitEntry,
  slot: FreedSlot,
  granularityMin: number,
  now: number,
): Interval | undefined {
  if (entry.site !== slot.site) return undefined;
  if (entry.machine !== null ? entry.machine !== slot.machine : entry.kind !== slot.kind)
    return undefined;
  const grid = granularityMin * MINUTE;
  const from = Math.max(slot.start, entry.window.start, now);
  const start = Math.ceil(from / grid) * grid;
  const end = start + entry.durationMin * MINUTE;
  if (end > Math.min(slot.end, entry.window.end)) return undefined;
  return { start, end };
}

/**
 * The offer for a freed slot: the first waiting entry, in fair-share order, that fits and was not
 * offered this slot before. `standing` gives each member's weight and recent use.
 */
export function offerFor(
  slot: FreedSlot,
  entries: readonly WaitEntry[],
  standing: (member: string) => Standing,
  now: number,
  options: { readonly granularityMin: number; readonly offerTtlMin: number },
):
  | {
      readonly entry: string;
      readonly machine: string;
      readonly start: number;
      readonly end: number;
      readonly expiresAt: number;
    }
  | undefined {
  const share = (e: WaitEntry) => {
    const s = standing(e.member);
    return s.recentUseMin / Math.max(s.weight, 1e-6);
  };
  const waiting = entries
    .filter(
      (e) => e.status === 'waiting' && e.window.end > now && !e.declined.includes(slotKey(slot)),
    )
    .sort((a, b) => share(a) - share(b) || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  for (const e of waiting) {
    const fit = fitIn(e, slot, options.granularityMin, now);
    if (fit)
      return {
        entry: e.id,
        machine: slot.machine,
        start: fit.start,
        end: fit.end,
        expiresAt: now + options.offerTtlMin * MINUTE,
      };
  }
  return undefined;
}

export { slotKey as waitSlotKey };
