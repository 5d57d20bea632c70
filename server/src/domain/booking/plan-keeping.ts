/**
 * Keeping the plan true to the machines: compares reservations with measured use and says what
 * changed — a no-show (no use within the grace period: the rest of the slot is released), a job
 * running past its slot (the next holder is warned), use with no reservation (a walk-in someone
 * can attach later), a slot used as booked. And when a machine goes into maintenance or out of
 * order, where its reservations go. Pure: the plan keeper applies the verdicts.
 * @module
 */
import { HOLDING_STATUSES, type BookableMachine, type Reservation } from './model.js';

const MINUTE = 60_000;

/** A stretch of measured use of a machine (a usage session, or the job running now: end null). */
export interface UsageSpan {
  readonly id: string;
  readonly machine: string;
  readonly start: number;
  readonly end: number | null;
  /** Already attached to a reservation (then it is not re-judged). */
  readonly reservation: string | null;
}

export type PlanVerdict =
  | {
      readonly kind: 'no_show';
      readonly reservation: string;
      readonly member: string;
      readonly machine: string;
    }
  | {
      readonly kind: 'used';
      readonly reservation: string;
      readonly usage: string;
      readonly member: string;
    }
  | { readonly kind: 'completed'; readonly reservation: string }
  | {
      readonly kind: 'overrun';
      readonly reservation: string;
      readonly usage: string;
      readonly machine: string;
      readonly next: { readonly reservation: string; readonly member: string } | null;
    }
  | { readonly kind: 'walk_in'; readonly usage: string; readonly machine: string };

/**
 * @param reservations holding reservations of the machines, around now (a day back is plenty)
 * @param usage usage spans of the same machines over the same window
 * @param graceMin per machine: minutes after the start before a slot with no use is a no-show
 * @param alreadyWarned overruns already reported (reservation ids): not reported twice
 */
export function judgePlan(
  reservations: readonly Reservation[],
  usage: readonly UsageSpan[],
  now: number,
  graceMin: (machine: string) => number,
  alreadyWarned: ReadonlySet<string> = new Set(),
): PlanVerdict[] {
  const verdicts: PlanVerdict[] = [];
  const holding = reservations.filter(
    (r) => HOLDING_STATUSES.includes(r.status) && r.status === 'confirmed',
  );
  const covered = new Set<string>();

  for (const r of [...holding].sort((a, b) => a.start - b.start)) {
    const grace = graceMin(r.machine) * MINUTE;
    // Use that starts between `grace` before the slot (setting up early) and its end is this slot's.
    const spans = usage.filter(
      (u) =>
        u.machine === r.machine &&
        (u.reservation === r.id ||
          (u.reservation === null && u.start >= r.start - grace && u.start < r.end)),
    );
    for (const u of spans) {
      covered.add(u.id);
      if (u.reservation === null)
        verdicts.push({ kind: 'used', reservation: r.id, usage: u.id, member: r.member });
    }
    if (spans.length === 0) {
      if (now >= r.start + grace)
        verdicts.push({ kind: 'no_show', reservation: r.id, member: r.member, machine: r.machine });
      continue;
    }
    const running = spans.find((u) => (u.end ?? now) > r.end && now > r.end);
    if (running && !alreadyWarned.has(r.id)) {
      const next = holding
        .filter((n) => n.machine === r.machine && n.id !== r.id && n.start >= r.end)
        .sort((a, b) => a.start - b.start)[0];
      verdicts.push({
        kind: 'overrun',
        reservation: r.id,
        usage: running.id,
        machine: r.machine,
        next: next ? { reservation: next.id, member: next.member } : null,
      });
    }
    if (now >= r.end && !running) verdicts.push({ kind: 'completed', reservation: r.id });
  }

  for (const u of usage) {
    if (!covered.has(u.id) && u.reservation === null)
      verdicts.push({ kind: 'walk_in', usage: u.id, machine: u.machine });
  }
  return verdicts;
}

export type Replan =
  | { readonly reservation: string; readonly to: string }
  | { readonly reservation: string; readonly cancel: true };

/**
 * A machine goes out of service: each of its reservations still to come moves to another machine
 * of the same kind on the site, needing the same training (or none), free for the slot and its
 * buffer; else it is cancelled. Earlier slots choose first; moved slots hold their new machine.
 */
export function replanForOutage(
  down: BookableMachine,
  affected: readonly Reservation[],
  others: ReadonlyArray<{
    readonly machine: BookableMachine;
    readonly reservations: readonly Reservation[];
  }>,
  now: number,
): Replan[] {
  const candidates = others
    .filter(
      (o) =>
        o.machine.id !== down.id &&
        o.machine.site === down.site &&
        o.machine.kind === down.kind &&
        o.machine.status === 'in_service',
    )
    .filter(
      (o) => o.machine.qualification === null || o.machine.qualification === down.qualification,
    )
    .map((o) => ({
      machine: o.machine,
      held: o.reservations
        .filter((r) => HOLDING_STATUSES.includes(r.status))
        .map((r) => ({ start: r.start, end: r.blocksUntil })),
    }));
  const plan: Replan[] = [];
  for (const r of [...affected]
    .filter((x) => HOLDING_STATUSES.includes(x.status) && x.end > now)
    .sort((a, b) => a.start - b.start)) {
    const target = candidates.find((c) => {
      const blocks = r.end + c.machine.bufferMin * MINUTE;
      return c.held.every((h) => !(h.start < blocks && r.start < h.end));
    });
    if (target) {
      target.held.push({ start: r.start, end: r.end + target.machine.bufferMin * MINUTE });
      plan.push({ reservation: r.id, to: target.machine.id });
    } else plan.push({ reservation: r.id, cancel: true });
  }
  return plan;
}
