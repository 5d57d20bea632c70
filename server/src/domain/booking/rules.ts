/**
 * The booking rules: may this member book this machine for this slot? Every rule that fails is
 * returned (a person fixes them all at once), as typed refusals; an empty list means yes.
 * Pure: the caller loads the context and, in the store, re-checks the slot atomically.
 * @module
 */
import {
  HOLDING_STATUSES,
  rulesFor,
  type BookableMachine,
  type BookingRules,
  type Member,
  type Plan,
  type Training,
  type TrainingGrant,
  type Reservation,
  type Site,
} from './model.js';
import { trainingState } from './trainings.js';
import { quotaRefusals } from './quotas.js';
import type { Refusal } from './refusals.js';
import { closureOfDay, insideOpening, overlaps, type Interval } from './site-calendar.js';
import { addDays, compareDates, formatDate, instantAt, localParts } from './zoned-time.js';

export interface BookingContext {
  readonly site: Site;
  readonly machine: BookableMachine;
  readonly member: Member;
  readonly plan: Plan;
  /** The machine's training, when it needs one. */
  readonly training?: Training | undefined;
  /** The member's grant of it, if any. */
  readonly grant?: TrainingGrant | undefined;
  /** End of the member's last use of a machine needing the training. */
  readonly lastUse: number | null;
  /** Reservations on this machine around the slot (any status: only holding ones count). */
  /**
   * The machine's holding reservations that can collide with the slot: at least every one that
   * overlaps it, buffer included (the store loads just those; "any laser" loads the whole local day).
   */
  readonly machineReservations: readonly Reservation[];
  /** The member's reservations in the quota periods around the slot. */
  readonly memberReservations: readonly Reservation[];
  readonly now: number;
  /** A reservation being moved: it does not collide with itself nor count twice. */
  readonly moving?: string | undefined;
  /** The group of each machine the member's reservations hold, for group quotas. */
  readonly groupOf?: ((machine: string) => string | null | undefined) | undefined;
  /** The batch this slot is a unit of (several units at once): counted as one booking. */
  readonly batch?: string | undefined;
}

const MINUTE = 60_000;

export function checkBooking(ctx: BookingContext, slot: Interval): Refusal[] {
  const rules = rulesFor(ctx.site, ctx.machine);
  return [
    ...holderRefusals(ctx, slot),
    ...calendarRefusals(ctx.site, rules, ctx.plan, ctx.now, slot),
    ...machineSlotRefusals(ctx, slot),
  ];
}

/** The member, the machine's status and the member's training: first in the list. */
export function holderRefusals(ctx: BookingContext, slot: Interval): Refusal[] {
  const refusals: Refusal[] = [];
  if (!ctx.member.active) refusals.push({ code: 'membership_inactive' });
  if (ctx.machine.status === 'out_of_order') refusals.push({ code: 'machine_out_of_order' });
  else if (ctx.machine.status === 'maintenance') refusals.push({ code: 'machine_in_maintenance' });
  if (ctx.training) {
    const q = trainingState(ctx.training, ctx.grant, ctx.lastUse, ctx.now, slot.end);
    if (!q.valid) refusals.push(q.refusal);
  }
  return refusals;
}

/**
 * What the site's calendar and the rules say of the slot, whatever the machine: the same for
 * every candidate of "any laser" on a site with the same rules, so worked out once for them.
 */
function calendarRefusals(
  site: Site,
  rules: BookingRules,
  plan: Plan,
  now: number,
  slot: Interval,
): Refusal[] {
  const refusals: Refusal[] = [];
  // Length and grid (local time, so a slot at 10:00 is on the grid in summer and in winter).
  const lengthMin = (slot.end - slot.start) / MINUTE;
  if (lengthMin < rules.minMin) refusals.push({ code: 'too_short', minMin: rules.minMin });
  if (lengthMin > rules.maxMin) refusals.push({ code: 'too_long', maxMin: rules.maxMin });
  const g = rules.granularityMin;
  const day = localParts(slot.start, site.timezone);
  if (
    day.minutes % g !== 0 ||
    localParts(slot.end, site.timezone).minutes % g !== 0 ||
    slot.start % MINUTE !== 0
  ) {
    refusals.push({ code: 'off_grid', granularityMin: g });
  }

  // When: not past, not too far ahead, on an open day, inside opening hours, not blacked out.
  if (slot.end <= now || slot.start < now - g * MINUTE) refusals.push({ code: 'in_the_past' });
  // The horizon counts whole local days: "28 days ahead" includes the 28th day's evening.
  if (compareDates(day, addDays(localParts(now, site.timezone), plan.bookAheadDays)) > 0) {
    refusals.push({ code: 'too_far_ahead', maxDays: plan.bookAheadDays });
  }
  const closed = closureOfDay(site, day);
  if (closed !== undefined)
    refusals.push({ code: 'closed_day', date: formatDate(day), reason: closed });
  else if (rules.staffedHours === 'start') {
    // Staff see the job start; the rest may run through the night and closed days.
    if (!insideOpening(site, day, slot.start, slot.end, true))
      refusals.push({ code: 'start_outside_staffed_hours' });
  } else if (!insideOpening(site, day, slot.start, slot.end))
    refusals.push({ code: 'outside_opening_hours' });
  for (const b of site.blackouts) {
    if (overlaps(b, slot)) refusals.push({ code: 'blackout', reason: b.reason });
  }
  return refusals;
}

/** The machine's own blackouts, someone else's slot on it, and the member's quotas: last. */
function machineSlotRefusals(ctx: BookingContext, slot: Interval): Refusal[] {
  const { machine, member, plan, site } = ctx;
  const refusals: Refusal[] = [];
  for (const b of machine.blackouts) {
    if (overlaps(b, slot)) refusals.push({ code: 'blackout', reason: b.reason });
  }

  // Someone else's slot, the machine's buffer included on both sides.
  const blocked = { start: slot.start, end: slot.end + machine.bufferMin * MINUTE };
  const taken = ctx.machineReservations.some(
    (r) =>
      r.id !== ctx.moving &&
      HOLDING_STATUSES.includes(r.status) &&
      r.start < blocked.end &&
      slot.start < r.blocksUntil,
  );
  if (taken) refusals.push({ code: 'slot_taken' });

  refusals.push(
    ...quotaRefusals(
      member,
      plan,
      slot,
      ctx.memberReservations.filter((r) => r.id !== ctx.moving),
      site.timezone,
      { slotGroup: machine.group, groupOf: ctx.groupOf ?? (() => null), slotBatch: ctx.batch },
    ),
  );
  return refusals;
}

/**
 * How long a machine is booked on the site's local day of `instant` (reservations starting that
 * day): what "any laser" compares to spread wear. The day is the workshop's, not UTC's — at 00:30
 * in Paris it is already tomorrow there.
 */
export function bookedMsOnLocalDay(
  reservations: readonly Reservation[],
  instant: number,
  timeZone: string,
): number {
  const { start, end } = localDayAround(instant, timeZone);
  let sum = 0;
  for (const r of reservations) if (r.start >= start && r.start < end) sum += r.end - r.start;
  return sum;
}

/** The local day (midnight to midnight in `timeZone`) the instant falls on. */
export function localDayAround(instant: number, timeZone: string): Interval {
  const day = localParts(instant, timeZone);
  return { start: instantAt(day, 0, timeZone), end: instantAt(addDays(day, 1), 0, timeZone) };
}

export interface Candidate {
  readonly ctx: BookingContext;
  readonly bookedMsThatDay: number;
}

/** What "any of" asks for: a kind ("any laser") or a group ("any Prusa MK4"). */
export type AnyOf = { readonly kind: string } | { readonly group: string };

/**
 * "Any laser": the first machine of the candidates where the slot can be booked, preferring the
 * one least booked that day (spreads wear and leaves the others whole). When none can, the
 * refusals of the closest candidate, with "no machine of this kind free" for a taken slot.
 */
export function chooseMachine(
  kind: string,
  candidates: readonly Candidate[],
  slot: Interval,
): { readonly machine: BookableMachine } | { readonly refusals: Refusal[] } {
  const pick = chooseMachines({ kind }, candidates, slot, 1);
  return 'refusals' in pick ? pick : { machine: pick.machines[0]! };
}

/**
 * Several units at once ("3 of the Prusa MK4 for the same window"): `units` different machines
 * of the candidates, each free for the slot, least booked that day first. All or nothing: a
 * person sending parts to three printers wants three, not two. Each unit counts in the member's
 * quotas as its own booking (three printers for 4 h are 12 machine-hours).
 */
const BATCH = 'this booking';

export function chooseMachines(
  of: AnyOf,
  candidates: readonly Candidate[],
  slot: Interval,
  units: number,
): { readonly machines: BookableMachine[] } | { readonly refusals: Refusal[] } {
  const label = 'group' in of ? of.group : of.kind;
  const noneFree = (): Refusal =>
    'group' in of
      ? { code: 'no_machine_of_group_free', group: of.group }
      : { code: 'no_machine_of_kind_free', kind: of.kind };
  if (candidates.length === 0)
    return { refusals: ['group' in of ? { code: 'group_unknown', group: of.group } : noneFree()] };
  // Fewer machines than asked is no question of the slot (saying "0 free" while all are was
  // wrong): a rule the request breaks, whatever the time.
  if (units > candidates.length)
    return {
      refusals: [
        { code: 'group_too_small', of: label, wanted: units, machines: candidates.length },
      ],
    };
  // The site's calendar says the same of the slot for every candidate on one site with the same
  // rules, and for every unit: judged once for them.
  const calendars = new Map<string, Refusal[]>();
  const check = (ctx: BookingContext): Refusal[] => {
    const rules = rulesFor(ctx.site, ctx.machine);
    const key = `${ctx.site.id}:${rules.minMin}:${rules.maxMin}:${rules.granularityMin}:${rules.staffedHours ?? ''}`;
    let calendar = calendars.get(key);
    if (!calendar)
      calendars.set(key, (calendar = calendarRefusals(ctx.site, rules, ctx.plan, ctx.now, slot)));
    return [...holderRefusals(ctx, slot), ...calendar, ...machineSlotRefusals(ctx, slot)];
  };
  // Least booked that day first; among equals, the candidates' order.
  const preferred = candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.bookedMsThatDay - b.c.bookedMsThatDay || a.i - b.i);
  const picked: BookableMachine[] = [];
  const held: Reservation[] = [];
  for (let unit = 0; unit < units; unit++) {
    // The first free candidate in the order of preference wins: a booking that succeeds
    // seldom checks more than one; all are checked only to explain a refusal.
    const refused: Array<{ i: number; refusals: Refusal[] }> = [];
    let best: Candidate | undefined;
    for (const { c, i } of preferred) {
      if (picked.includes(c.ctx.machine)) continue;
      // The first unit has no units of its batch to count with: the candidate's own context.
      const ctx: BookingContext =
        held.length === 0
          ? c.ctx
          : { ...c.ctx, memberReservations: [...c.ctx.memberReservations, ...held], batch: BATCH };
      const refusals = check(ctx);
      if (refusals.length === 0) {
        best = c;
        break;
      }
      refused.push({ i, refusals });
    }
    if (!best) {
      // The fewest refusals; among equals, the first candidate.
      const closest = refused.sort(
        (a, b) => a.refusals.length - b.refusals.length || a.i - b.i,
      )[0]!;
      const onlyTaken = closest.refusals.every((r) => r.code === 'slot_taken');
      if (unit > 0 && onlyTaken)
        return {
          refusals: [{ code: 'not_enough_units_free', of: label, wanted: units, free: unit }],
        };
      return {
        refusals: closest.refusals.map((r) => (r.code === 'slot_taken' ? noneFree() : r)),
      };
    }
    const m = best.ctx.machine;
    picked.push(m);
    held.push({
      id: `unit:${unit}`,
      site: m.site,
      machine: m.id,
      member: best.ctx.member.id,
      start: slot.start,
      end: slot.end,
      blocksUntil: slot.end + m.bufferMin * MINUTE,
      status: 'confirmed',
      createdAt: best.ctx.now,
      batch: BATCH,
    });
  }
  return { machines: picked };
}

/** May this reservation be cancelled now? A manager may always cancel a holding reservation. */
export function checkCancel(
  reservation: Reservation,
  cancelDeadlineMin: number,
  now: number,
  byManager: boolean,
): Refusal[] {
  if (!HOLDING_STATUSES.includes(reservation.status))
    return [{ code: 'not_cancellable', status: reservation.status }];
  if (!byManager && reservation.start - now < cancelDeadlineMin * MINUTE)
    return [{ code: 'cancel_deadline_passed', deadlineMin: cancelDeadlineMin }];
  return [];
}

/** May this reservation be moved now (the new slot is then checked with `checkBooking`)? */
export function checkMove(
  reservation: Reservation,
  moveDeadlineMin: number,
  now: number,
  byManager: boolean,
): Refusal[] {
  if (!HOLDING_STATUSES.includes(reservation.status))
    return [{ code: 'not_cancellable', status: reservation.status }];
  if (!byManager && reservation.start - now < moveDeadlineMin * MINUTE)
    return [{ code: 'move_deadline_passed', deadlineMin: moveDeadlineMin }];
  return [];
}
