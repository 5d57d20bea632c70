/**
 * The schedule keeper: every minute, compares reservations with measured use and applies the
 * verdicts of `judgeSchedule` — no-shows and early finishes release their time (offered to the
 * waitlist), used slots are attached to their job (a running one too: `job_attachments`), one
 * overrun notice goes to the next holder when a job runs past its slot, finished slots complete.
 * Every confirmed reservation is judged until it completes, whatever its age, from one load of
 * reservations and the use attached to them. When a machine goes into maintenance or out of
 * order, it moves or cancels the reservations it affects (`movesForOutage`) and tells each member.
 * @module
 */
import { type BookableMachine, rulesFor, type Reservation } from '../domain/booking/model.js';
import {
  judgeSchedule,
  movesForOutage,
  type KeepingRules,
  type ScheduleVerdict,
  type OutageMove,
  type UsageSpan,
} from '../domain/booking/schedule-keeping.js';
import { clockTime, grantsToWarn, starterOf } from '../domain/booking/access.js';
import type { Refusal } from '../domain/booking/refusals.js';
import type { Db } from '../store/db.js';
import { NotFoundError, type OnFreed } from './booking-service.js';
import { accessRepository } from '../store/access.js';
import { jobAttachmentsRepository } from '../store/job-attachments.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { noticesRepository } from '../store/notices.js';
import { reservationsRepository } from '../store/reservations.js';
import { sitesRepository } from '../store/sites.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';

const DAY = 86_400_000;
/** The person at a machine is warned this long before someone else's slot needs it. */
const WARN_LEAD_MIN = 10;
const hhmm = (ms: number, tz: string) =>
  new Date(ms).toLocaleString('fr-FR', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' });

export interface LiveJob {
  readonly machine: string;
  readonly job: string;
  readonly startedAt: number;
  /** The member who started it, when the machine knows (access at the machine). */
  readonly startedBy?: string | null | undefined;
}

export function scheduleKeeper(
  db: Db,
  options: {
    clock?: () => number;
    liveJobs?: () => LiveJob[];
    log?: (line: string) => void;
    onFreed?: OnFreed;
    onTick?: () => Promise<unknown>;
  } = {},
) {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => undefined);
  const reservations = reservationsRepository(db);
  const machines = bookableMachinesRepository(db);
  const notices = noticesRepository(db);
  const usage = usageSessionsRepository(db);
  const attachments = jobAttachmentsRepository(db);
  let timer: NodeJS.Timeout | undefined;
  /** The timer's pass under way, if any. */
  let running: Promise<void> | undefined;

  async function freed(machineId: string, start: number, end: number) {
    const m = await machines.get(machineId);
    if (m && end > start)
      await options.onFreed?.({ site: m.site, machine: m.id, kind: m.kind, start, end });
  }

  async function runOnce(): Promise<ScheduleVerdict[]> {
    const now = clock();
    const all = await machines.list();
    const sites = new Map((await sitesRepository(db).list()).map((s) => [s.id, s]));
    const rules = new Map<string, KeepingRules>();
    for (const m of all) {
      const site = sites.get(m.site);
      if (site) rules.set(m.id, rulesFor(site, m));
    }
    const rulesOf = (machine: string) =>
      rules.get(machine) ?? { noShowGraceMin: 15, releaseGraceMin: 15, minMin: 30 };
    // Every confirmed reservation not yet over (a slot is judged until it completes), and the
    // coming day's (an overrun names the next holder). One load: no window to fall out of.
    const held = await reservations.list({ statuses: ['confirmed'], to: now + DAY });
    const ids = held.map((r) => r.id);
    const earliest = Math.min(now - DAY, ...held.map((r) => r.start - DAY));
    const spans: UsageSpan[] = await usage.spansForKeeping(ids, earliest);
    const recorded = new Set(spans.map((s) => s.id));
    const live = options.liveJobs?.() ?? [];
    for (const j of live)
      if (!recorded.has(j.job))
        spans.push({
          id: j.job,
          machine: j.machine,
          start: j.startedAt,
          end: null,
          reservation: null,
          startedBy: j.startedBy ?? null,
        });
    // Jobs given to a reservation while running: their session takes the attachment when it
    // arrives; one that vanished without a session counts as ended when last seen.
    const liveIds = new Set(live.map((j) => j.job));
    for (const a of await attachments.list()) {
      const i = spans.findIndex((s) => s.id === a.job);
      const span = spans[i];
      if (span && recorded.has(a.job)) {
        if (span.reservation === null) await usage.attach(a.job, a.member, a.reservation);
        await attachments.remove(a.job);
        spans[i] = { ...span, reservation: a.reservation };
      } else if (span) spans[i] = { ...span, reservation: a.reservation };
      else if (!liveIds.has(a.job))
        spans.push({
          id: a.job,
          machine: a.machine,
          start: a.startedAt,
          end: a.seenAt,
          reservation: a.reservation,
        });
    }
    // Who unlocked the machine before a job began started it (access at the machine): theirs,
    // not the slot holder's.
    const grants = await accessRepository(db).grantsSince(earliest);
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i]!;
      if (s.reservation === null && s.startedBy == null)
        spans[i] = { ...s, startedBy: starterOf(grants, s.machine, s.start) };
    }
    const warned = await reservations.overrunWarned(ids);
    const verdicts = judgeSchedule(held, spans, now, rulesOf, warned);
    const byId = new Map(held.map((r) => [r.id, r]));
    for (const v of verdicts) await apply(v, byId, sites, all, now, live);
    await warnBeforeNextSlot(grants, held, all, sites, now);
    await options.onTick?.();
    return verdicts;
  }

  /** The person who unlocked a machine is told, once, when someone else's slot is about to need it. */
  async function warnBeforeNextSlot(
    grants: Awaited<ReturnType<ReturnType<typeof accessRepository>['grantsSince']>>,
    held: readonly Reservation[],
    all: readonly BookableMachine[],
    sites: ReadonlyMap<string, { timezone: string }>,
    now: number,
  ): Promise<void> {
    const machineOf = new Map(all.map((m) => [m.id, m]));
    const due = grantsToWarn(
      grants,
      held,
      now,
      WARN_LEAD_MIN,
      (m) => machineOf.get(m)?.bufferMin ?? 0,
    );
    for (const { grant, next } of due) {
      if (!(await accessRepository(db).markWarned(grant.id, now))) continue;
      const m = machineOf.get(grant.machine);
      const at = clockTime(next.start, sites.get(grant.site)?.timezone ?? 'Europe/Paris');
      await notices.add({
        member: grant.member,
        kind: 'next_slot',
        reservation: grant.reservation,
        text: {
          fr: `${m?.name ?? grant.machine} : le créneau suivant commence à ${at}. Terminez et libérez la machine.`,
          en: `${m?.name ?? grant.machine}: the next slot begins at ${at}. Finish and free the machine.`,
        },
        createdAt: now,
      });
    }
  }

  async function apply(
    v: ScheduleVerdict,
    byId: ReadonlyMap<string, Reservation>,
    sites: ReadonlyMap<string, { timezone: string }>,
    all: ReadonlyArray<{ id: string; site: string }>,
    now: number,
    live: readonly LiveJob[],
  ): Promise<void> {
    switch (v.kind) {
      case 'no_show':
        await reservations.setStatus(v.reservation, 'no_show', 'plan-keeper', now);
        log(
          `schedule: reservation ${v.reservation} of ${v.member} on ${v.machine} is a no-show; its time is released`,
        );
        await freed(v.machine, now, byId.get(v.reservation)?.end ?? now);
        return;
      case 'used':
        if (v.live) {
          const j = live.find((x) => x.job === v.usage);
          const machine = byId.get(v.reservation)?.machine ?? '';
          await attachments.seen({
            job: v.usage,
            machine,
            reservation: v.reservation,
            member: v.member,
            startedAt: j?.startedAt ?? now,
            seenAt: now,
          });
        } else await usage.attach(v.usage, v.member, v.reservation);
        return;
      case 'released':
        await reservations.release(v.reservation, v.at, now);
        log(
          `schedule: the job in reservation ${v.reservation} of ${v.member} on ${v.machine} ended early; the rest of the slot is released`,
        );
        await freed(v.machine, Math.max(now, v.at), v.end);
        return;
      case 'completed':
        await reservations.setStatus(v.reservation, 'completed', 'plan-keeper', now);
        return;
      case 'overrun': {
        // The mark is the once: a second keeper (or a retried tick) finds it set and says nothing.
        if (!(await reservations.markOverrunWarned(v.reservation, now))) return;
        const next = v.next && byId.get(v.next.reservation);
        log(
          `schedule: a job on ${v.machine} runs past reservation ${v.reservation}${v.next ? `; warning ${v.next.member}` : ''}`,
        );
        if (v.next) {
          const tz =
            sites.get(all.find((m) => m.id === v.machine)?.site ?? '')?.timezone ?? 'Europe/Paris';
          const at = next ? hhmm(next.start, tz) : '';
          await notices.add({
            member: v.next.member,
            kind: 'overrun',
            reservation: v.next.reservation,
            text: {
              fr: `La machine ${v.machine} est encore occupée par le créneau précédent ; votre réservation du ${at} pourrait commencer en retard.`,
              en: `Machine ${v.machine} is still busy with the previous slot; your reservation of ${at} may start late.`,
            },
            createdAt: now,
          });
        }
        return;
      }
      case 'walk_in':
        // The machine said who started it: theirs. Else it stays unattached until a manager or
        // the member claims it (PUT /api/usage-sessions/{id}/member).
        if (v.member) await usage.attach(v.usage, v.member, null);
        return;
    }
  }

  /**
   * The holder (or a manager) ends a started slot early: the rest is released now and offered
   * to the waitlist; the reservation is completed, held and billed up to now.
   */
  async function endEarly(
    id: string,
  ): Promise<{ ok: true; reservation: Reservation } | { ok: false; refusals: Refusal[] }> {
    const now = clock();
    const r = await reservations.get(id);
    if (!r) throw new NotFoundError('reservation', id);
    if (r.status !== 'confirmed')
      return { ok: false, refusals: [{ code: 'not_cancellable', status: r.status }] };
    if (now < r.start) return { ok: false, refusals: [{ code: 'slot_not_started' }] };
    if (now >= r.end) return { ok: false, refusals: [{ code: 'slot_over' }] };
    if ((options.liveJobs?.() ?? []).some((j) => j.machine === r.machine))
      return { ok: false, refusals: [{ code: 'job_still_running' }] };
    await reservations.release(id, now, now);
    log(`schedule: reservation ${id} of ${r.member} on ${r.machine} ended early by its holder`);
    await freed(r.machine, now, r.end);
    return { ok: true, reservation: { ...r, status: 'completed', releasedAt: now } };
  }

  /**
   * What taking `down` out of service would do to its coming reservations (none when it is in
   * service): each moved to a twin, or cancelled. Reads only; `machineWentDown` applies it, and
   * the manager's screen shows it before they confirm.
   */
  async function outageMoves(down: BookableMachine): Promise<{
    readonly moves: OutageMove[];
    readonly affected: readonly Reservation[];
    readonly twins: readonly BookableMachine[];
  }> {
    const now = clock();
    if (down.status === 'in_service') return { moves: [], affected: [], twins: [] };
    const affected = await reservations.list({
      machine: down.id,
      statuses: ['pending_approval', 'confirmed'],
      from: now,
    });
    if (affected.length === 0) return { moves: [], affected, twins: [] };
    const horizon = Math.max(...affected.map((r) => r.blocksUntil));
    const twins = [];
    for (const m of await machines.list({ site: down.site, kind: down.kind })) {
      if (m.id !== down.id)
        twins.push({
          machine: m,
          reservations: await reservations.list({
            machine: m.id,
            statuses: ['pending_approval', 'confirmed'],
            from: now,
            to: horizon,
          }),
        });
    }
    return {
      moves: movesForOutage(down, affected, twins, now),
      affected,
      twins: twins.map((t) => t.machine),
    };
  }

  /** A machine went into maintenance or out of order: move its coming reservations, or cancel them. */
  async function machineWentDown(machineId: string): Promise<OutageMove[]> {
    const now = clock();
    const down = await machines.get(machineId);
    if (!down || down.status === 'in_service') return [];
    const { moves, affected, twins } = await outageMoves(down);
    if (affected.length === 0) return [];
    const tz = (await sitesRepository(db).get(down.site))?.timezone ?? 'Europe/Paris';
    const byId = new Map<string, Reservation>(affected.map((r) => [r.id, r]));
    const why =
      down.status === 'maintenance'
        ? { fr: 'en maintenance', en: 'under maintenance' }
        : { fr: 'hors service', en: 'out of order' };
    for (const step of moves) {
      const r = byId.get(step.reservation)!;
      const at = hhmm(r.start, tz);
      if ('to' in step) {
        const target = twins.find((t) => t.id === step.to)!;
        await reservations.move(r.id, {
          machine: target.id,
          start: r.start,
          end: r.end,
          blocksUntil: r.end + target.bufferMin * 60_000,
        });
        await notices.add({
          member: r.member,
          kind: 'reservation_moved',
          reservation: r.id,
          text: {
            fr: `${down.name} est ${why.fr} : votre réservation du ${at} passe sur ${target.name}.`,
            en: `${down.name} is ${why.en}: your reservation of ${at} moves to ${target.name}.`,
          },
          createdAt: now,
        });
      } else {
        await reservations.setStatus(r.id, 'cancelled', 'plan-keeper', now);
        await notices.add({
          member: r.member,
          kind: 'reservation_cancelled',
          reservation: r.id,
          text: {
            fr: `${down.name} est ${why.fr} et aucune machine équivalente n’est libre : votre réservation du ${at} est annulée.`,
            en: `${down.name} is ${why.en} and no equivalent machine is free: your reservation of ${at} is cancelled.`,
          },
          createdAt: now,
        });
      }
    }
    log(
      `schedule: ${down.id} ${down.status}: ${moves.filter((p) => 'to' in p).length} reservation(s) moved, ${moves.filter((p) => 'cancel' in p).length} cancelled`,
    );
    return moves;
  }

  return {
    runOnce,
    endEarly,
    outageMoves,
    machineWentDown,
    /** A pass every `everyMs`; a pass still under way when the next is due lets it go by. */
    start(everyMs = 60_000) {
      timer = setInterval(() => {
        running ??= runOnce()
          .then(() => undefined)
          .catch((e: unknown) =>
            log(`schedule keeper failed: ${e instanceof Error ? e.message : String(e)}`),
          )
          .finally(() => (running = undefined));
      }, everyMs);
      timer.unref();
    },
    /** Stops the timer; answers the pass in flight, to await before the store closes. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
export type ScheduleKeeper = ReturnType<typeof scheduleKeeper>;
