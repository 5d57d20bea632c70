/**
 * "Any laser" (or any machine of a group, or several units of one): the candidates of the kind or
 * group on the sites looked on, each judged by the rules with what can collide with the slot,
 * read once for all of them, and how long each is held that local day (the least booked is
 * preferred). Candidates on one site needing one training share all their context but the machine.
 * @module
 */
import type { BookableMachine, Reservation, Site } from '../../domain/booking/model.js';
import type { Refusal } from '../../domain/booking/refusals.js';
import { chooseMachines, localDayAround, type BookingContext } from '../../domain/booking/rules.js';
import type { Interval } from '../../domain/booking/site-calendar.js';
import type { Db } from '../../store/db.js';
import { bookableMachinesRepository } from '../../store/machines.js';
import { reservationsRepository } from '../../store/reservations.js';
import { sitesRepository } from '../../store/sites.js';
import { isRefusal, type Operation, type RuleContexts, type SharedContext } from './context.js';
import type { BookRequest } from './request.js';

/** The machines picked (the first is the booking's own) and the first one's context, or why none. */
export async function pickAnyMachines(
  trx: Db,
  op: Operation,
  contexts: RuleContexts,
  req: BookRequest,
  lookOn: readonly string[] | undefined,
  slot: Interval,
  units: number,
  blocked: (m: BookableMachine) => Interval,
): Promise<
  { machines: readonly BookableMachine[]; ctx: BookingContext } | { ok: false; refusals: Refusal[] }
> {
  const machines = bookableMachinesRepository(trx);
  const kind = req.group === undefined ? (req.kind ?? 'other') : req.kind;
  const filter = { site: req.site, sites: lookOn, kind, group: req.group };
  const where = `${req.site ?? '*'}:${lookOn?.join(',') ?? '*'}:${kind ?? '*'}:${req.group ?? '*'}`;
  const all = await op.view.get(`machines:${where}`, () => machines.list(filter));
  // Two queries for every candidate: what can collide with the slot, and how long each
  // is held on the slot's local day (the least booked machine that day is preferred).
  const sites = new Map<string, Site | undefined>();
  for (const m of all)
    if (!sites.has(m.site))
      sites.set(
        m.site,
        await op.view.get(`site:${m.site}`, () => sitesRepository(trx).get(m.site)),
      );
  const reservations = reservationsRepository(trx);
  let blockedEnd = slot.end;
  for (const m of all) blockedEnd = Math.max(blockedEnd, blocked(m).end);
  const held = await reservations.collidingAny(
    all.map((m) => m.id),
    { start: slot.start, end: blockedEnd },
  );
  const byMachine = new Map<string, Reservation[]>();
  for (const r of held) {
    const list = byMachine.get(r.machine);
    if (list) list.push(r);
    else byMachine.set(r.machine, [r]);
  }
  // Per time zone (the sites of one workshop share one): that zone's local day.
  const heldThatDay = new Map<string, number>();
  const zones = new Set<string>();
  for (const site of sites.values()) if (site) zones.add(site.timezone);
  for (const zone of zones) {
    const day = localDayAround(slot.start, zone);
    const ids = all.filter((m) => sites.get(m.site)?.timezone === zone).map((m) => m.id);
    for (const [id, ms] of await reservations.heldMsStartingIn(ids, day.start, day.end))
      heldThatDay.set(id, ms);
  }
  // Candidates on one site needing one training share all their context but the machine.
  const shared = new Map<string, SharedContext | Refusal>();
  const candidates = [];
  for (const m of all) {
    const key = `${m.site}\u0000${m.qualification ?? ''}`;
    let base = shared.get(key);
    if (!base) {
      base = await contexts.sharedContext(trx, op, m.site, m.qualification, req.member, slot);
      shared.set(key, base);
    }
    if (isRefusal(base)) return { ok: false, refusals: [base] };
    candidates.push({
      ctx: contexts.withMachine(base, m, byMachine.get(m.id) ?? []),
      bookedMsThatDay: heldThatDay.get(m.id) ?? 0,
    });
  }
  const of = req.group !== undefined ? { group: req.group } : { kind: kind ?? 'other' };
  const pick = chooseMachines(of, candidates, slot, units);
  if ('refusals' in pick) return { ok: false, refusals: pick.refusals };
  const first = pick.machines[0]!.id;
  return { machines: pick.machines, ctx: candidates.find((c) => c.ctx.machine.id === first)!.ctx };
}
