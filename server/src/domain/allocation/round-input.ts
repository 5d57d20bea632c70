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
import type { AllocationInput, AllocationMember, AllocationRequest, Interval } from './types.js';

const DAY = 86_400_000;
const PERIOD_DAYS = { day: 1, week: 7, month: 30 } as const;

/** Priority class 1 (resident professionals) weighs 1, class 2 weighs ½, class 3 ⅓… */
export const weightOf = (plan: Plan) => 1 / Math.max(1, plan.priorityClass);

/**
 * Minutes a member may still be granted in the round: the tightest hour quota of their plan
 * scaled to the round's length, less what they already hold in it; none when exempt or unlimited.
 */
export function quotaLeftMin(
  member: Member,
  plan: Plan,
  period: Interval,
  heldMin: number,
): number | undefined {
  if (member.quotaExempt) return undefined;
  const days = Math.max(1, Math.ceil((period.end - period.start) / DAY));
  const limits = plan.quotas
    .filter((q) => q.hours !== undefined)
    .map((q) => q.hours! * 60 * Math.ceil(days / PERIOD_DAYS[q.period]));
  if (limits.length === 0) return undefined;
  return Math.max(0, Math.min(...limits) - heldMin);
}

export interface RoundMember {
  readonly member: Member;
  readonly plan: Plan;
  /** Measured use over the previous weeks, in minutes. */
  readonly recentUseMin: number;
  /** Minutes already held in the round's period. */
  readonly heldMin: number;
}

export function roundInput(args: {
  readonly site: Site;
  readonly period: Interval;
  readonly machines: readonly BookableMachine[];
  readonly held: readonly Reservation[];
  readonly members: readonly RoundMember[];
  readonly requests: readonly AllocationRequest[];
}): AllocationInput {
  const open = openIntervals(args.site, args.period.start, args.period.end);
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
        available: subtractIntervals(open, busy).map((i) => ({ ...i })),
        bufferMin: m.bufferMin,
      };
    });
  const members: AllocationMember[] = args.members.map((rm) => {
    const quotaMin = quotaLeftMin(rm.member, rm.plan, args.period, rm.heldMin);
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
