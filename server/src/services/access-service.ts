/**
 * Access at the machine: loads what the rules need to judge a person starting a machine now
 * (`domain/booking/access.ts`), records the grant when allowed (the schedule keeper credits the
 * next usage session on the machine to that person), and warns them of the next slot. Also
 * keeps members' PIN or badge codes: as an HMAC-SHA-256 under the server's secret (looked up by
 * it, so not salted; keyed, so a copy of the database alone cannot be tried against the 10⁸
 * 8-digit codes offline). Hashes written before (plain SHA-256, without the `h1:` mark) are no
 * longer looked up nor reported as set: those members set or get a new code.
 * @module
 */
import { createHmac, randomInt } from 'node:crypto';
import { checkAccess, clockTime, type AccessDecision } from '../domain/booking/access.js';
import { awaitedCheck, checkRequired } from '../domain/booking/after-use-check.js';
import { type BookableMachine, type Member, rulesFor, type Site } from '../domain/booking/model.js';
import { periodAround } from '../domain/booking/quotas.js';
import { type AfterUseCheck, accessRepository, type RecordedGrant } from '../store/access.js';
import type { Db } from '../store/db.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { noticesRepository } from '../store/notices.js';
import { trainingsRepository } from '../store/trainings.js';
import { reservationsRepository } from '../store/reservations.js';
import { sitesRepository } from '../store/sites.js';
import { NotFoundError } from './booking-service.js';

const DAY = 86_400_000;
/** A PIN or a badge's code as its reader types it: 6 to 32 letters or digits. */
export const ACCESS_CODE = /^[0-9A-Za-z]{6,32}$/;
/** The stored form of a code; `h1:` marks the keyed form (older rows lack it and match nothing). */
export const KEYED_CODE = 'h1:';
const keyedHash = (secret: string, code: string) =>
  KEYED_CODE +
  createHmac('sha256', secret).update(`access-code:${code.toUpperCase()}`).digest('base64url');

export type AccessAnswer =
  | (AccessDecision & { readonly allowed: false; readonly member: Member | null })
  | (AccessDecision & {
      readonly allowed: true;
      readonly member: Member;
      readonly grant: RecordedGrant;
    });

export function accessService(db: Db, clock: () => number = Date.now, secret: string) {
  const repo = accessRepository(db);
  const hashOf = (code: string) => keyedHash(secret, code);
  /** Told the machine whenever what it awaits may have changed (see `onCheckChanged`). */
  const checkListeners = new Set<(machine: string) => void>();
  const checkChanged = (machine: string) => {
    for (const listener of checkListeners) listener(machine);
  };

  /** What the machine's rules ask to check after use, and the grant whose check it awaits now. */
  async function checkOf(
    site: Site,
    machine: BookableMachine,
    now: number,
  ): Promise<{ what: string | null; awaiting: RecordedGrant | null }> {
    const what = checkRequired(rulesFor(site, machine));
    if (what === null) return { what, awaiting: null };
    const last = await repo.lastGrantAt(machine.id, now);
    // Only a use given while the rule asked for a check awaits one: turning the rule on does not
    // make the machine's earlier use, which nobody was asked to check, block every start.
    if (!last?.check) return { what, awaiting: null };
    const confirmed = new Set((await repo.checksOf([last.id])).map((c) => c.grant));
    return { what, awaiting: awaitedCheck([last], confirmed, now) };
  }

  async function placeOf(machineId: string): Promise<{ site: Site; machine: BookableMachine }> {
    const machine = await bookableMachinesRepository(db).get(machineId);
    if (!machine) throw new NotFoundError('machine', machineId);
    const site = await sitesRepository(db).get(machine.site);
    if (!site) throw new NotFoundError('site', machine.site);
    return { site, machine };
  }

  async function decide(
    machineId: string,
    memberId: string,
    via:
      | { kind: 'gateway'; gateway: string }
      | {
          kind: 'dashboard' /** An artisan for themselves: their own slot only. */;
          holderOnly?: boolean;
        },
  ): Promise<AccessAnswer> {
    const now = clock();
    const { site, machine } = await placeOf(machineId);
    const members = membersRepository(db);
    const member = await members.get(memberId);
    if (!member)
      return {
        allowed: false,
        member: null,
        refusals: [{ code: 'member_unknown', member: memberId }],
      };
    // A code is looked up among every site's members: only a member of the machine's own site
    // may start it, as for booking (the gateway only proves which site it speaks for).
    if (!(await members.sitesOf(member.id)).includes(machine.site))
      return {
        allowed: false,
        member: null,
        refusals: [{ code: 'not_member_of_site', site: site.name }],
      };
    const plan = await members.getPlan(member.plan);
    if (!plan) throw new Error(`store inconsistent: plan ${member.plan} of ${member.id} missing`);
    const quals = trainingsRepository(db);
    const training = machine.qualification ? await quals.get(machine.qualification) : undefined;
    const grant = training
      ? (await quals.grantsOf(member.id)).find((g) => g.qualification === training.id)
      : undefined;
    const lastUse = training
      ? await bookableMachinesRepository(db).lastUse(member.id, training.id)
      : null;
    const reservations = reservationsRepository(db);
    const machineReservations = await reservations.list({
      machine: machine.id,
      statuses: ['confirmed', 'pending_approval'],
      from: now - DAY,
      to: now + DAY,
    });
    const periods = plan.quotas.map((q) => periodAround(now, q.period, site.timezone));
    const memberReservations =
      member.quotaExempt || periods.length === 0
        ? []
        : await reservations.list({
            member: member.id,
            from: Math.min(...periods.map((p) => p.start)),
            to: Math.max(...periods.map((p) => p.end)),
          });
    const groups = plan.quotas.some((q) => q.group !== undefined)
      ? await bookableMachinesRepository(db).groups()
      : undefined;
    const runningGrants = (await repo.grantsSince(now)).filter((g) => g.machine === machine.id);
    const check = await checkOf(site, machine, now);
    const decision = checkAccess({
      site,
      machine,
      member,
      plan,
      training,
      grant,
      lastUse,
      machineReservations,
      memberReservations,
      now,
      groupOf: groups ? (m) => groups.get(m) ?? null : undefined,
      runningGrants,
      awaitingCheck:
        check.what !== null && check.awaiting
          ? { what: check.what, since: check.awaiting.until }
          : null,
    });
    if (!decision.allowed) return { ...decision, member };
    // From afar, a walk-in would switch a free machine on with nobody proven at it: an artisan
    // starts a walk-in by their code at the machine, and only their own slot from the dashboard.
    if (via.kind === 'dashboard' && via.holderOnly && decision.as === 'walk_in')
      return { allowed: false, member, refusals: [{ code: 'walk_in_at_machine_only' }] };
    const recorded = await repo.addGrant({
      site: site.id,
      machine: machine.id,
      member: member.id,
      reservation: decision.reservation?.id ?? null,
      via: via.kind,
      gateway: via.kind === 'gateway' ? via.gateway : null,
      grantedAt: now,
      until: decision.until,
      check: checkRequired(rulesFor(site, machine)),
    });
    checkChanged(machine.id);
    // The person at the machine is told now when the next slot begins (they see it on the
    // gateway's page too), so they finish before its holder arrives.
    if (decision.next) {
      const at = clockTime(decision.next.start, site.timezone);
      await noticesRepository(db).add({
        member: member.id,
        kind: 'next_slot',
        reservation: decision.reservation?.id ?? null,
        text: {
          fr: `${machine.name} est réservée par quelqu’un d’autre à ${at} : terminez et libérez-la avant.`,
          en: `${machine.name} is booked by someone else at ${at}: finish and free it before then.`,
        },
        createdAt: now,
      });
    }
    return { ...decision, member, grant: recorded };
  }

  return {
    decide,

    /**
     * "J'ai fini": ends the running grant at the machine now — the caller's own (`member`), or
     * any for a manager — so it stops holding the machine for others (a walk-in's ran to the
     * next slot). The machine then awaits its after-use check, if its rules ask for one.
     */
    async release(
      machineId: string,
      by: { readonly member: string | null; readonly manager: boolean },
    ): Promise<RecordedGrant | undefined> {
      const now = clock();
      const running = (await repo.grantsSince(now))
        .filter((g) => g.machine === machineId && g.grantedAt <= now)
        .filter((g) => by.manager || g.member === by.member);
      for (const g of running) await repo.endGrant(g.id, now);
      if (running.length > 0) checkChanged(machineId);
      const last = running.at(-1);
      return last && { ...last, until: now };
    },

    /** The machine's after-use check: what to check (null: none) and the grant awaiting it. */
    async afterUseCheck(machineId: string) {
      const { site, machine } = await placeOf(machineId);
      return { site: site.id, ...(await checkOf(site, machine, clock())) };
    },

    /**
     * The machine's after-use check for the wall: what it awaits now (what to check, since when),
     * or null; and when the use running now ends and its check becomes due (null: none runs, or
     * it asks for no check), the one change no call announces.
     */
    async checkState(machineId: string): Promise<{
      readonly awaiting: { readonly what: string; readonly since: number } | null;
      readonly dueAt: number | null;
    }> {
      const now = clock();
      const { site, machine } = await placeOf(machineId);
      const { what, awaiting } = await checkOf(site, machine, now);
      if (what === null) return { awaiting: null, dueAt: null };
      if (awaiting) return { awaiting: { what, since: awaiting.until }, dueAt: null };
      const last = await repo.lastGrantAt(machine.id, now);
      return { awaiting: null, dueAt: last?.check && last.until > now ? last.until : null };
    },

    /**
     * Calls `listener` with the machine whenever what it awaits may have changed: a grant given
     * or ended there, its check confirmed, its rules (or its site's) saved; returns the way to
     * stop.
     */
    onCheckChanged(listener: (machine: string) => void): () => void {
      checkListeners.add(listener);
      return () => checkListeners.delete(listener);
    },

    /** These machines' rules were saved (their own or their site's): they may ask another check. */
    rulesChanged(machines: readonly string[]): void {
      for (const machine of machines) checkChanged(machine);
    },

    /**
     * Confirms the check the machine awaits, by the grant's own person (`member`) or a manager
     * (`manager: true`). 'nothing': no check is awaited; 'not_yours': someone else's use.
     */
    async confirmCheck(
      machineId: string,
      by: { readonly account: string; readonly member: string | null; readonly manager: boolean },
      note: string | null,
    ): Promise<
      | { readonly done: true; readonly check: AfterUseCheck; readonly grant: RecordedGrant }
      | { readonly done: false; readonly why: 'nothing' | 'not_yours' }
    > {
      const now = clock();
      const { site, machine } = await placeOf(machineId);
      const { awaiting } = await checkOf(site, machine, now);
      if (!awaiting) return { done: false, why: 'nothing' };
      const byUser = by.member === awaiting.member;
      if (!byUser && !by.manager) return { done: false, why: 'not_yours' };
      const check: AfterUseCheck = {
        grant: awaiting.id,
        site: site.id,
        machine: machine.id,
        confirmedBy: by.account,
        byUser,
        confirmedAt: now,
        note,
      };
      // Two confirmations at once: the second finds it done, which is what it wanted.
      await repo.confirmCheck(check);
      checkChanged(machine.id);
      return { done: true, check, grant: awaiting };
    },

    /**
     * The uses of a site's machines asking for a check that ended in [from, to), each with its
     * confirmation or null (missing: the machine still awaits it, or a later use let it go).
     */
    async checksOfSite(siteId: string, from: number, to: number) {
      const site = await sitesRepository(db).get(siteId);
      if (!site) throw new NotFoundError('site', siteId);
      return repo.checksEnded(siteId, from, Math.min(to, clock() + 1));
    },

    /** The site's machines awaiting their after-use check now, each with the grant it awaits. */
    async awaitingChecks(siteId: string): Promise<RecordedGrant[]> {
      const site = await sitesRepository(db).get(siteId);
      if (!site) throw new NotFoundError('site', siteId);
      const now = clock();
      const awaited: RecordedGrant[] = [];
      for (const machine of await bookableMachinesRepository(db).list({ site: siteId })) {
        const { awaiting } = await checkOf(site, machine, now);
        if (awaiting) awaited.push(awaiting);
      }
      return awaited;
    },

    /** The member a code names (undefined: nobody; the caller says `access_code_unknown`). */
    memberByCode: (code: string) =>
      ACCESS_CODE.test(code) ? repo.memberByCode(hashOf(code)) : Promise.resolve(undefined),

    /** Sets the member's code; false when it is another member's already. */
    setCode: (member: string, code: string, by: string) =>
      repo.setCode(member, hashOf(code), by, clock()),

    /** A fresh 8-digit code for the member (shown once), retried on the rare collision. */
    async issueCode(member: string, by: string): Promise<string> {
      for (;;) {
        const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
        if (await repo.setCode(member, hashOf(code), by, clock())) return code;
      }
    },

    clearCode: (member: string) => repo.clearCode(member),
    hasCode: (member: string) => repo.hasCode(member),
    grantsSince: (since: number) => repo.grantsSince(since),
  };
}
export type AccessService = ReturnType<typeof accessService>;
