/**
 * Access at the machine: may this person start the machine now? The holder of the slot under way
 * may (from the no-show grace before its start: setting up); on a machine nobody holds, a walk-in
 * may when the workshop is open, the machine is free long enough (the minimum booking) before the
 * next slot, and their quotas allow it. Everyone needs an active membership, the machine in
 * service and their training, as for booking. Pure: the service loads the context, records the
 * grant, and the schedule keeper credits the next usage session to `starterOf` it.
 * @module
 */
import { HOLDING_STATUSES, rulesFor, type Reservation } from './model.js';
import { quotaRefusals, quotaRemainingMs } from './quotas.js';
import type { Refusal } from './refusals.js';
import { holderRefusals, type BookingContext } from './rules.js';
import { closureOn, openIntervals } from './site-calendar.js';
import { formatDate, localParts } from './zoned-time.js';

const MINUTE = 60_000;

export type AccessContext = Omit<BookingContext, 'moving' | 'batch'> & {
  /** Grants on the machine still running now (a walk-in is not given over someone else's). */
  readonly runningGrants?: readonly AccessGrant[];
  /** The after-use check the machine awaits (its words, since when), if any: nobody starts it. */
  readonly awaitingCheck?: { readonly what: string; readonly since: number } | null;
};

export type AccessDecision =
  | {
      readonly allowed: true;
      /** The holder of the slot under way, or a walk-in on a free machine. */
      readonly as: 'holder' | 'walk_in';
      readonly reservation: Reservation | null;
      /** The machine is theirs until then: the slot's end, or the next slot's start for a walk-in. */
      readonly until: number;
      /** The next slot on the machine after theirs, for the warning. */
      readonly next: Reservation | null;
    }
  | { readonly allowed: false; readonly refusals: Refusal[] };

/** "14:30" in the site's time zone. */
export const clockTime = (instant: number, timeZone: string): string => {
  const m = localParts(instant, timeZone).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** A slot released early is free after `releasedAt`. */
const heldUntil = (r: Reservation) =>
  r.releasedAt != null && r.releasedAt < r.end ? r.releasedAt : r.end;

/**
 * @example checkAccess(ctx) // { allowed: true, as: 'holder', reservation, until, next }
 */
export function checkAccess(ctx: AccessContext): AccessDecision {
  const { now, site, machine, member } = ctx;
  const rules = rulesFor(site, machine);
  const tz = site.timezone;
  const refusals = holderRefusals({ ...ctx, moving: undefined }, { start: now, end: now + MINUTE });
  if (ctx.awaitingCheck)
    refusals.push({
      code: 'awaiting_check',
      what: ctx.awaitingCheck.what,
      since: clockTime(ctx.awaitingCheck.since, tz),
    });
  const held = ctx.machineReservations
    .filter((r) => HOLDING_STATUSES.includes(r.status) && heldUntil(r) > now)
    .sort((a, b) => a.start - b.start);
  const early = rules.noShowGraceMin * MINUTE;
  // The slot under way, or the member's own about to begin (they may set up early); someone
  // else's about to begin leaves the machine free until then, for a walk-in who fits before it.
  const current =
    held.find((r) => r.start <= now) ??
    held.find((r) => r.member === member.id && r.start - early <= now);
  if (current) {
    if (current.member !== member.id)
      refusals.push({ code: 'not_your_slot', until: clockTime(heldUntil(current), tz) });
    else if (current.status !== 'confirmed')
      refusals.push({ code: 'not_cancellable', status: current.status });
    if (refusals.length > 0) return { allowed: false, refusals };
    // The warning is for someone else's slot: the member's own following one is theirs too.
    const next =
      held.find(
        (r) => r.start >= heldUntil(current) && r.id !== current.id && r.member !== member.id,
      ) ?? null;
    return { allowed: true, as: 'holder', reservation: current, until: heldUntil(current), next };
  }
  // A walk-in: the machine must be free long enough, the workshop open, the member's quotas not spent.
  const next = held.find((r) => r.start > now) ?? null;
  const othersNext = held.find((r) => r.start > now && r.member !== member.id) ?? null;
  if (rules.walkIns === 'refused') refusals.push({ code: 'walk_ins_refused' });
  // Someone else unlocked the free machine a moment ago: a second code would take it from them.
  const inUse = (ctx.runningGrants ?? [])
    .filter(
      (g) =>
        g.machine === machine.id && g.member !== member.id && g.grantedAt <= now && now < g.until,
    )
    .sort((a, b) => b.until - a.until)[0];
  if (inUse) refusals.push({ code: 'machine_in_use', until: clockTime(inUse.until, tz) });
  const minEnd = now + rules.minMin * MINUTE;
  if (next && next.start - machine.bufferMin * MINUTE < minEnd)
    refusals.push({ code: 'next_slot_soon', at: clockTime(next.start, tz) });
  const day = localParts(now, tz);
  const closed = closureOn(site, day);
  if (closed !== undefined)
    refusals.push({ code: 'closed_day', date: formatDate(day), reason: closed });
  else if (openIntervals(site, now, now + MINUTE).length === 0)
    refusals.push({ code: 'workshop_closed_now' });
  for (const b of [...site.blackouts, ...machine.blackouts])
    if (b.start <= now && now < b.end) refusals.push({ code: 'blackout', reason: b.reason });
  refusals.push(
    ...quotaRefusals(member, ctx.plan, { start: now, end: minEnd }, ctx.memberReservations, tz, {
      slotGroup: machine.group,
      groupOf: ctx.groupOf ?? (() => null),
      slotBatch: undefined,
    }),
  );
  if (refusals.length > 0) return { allowed: false, refusals };
  // Theirs up to the first of: the next slot (its buffer before it), the longest booking, the
  // closing of this opening (when the whole slot must be staffed), the next blackout, and what
  // their hours quotas leave. A booking is judged on its end; a walk-in has none, so it gets one.
  const ends = [now + rules.maxMin * MINUTE];
  if (next) ends.push(next.start - machine.bufferMin * MINUTE);
  if (rules.staffedHours === 'whole_slot') {
    const open = openIntervals(site, now, now + rules.maxMin * MINUTE + MINUTE)[0];
    if (open) ends.push(open.end);
  }
  for (const b of [...site.blackouts, ...machine.blackouts]) if (b.start > now) ends.push(b.start);
  ends.push(
    now +
      quotaRemainingMs(member, ctx.plan, now, ctx.memberReservations, tz, {
        slotGroup: machine.group,
        groupOf: ctx.groupOf ?? (() => null),
      }),
  );
  const until = Math.min(...ends);
  if (until <= now) return { allowed: false, refusals: [{ code: 'workshop_closed_now' }] };
  return { allowed: true, as: 'walk_in', reservation: null, until, next: othersNext };
}

/** A grant given at a machine: who unlocked it, from when, until when. */
export interface AccessGrant {
  readonly machine: string;
  readonly member: string;
  readonly grantedAt: number;
  readonly until: number;
}

/**
 * The grants whose person is to be warned now that someone else's slot follows: within `leadMin`
 * of the grant's end, a slot of another member on the machine beginning by then (its buffer
 * included), not warned yet. With the slot that follows.
 */
export function grantsToWarn<G extends AccessGrant & { readonly warned?: boolean }>(
  grants: readonly G[],
  reservations: readonly Reservation[],
  now: number,
  leadMin: number,
  bufferMinOf: (machine: string) => number,
): Array<{ readonly grant: G; readonly next: Reservation }> {
  const out: Array<{ grant: G; next: Reservation }> = [];
  for (const g of grants) {
    if (g.warned || g.until <= now || g.until - now > leadMin * MINUTE) continue;
    const next = reservations
      .filter(
        (r) =>
          r.machine === g.machine &&
          r.member !== g.member &&
          HOLDING_STATUSES.includes(r.status) &&
          r.start >= g.grantedAt &&
          r.start <= g.until + bufferMinOf(g.machine) * MINUTE,
      )
      .sort((a, b) => a.start - b.start)[0];
    if (next) out.push({ grant: g, next });
  }
  return out;
}

/**
 * Who started a job that began at `start` on `machine`: the person of the latest grant on it
 * given before the start and still running then (unlocking is what lets the job start).
 * Null when nobody unlocked it: the slot holder's or a walk-in for a manager, as before.
 */
export function starterOf(
  grants: readonly AccessGrant[],
  machine: string,
  start: number,
): string | null {
  let best: AccessGrant | null = null;
  for (const g of grants)
    if (g.machine === machine && g.grantedAt <= start && start < g.until)
      if (!best || g.grantedAt > best.grantedAt) best = g;
  return best?.member ?? null;
}
