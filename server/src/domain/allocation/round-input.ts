/**
 * From the sharing domain to an allocation round: each machine's bookable time in the period
 * (opening hours minus closures, blackouts and reservations already held, buffers included), each
 * member's weight from their plan's priority class and their quota left, and the grid of the site.
 * Pure.
 * @module
 */
import {
  HOLDING_STATUSES,
  type BookableMachine,
  type Member,
  type Plan,
  type Reservation,
  type Site,
} from '../booking/model.js';
import { mergeIntervals, openIntervals, subtractIntervals } from '../booking/site-calendar.js';
import { periodAround, quotaRefusals } from '../booking/quotas.js';
import type { QuotaPeriod } from '../booking/refusals.js';
import type {
  AllocationInput,
  AllocationMember,
  AllocationRequest,
  AllocationResult,
  Interval,
} from './types.js';

/** Priority class 1 (resident professionals) weighs 1, class 2 weighs ½, class 3 ⅓… */
export const weightOf = (plan: Plan) => 1 / Math.max(1, plan.priorityClass);

/** The local quota periods (days, Monday weeks, months) that `period` touches. */
export function quotaPeriodsIn(period: Interval, kind: QuotaPeriod, timezone: string): Interval[] {
  const out: Interval[] = [];
  for (let t = period.start; t < period.end; ) {
    const p = periodAround(t, kind, timezone);
    out.push(p);
    t = p.end;
  }
  return out;
}

/**
 * Minutes a member may still be granted in the round, at most: for each hour quota of their
 * plan, what is left of it in each period the round touches (a week's hours once per calendar
 * week, not the round's length divided by seven), the tightest quota winning; none when exempt
 * or unlimited. An upper bound for the allocator: `withinQuotas` then holds each period exactly.
 */
export function quotaLeftMin(
  member: Member,
  plan: Plan,
  period: Interval,
  held: readonly Reservation[],
  timezone: string,
): number | undefined {
  if (member.quotaExempt) return undefined;
  // A group's quota holds only that group's requests: `withinQuotas` checks it exactly.
  const limits = plan.quotas
    .filter((q) => q.hours !== undefined && q.group === undefined)
    .map((q) =>
      quotaPeriodsIn(period, q.period, timezone).reduce((sum, p) => {
        const heldMin = held
          .filter((r) => r.member === member.id && COUNTED.has(r.status))
          .filter((r) => r.start >= p.start && r.start < p.end)
          .reduce((s, r) => s + (r.end - r.start) / 60_000, 0);
        return sum + Math.max(0, q.hours! * 60 - heldMin);
      }, 0),
    );
  if (limits.length === 0) return undefined;
  return Math.min(...limits);
}

const COUNTED = new Set(['pending_approval', 'confirmed', 'no_show', 'completed']);

export interface RoundMember {
  readonly member: Member;
  readonly plan: Plan;
  /** Measured use over the previous weeks, in minutes. */
  readonly recentUseMin: number;
  /** The member's reservations in the quota periods the round touches. */
  readonly held: readonly Reservation[];
}

/**
 * The assignments that keep every quota of each member's plan — hours and number of bookings,
 * per local day, week and month, counting what they already hold — as a booking would be
 * checked (`quotaRefusals`); the others become unassigned with reason `quota`. Earlier slots
 * are kept first.
 */
export function withinQuotas(
  result: AllocationResult,
  members: readonly RoundMember[],
  timezone: string,
  /** The group of each machine, for group quotas. */
  groupOf: (machine: string) => string | null | undefined = () => null,
): AllocationResult {
  const byId = new Map(members.map((m) => [m.member.id, m]));
  const kept: AllocationResult['assignments'] = [];
  const dropped: AllocationResult['unassigned'] = [];
  const granted = new Map<string, Reservation[]>();
  for (const a of [...result.assignments].sort((x, y) => x.start - y.start)) {
    const rm = byId.get(a.member);
    if (!rm) {
      kept.push(a);
      continue;
    }
    const mine = granted.get(rm.member.id) ?? [];
    const refusals = quotaRefusals(
      rm.member,
      rm.plan,
      { start: a.start, end: a.end },
      [...rm.held, ...mine],
      timezone,
      { slotGroup: groupOf(a.machine), groupOf },
    );
    if (refusals.length) {
      dropped.push({ request: a.request, reason: 'quota' });
      continue;
    }
    kept.push(a);
    granted.set(rm.member.id, [
      ...mine,
      {
        id: a.request,
        site: '',
        machine: a.machine,
        member: rm.member.id,
        start: a.start,
        end: a.end,
        blocksUntil: a.end,
        status: 'confirmed',
        createdAt: 0,
      },
    ]);
  }
  return {
    assignments: result.assignments.filter((a) => kept.includes(a)),
    unassigned: [...result.unassigned, ...dropped],
  };
}

export function roundInput(args: {
  readonly site: Site;
  readonly period: Interval;
  /** Nothing is placed before now (on the site's grid): a round over a begun period keeps to what is left. */
  readonly now: number;
  readonly machines: readonly BookableMachine[];
  readonly held: readonly Reservation[];
  readonly members: readonly RoundMember[];
  readonly requests: readonly AllocationRequest[];
}): AllocationInput {
  const grid = args.site.rules.granularityMin * 60_000;
  const from = Math.max(args.period.start, Math.ceil(args.now / grid) * grid);
  const open = from < args.period.end ? openIntervals(args.site, from, args.period.end) : [];
  const siteBlackouts = args.site.blackouts.map((b) => ({ start: b.start, end: b.end }));
  const machines = args.machines
    .filter((m) => m.site === args.site.id && m.status === 'in_service')
    .map((m) => {
      const busy = mergeIntervals([
        ...siteBlackouts,
        ...m.blackouts.map((b) => ({ start: b.start, end: b.end })),
        ...args.held
          .filter((r) => r.machine === m.id && HOLDING_STATUSES.includes(r.status))
          .map((r) => ({ start: r.start, end: r.blocksUntil })),
      ]);
      return {
        id: m.id,
        kind: m.kind,
        ...(m.group ? { group: m.group } : {}),
        available: subtractIntervals(open, busy).map((i) => ({ ...i })),
        bufferMin: m.bufferMin,
      };
    });
  const members: AllocationMember[] = args.members.map((rm) => {
    const quotaMin = quotaLeftMin(rm.member, rm.plan, args.period, rm.held, args.site.timezone);
    return {
      id: rm.member.id,
      weight: weightOf(rm.plan),
      recentUseMin: rm.recentUseMin,
      ...(quotaMin === undefined ? {} : { quotaMin }),
    };
  });
  return {
    machines,
    members,
    requests: args.requests.map((r) => ({ ...r, windows: r.windows.map((w) => ({ ...w })) })),
    granularityMin: args.site.rules.granularityMin,
  };
}
