/**
 * Keeping the schedule true to the machines: compares reservations with measured use and says what
 * changed. Real workshops are the normal case here, not the edge: a third of jobs run past their
 * estimate, one slot in ten is never used, three jobs in ten stop early, prints run overnight.
 * - **used**: the first job that starts in a slot (or just before it, setting up) is the holder's,
 *   and so are the ones they start again before the slot is released; a job the machine says
 *   someone else started (`startedBy`) is theirs, not the holder's.
 * - **no_show**: no use within the grace period; the rest of the slot is released.
 * - **released**: the holder's job ended well before the slot's end and nothing started again
 *   within the site's release grace: the rest goes back (to the waitlist); the reservation is
 *   completed, held up to the release. Jobs starting after that are walk-ins.
 * - **overrun**: a job still running after its slot's end, reported once (the next holder is
 *   warned when it happens); the reservation completes when that job ends.
 * - **completed**: the slot is over and its use has ended.
 * - **walk_in**: use no reservation covers, for a manager to attach (or its starter, when known).
 * When a machine goes into maintenance or out of order, `movesForOutage` says where its
 * reservations go. Pure: the schedule keeper (services/schedule-keeper.ts) applies the verdicts.
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
  /** Who started the job, when the machine knows (access at the machine); null or absent: unknown. */
  readonly startedBy?: string | null | undefined;
}

/** The per-machine rules the keeper applies (minutes), from the site's rules and the machine's overrides. */
export interface KeepingRules {
  /** A slot with no use this long after its start is a no-show. */
  readonly noShowGraceMin: number;
  /** After the holder's job ends early, the rest of the slot is released once this has passed with nothing running. */
  readonly releaseGraceMin: number;
  /** A rest shorter than the minimum booking is not worth releasing: it stays the holder's. */
  readonly minMin: number;
}

export type ScheduleVerdict =
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
      /** The job is still running (the session is not recorded yet). */
      readonly live: boolean;
    }
  | {
      readonly kind: 'released';
      readonly reservation: string;
      readonly member: string;
      readonly machine: string;
      /** The slot is the holder's up to here; `[at, end)` is free. */
      readonly at: number;
      readonly end: number;
    }
  | { readonly kind: 'completed'; readonly reservation: string }
  | {
      readonly kind: 'overrun';
      readonly reservation: string;
      readonly usage: string;
      readonly machine: string;
      readonly next: { readonly reservation: string; readonly member: string } | null;
    }
  | {
      readonly kind: 'walk_in';
      readonly usage: string;
      readonly machine: string;
      /** Who started it, when the machine said so: attach it to them. */
      readonly member: string | null;
    };

/** The use a reservation claims, in start order, and whether (and when) its rest was released. */
function claim(
  r: Reservation,
  spans: readonly UsageSpan[],
  taken: ReadonlySet<string>,
  rules: KeepingRules,
): { claimed: UsageSpan[]; releasedAt: number | null } {
  const grace = rules.noShowGraceMin * MINUTE;
  const mine = spans
    .filter(
      (u) =>
        u.machine === r.machine &&
        !taken.has(u.id) &&
        (u.reservation === r.id ||
          (u.reservation === null &&
            (u.startedBy == null || u.startedBy === r.member) &&
            u.start >= r.start - grace &&
            u.start < r.end)),
    )
    .sort((a, b) => a.start - b.start);
  const claimed: UsageSpan[] = [];
  let lastEnd: number | null = null;
  for (const u of mine) {
    // After an early end, a job starting once the rest was released is someone else's.
    if (u.reservation === null && lastEnd !== null && releasable(r, lastEnd, rules) <= u.start)
      return { claimed, releasedAt: releasable(r, lastEnd, rules) };
    claimed.push(u);
    lastEnd = u.end === null ? null : Math.max(lastEnd ?? u.end, u.end);
    if (u.end === null) break;
  }
  return { claimed, releasedAt: null };
}

/** When the rest of `r` is released after use ending at `lastEnd` (Infinity: never, too little left). */
function releasable(r: Reservation, lastEnd: number, rules: KeepingRules): number {
  const at = lastEnd + rules.releaseGraceMin * MINUTE;
  return r.end - at >= rules.minMin * MINUTE ? at : Number.POSITIVE_INFINITY;
}

/**
 * @param reservations confirmed reservations to judge: every one not yet completed (however old:
 *   a reservation is never left confirmed past its use) and the coming ones (overruns name them)
 * @param usage use of the same machines: sessions attached to these reservations, unattached ones
 *   since the earliest of them, and the jobs running now (end null)
 * @param rules per machine
 * @param alreadyWarned overruns already reported (reservation ids): not reported twice
 */
export function judgeSchedule(
  reservations: readonly Reservation[],
  usage: readonly UsageSpan[],
  now: number,
  rules: (machine: string) => KeepingRules,
  alreadyWarned: ReadonlySet<string> = new Set(),
): ScheduleVerdict[] {
  const verdicts: ScheduleVerdict[] = [];
  const holding = reservations.filter((r) => r.status === 'confirmed');
  const covered = new Set<string>();

  for (const r of [...holding].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id))) {
    if (r.start > now) continue;
    const rr = rules(r.machine);
    const { claimed, releasedAt } = claim(r, usage, covered, rr);
    for (const u of claimed) {
      covered.add(u.id);
      if (u.reservation === null)
        verdicts.push({
          kind: 'used',
          reservation: r.id,
          usage: u.id,
          member: r.member,
          live: u.end === null,
        });
    }
    if (claimed.length === 0) {
      if (now >= r.start + rr.noShowGraceMin * MINUTE)
        verdicts.push({ kind: 'no_show', reservation: r.id, member: r.member, machine: r.machine });
      continue;
    }
    const running = claimed.find((u) => u.end === null);
    if (running) {
      // Exactly at the end the job is not late yet; after it, it is, once.
      if (now > r.end && !alreadyWarned.has(r.id)) {
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
      continue;
    }
    const lastEnd = Math.max(...claimed.map((u) => u.end ?? now));
    const release = releasedAt ?? releasable(r, lastEnd, rr);
    if (release <= now && release < r.end)
      verdicts.push({
        kind: 'released',
        reservation: r.id,
        member: r.member,
        machine: r.machine,
        at: release,
        end: r.end,
      });
    else if (now >= r.end) verdicts.push({ kind: 'completed', reservation: r.id });
  }

  for (const u of usage) {
    if (!covered.has(u.id) && u.reservation === null && u.end !== null)
      verdicts.push({
        kind: 'walk_in',
        usage: u.id,
        machine: u.machine,
        member: u.startedBy ?? null,
      });
  }
  return verdicts;
}

export type OutageMove =
  | { readonly reservation: string; readonly to: string }
  | { readonly reservation: string; readonly cancel: true };

/**
 * A machine goes out of service: each of its reservations still to come moves to another machine
 * of the same kind on the site, needing the same training (or none), free for the slot and its
 * buffer; else it is cancelled. Earlier slots choose first; moved slots hold their new machine.
 */
export function movesForOutage(
  down: BookableMachine,
  affected: readonly Reservation[],
  others: ReadonlyArray<{
    readonly machine: BookableMachine;
    readonly reservations: readonly Reservation[];
  }>,
  now: number,
): OutageMove[] {
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
  const moves: OutageMove[] = [];
  for (const r of [...affected]
    .filter((x) => HOLDING_STATUSES.includes(x.status) && x.end > now)
    .sort((a, b) => a.start - b.start)) {
    const target = candidates.find((c) => {
      const blocks = r.end + c.machine.bufferMin * MINUTE;
      return c.held.every((h) => !(h.start < blocks && r.start < h.end));
    });
    if (target) {
      target.held.push({ start: r.start, end: r.end + target.machine.bufferMin * MINUTE });
      moves.push({ reservation: r.id, to: target.machine.id });
    } else moves.push({ reservation: r.id, cancel: true });
  }
  return moves;
}
