/**
 * Who holds each machine's current slot and the next one, as the wall may say it. Pure: the route
 * reads the reservations and the viewer, this decides what each viewer learns. The privacy rule
 * is the availability route's: others' reservations are busy time without a name; a member sees
 * "you" on their own, and a manager of the machine's site (an admin anywhere) sees the name.
 * @module
 */
import { HOLDING_STATUSES, type Reservation } from './model.js';

/** What the viewer may know of who holds a slot. */
export type Holder =
  | { readonly who: 'you' }
  | { readonly who: 'member'; readonly name: string }
  | { readonly who: 'someone' };

export interface HeldSlot {
  readonly reservation: string | null;
  readonly start: number;
  readonly end: number;
  readonly status: Reservation['status'];
  readonly holder: Holder;
}

export interface SlotHolders {
  readonly machine: string;
  /** The slot under way at `now`, if any. */
  readonly current: HeldSlot | null;
  /** The first slot starting after `now`, if any in the window read. */
  readonly next: HeldSlot | null;
}

export interface Viewer {
  /** The member the viewer acts as (an artisan), else null. */
  readonly member: string | null;
  /** Whether the viewer may read names on `site` (its manager, or an admin). */
  readonly readsNamesOn: (site: string) => boolean;
}

function holderFor(r: Reservation, viewer: Viewer, names: ReadonlyMap<string, string>): Holder {
  if (viewer.member !== null && r.member === viewer.member) return { who: 'you' };
  if (viewer.readsNamesOn(r.site)) return { who: 'member', name: names.get(r.member) ?? r.member };
  return { who: 'someone' };
}

/** Holding and not given back: a slot released early (its job ended) is free after `releasedAt`. */
const heldUntil = (r: Reservation) =>
  r.releasedAt != null && r.releasedAt < r.end ? r.releasedAt : r.end;

/**
 * The current and next slot of each of `machines`, from their reservations around `now`.
 * Reservation ids are shown only to who may see the name (ids lead to the reservation itself).
 *
 * @example slotHolders(['laser-co2'], reservations, now, { member: null, readsNamesOn: () => false }, names)
 */
export function slotHolders(
  machines: readonly string[],
  reservations: readonly Reservation[],
  now: number,
  viewer: Viewer,
  names: ReadonlyMap<string, string>,
): SlotHolders[] {
  const byMachine = new Map<string, Reservation[]>();
  for (const r of reservations) {
    if (!HOLDING_STATUSES.includes(r.status) || heldUntil(r) <= now) continue;
    const list = byMachine.get(r.machine) ?? [];
    list.push(r);
    byMachine.set(r.machine, list);
  }
  const slot = (r: Reservation | undefined): HeldSlot | null => {
    if (!r) return null;
    const holder = holderFor(r, viewer, names);
    return {
      reservation: holder.who === 'someone' ? null : r.id,
      start: r.start,
      end: heldUntil(r),
      status: r.status,
      holder,
    };
  };
  return machines.map((machine) => {
    const list = (byMachine.get(machine) ?? []).sort((a, b) => a.start - b.start);
    return {
      machine,
      current: slot(list.find((r) => r.start <= now)),
      next: slot(list.find((r) => r.start > now)),
    };
  });
}
