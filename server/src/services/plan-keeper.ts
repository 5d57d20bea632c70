/**
 * The plan keeper: every minute, compares reservations with measured use and applies the
 * verdicts of `judgePlan` — no-shows release their time, used slots are attached to their usage
 * session, overruns warn the next holder, finished slots complete. When a machine goes into
 * maintenance or out of order, it moves or cancels the reservations it affects
 * (`replanForOutage`) and tells each member.
 * @module
 */
import { rulesFor, type Reservation } from '../domain/booking/model.js';
import {
  judgePlan,
  replanForOutage,
  type PlanVerdict,
  type Replan,
  type UsageSpan,
} from '../domain/booking/plan-keeping.js';
import type { Db } from '../store/db.js';
import type { OnFreed } from './booking-service.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { noticesRepository } from '../store/notices.js';
import { reservationsRepository } from '../store/reservations.js';
import { sitesRepository } from '../store/sites.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';

const DAY = 86_400_000;
const hhmm = (ms: number, tz: string) =>
  new Date(ms).toLocaleString('fr-FR', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' });

export interface LiveJob {
  readonly machine: string;
  readonly job: string;
  readonly startedAt: number;
}

export function planKeeper(
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
  let timer: NodeJS.Timeout | undefined;

  async function runOnce(): Promise<PlanVerdict[]> {
    const now = clock();
    const all = await machines.list();
    const sites = new Map((await sitesRepository(db).list()).map((s) => [s.id, s]));
    const grace = new Map(
      all.map((m) => [
        m.id,
        sites.get(m.site) ? rulesFor(sites.get(m.site)!, m).noShowGraceMin : 15,
      ]),
    );
    // Coming reservations too: an overrun warns the next holder.
    const held = await reservations.list({
      statuses: ['confirmed'],
      from: now - 2 * DAY,
      to: now + DAY,
    });
    const spans: UsageSpan[] = (await usage.spansSince(now - 2 * DAY)).map((s) => ({
      id: s.id,
      machine: s.machine,
      start: s.start,
      end: s.end,
      reservation: s.reservation,
    }));
    for (const j of options.liveJobs?.() ?? []) {
      if (!spans.some((s) => s.id === j.job))
        spans.push({
          id: j.job,
          machine: j.machine,
          start: j.startedAt,
          end: null,
          reservation: null,
        });
    }
    const warned = new Set(
      (
        await db
          .selectFrom('reservations')
          .select('id')
          .where('overrun_warned_at', 'is not', null)
          .where('ends_at', '>=', now - 2 * DAY)
          .execute()
      ).map((r) => r.id),
    );
    const verdicts = judgePlan(held, spans, now, (m) => grace.get(m) ?? 15, warned);
    const byId = new Map(held.map((r) => [r.id, r]));
    for (const v of verdicts) {
      switch (v.kind) {
        case 'no_show':
          await reservations.setStatus(v.reservation, 'no_show', 'plan-keeper', now);
          log(
            `plan: reservation ${v.reservation} of ${v.member} on ${v.machine} is a no-show; its time is released`,
          );
          {
            const r = byId.get(v.reservation);
            const m = all.find((x) => x.id === v.machine);
            if (r && m)
              await options.onFreed?.({
                site: m.site,
                machine: m.id,
                kind: m.kind,
                start: now,
                end: r.end,
              });
          }
          break;
        case 'used':
          await usage.attach(v.usage, v.member, v.reservation);
          break;
        case 'completed':
          await reservations.setStatus(v.reservation, 'completed', 'plan-keeper', now);
          break;
        case 'overrun': {
          await db
            .updateTable('reservations')
            .set({ overrun_warned_at: now })
            .where('id', '=', v.reservation)
            .execute();
          const next = v.next && byId.get(v.next.reservation);
          log(
            `plan: a job on ${v.machine} runs past reservation ${v.reservation}${v.next ? `; warning ${v.next.member}` : ''}`,
          );
          if (v.next) {
            const tz =
              sites.get(all.find((m) => m.id === v.machine)?.site ?? '')?.timezone ??
              'Europe/Paris';
            const at = next ? hhmm(next.start, tz) : '';
            await notices.add({
              member: v.next.member,
              kind: 'overrun',
              reservation: v.next.reservation,
              text: {
                fr: `La machine ${v.machine} est encore occupée par le créneau précédent ; votre réservation du ${at} pourrait commencer en retard.`,
                en: `Machine ${v.machine} is still busy with the previous slot; your booking of ${at} may start late.`,
              },
              createdAt: now,
            });
          }
          break;
        }
        case 'walk_in':
          // Stays unattached until a manager or the member claims it (PUT /api/usage-sessions/{id}/member).
          break;
      }
    }
    await options.onTick?.();
    return verdicts;
  }

  /** A machine went into maintenance or out of order: move its coming reservations, or cancel them. */
  async function machineWentDown(machineId: string): Promise<Replan[]> {
    const now = clock();
    const down = await machines.get(machineId);
    if (!down || down.status === 'in_service') return [];
    const affected = await reservations.list({
      machine: machineId,
      statuses: ['pending_approval', 'confirmed'],
      from: now,
    });
    if (affected.length === 0) return [];
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
    const tz = (await sitesRepository(db).get(down.site))?.timezone ?? 'Europe/Paris';
    const plan = replanForOutage(down, affected, twins, now);
    const byId = new Map<string, Reservation>(affected.map((r) => [r.id, r]));
    const why =
      down.status === 'maintenance'
        ? { fr: 'en maintenance', en: 'under maintenance' }
        : { fr: 'hors service', en: 'out of order' };
    for (const step of plan) {
      const r = byId.get(step.reservation)!;
      const at = hhmm(r.start, tz);
      if ('to' in step) {
        const target = twins.find((t) => t.machine.id === step.to)!.machine;
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
            en: `${down.name} is ${why.en}: your booking of ${at} moves to ${target.name}.`,
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
            en: `${down.name} is ${why.en} and no equivalent machine is free: your booking of ${at} is cancelled.`,
          },
          createdAt: now,
        });
      }
    }
    log(
      `plan: ${down.id} ${down.status}: ${plan.filter((p) => 'to' in p).length} reservation(s) moved, ${plan.filter((p) => 'cancel' in p).length} cancelled`,
    );
    return plan;
  }

  return {
    runOnce,
    machineWentDown,
    start(everyMs = 60_000) {
      timer = setInterval(
        () =>
          void runOnce().catch((e: unknown) =>
            log(`plan keeper failed: ${e instanceof Error ? e.message : String(e)}`),
          ),
        everyMs,
      );
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
export type PlanKeeper = ReturnType<typeof planKeeper>;
