/**
 * Usage accounting over the store: the lines of a period (reservations and measured jobs, priced
 * by each machine's billing mode), totals by member, organisation or machine, prepaid credits and
 * their balance, and the CSV a bookkeeper imports (French by default: `;`, decimal comma, BOM).
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  accountingLines,
  creditBalance,
  totalsBy,
  type AccountingLine,
  type MeasuredUse,
} from '../domain/booking/accounting.js';
import type { Lang } from '../domain/booking/refusals.js';
import { csvCell } from '../domain/reports/csv.js';
import type { Member } from '../domain/booking/model.js';
import type { Db } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { bookableMachinesRepository } from '../store/machines.js';
import { membersRepository } from '../store/members.js';
import { reservationsRepository } from '../store/reservations.js';
import { sitesRepository } from '../store/sites.js';
import { creditsRepository } from '../store/credits.js';
import { usageSessionsRepository } from '../store/usage-sessions.js';

export interface AccountingFilter {
  readonly from: number;
  readonly to: number;
  readonly member?: string | undefined;
  readonly organisation?: string | undefined;
  readonly machine?: string | undefined;
  /** Lines of machines on these sites only (undefined: every site). */
  readonly sites?: readonly string[] | undefined;
}

export interface PricedLine extends AccountingLine {
  readonly organisation: string | null;
}

const sessionUse = (s: Database['usage_sessions']): MeasuredUse => ({
  id: s.id,
  machine: s.machine_id,
  member: s.member_id,
  reservation: s.reservation_id,
  start: Number(s.started_at),
  end: Number(s.ended_at),
  wallSeconds: s.wall_s,
  activeSeconds: s.active_s,
  beamSeconds: s.beam_s,
  spindleSeconds: s.spindle_s,
  energyWh: s.energy_wh,
  materialGrams: s.material_g,
});

export function accountingService(db: Db, clock: () => number = Date.now) {
  const usage = usageSessionsRepository(db);
  const credits = creditsRepository(db);
  async function lines(f: AccountingFilter, members?: Map<string, Member>): Promise<PricedLine[]> {
    const machines = new Map((await bookableMachinesRepository(db).list()).map((m) => [m.id, m]));
    const repo = reservationsRepository(db);
    // Sessions overlapping the period, cut at its edges by the domain (see domain/telemetry/measured-hours.ts).
    const sessions = await usage.rowsOverlapping(f.from, f.to, f.machine);
    const uses: MeasuredUse[] = sessions.map(sessionUse);
    const reservations = await repo.list({
      from: f.from,
      to: f.to,
      machine: f.machine,
      member: f.member,
    });
    // A job running on past its reservation's end (and buffer) still belongs to that reservation.
    const known = new Set(reservations.map((r) => r.id));
    for (const id of new Set(uses.map((u) => u.reservation))) {
      if (id === null || known.has(id)) continue;
      const r = await repo.get(id);
      if (r) reservations.push(r);
    }
    // Jobs of these reservations outside the period add no minutes, but say the slot was measured.
    const loaded = new Set(uses.map((u) => u.id));
    const attached = await usage.rowsOfReservations(reservations.map((r) => r.id));
    for (const s of attached.filter((x) => !loaded.has(x.id))) uses.push(sessionUse(s));
    const byId = members ?? (await membersRepository(db).byId());
    const onSites = f.sites;
    return accountingLines(reservations, uses, machines, { start: f.from, end: f.to })
      .filter((l) => onSites === undefined || onSites.includes(machines.get(l.machine)?.site ?? ''))
      .filter((l) => f.member === undefined || l.member === f.member)
      .map((l) => ({
        ...l,
        organisation: (l.member && byId.get(l.member)?.organisation) ?? null,
      }))
      .filter((l) => f.organisation === undefined || l.organisation === f.organisation);
  }

  return {
    lines: (f: AccountingFilter) => lines(f),

    async totals(f: AccountingFilter, by: 'member' | 'organisation' | 'machine') {
      const ls = await lines(f);
      return totalsBy(ls, (l) =>
        by === 'member'
          ? (l.member ?? '(non attribué)')
          : by === 'machine'
            ? l.machine
            : (l.organisation ?? '(sans organisation)'),
      );
    },

    async addCredit(c: {
      member?: string | undefined;
      organisation?: string | undefined;
      hours: number;
      note?: string | undefined;
      by: string;
    }) {
      const row = {
        id: randomUUID(),
        member_id: c.member ?? null,
        organisation_id: c.organisation ?? null,
        hours: c.hours,
        note: c.note ?? null,
        granted_at: clock(),
        granted_by: c.by,
      };
      await credits.add(row);
      return row;
    },

    /** Credited hours against billable hours since the first credit. */
    async balance(holder: { member?: string | undefined; organisation?: string | undefined }) {
      const held = await credits.of(holder);
      const since = held[0] ? Number(held[0].granted_at) : clock();
      const used = await lines({
        from: since,
        to: clock() + 1,
        member: holder.member,
        organisation: holder.organisation,
      });
      return creditBalance(
        held.reduce((s, c) => s + c.hours, 0),
        used,
      );
    },

    /** The lines as CSV for a bookkeeper, dates in the site's local time. */
    async csv(f: AccountingFilter, lang: Lang): Promise<string> {
      // One read of the members serves the lines and the names.
      const members = await membersRepository(db).byId();
      const ls = await lines(f, members);
      const sites = await sitesRepository(db).list();
      const tz = sites[0]?.timezone ?? 'Europe/Paris';
      const organisations = new Map(
        (await membersRepository(db).listOrganisations()).map((o) => [o.id, o]),
      );
      const fr = lang === 'fr';
      const sep = fr ? ';' : ',';
      const num = (n: number) => (fr ? n.toFixed(2).replace('.', ',') : n.toFixed(2));
      const cell = (v: string) => csvCell(v, sep);
      const date = (ms: number) =>
        new Date(ms).toLocaleString(fr ? 'fr-FR' : 'en-GB', {
          timeZone: tz,
          dateStyle: 'short',
          timeStyle: 'short',
        });
      const header = fr
        ? [
            'date',
            'membre',
            'nom',
            'organisation',
            'siret',
            'machine',
            'mode',
            'statut',
            'réservé (h)',
            'rendu (h)',
            'utilisé (h)',
            'actif (h)',
            'dépassement (h)',
            'facturable (h)',
            'tarif (€/h)',
            'montant (€)',
            'énergie (Wh)',
            'matière (g)',
            'matière (€)',
            'réservation',
            'sessions',
          ]
        : [
            'date',
            'member',
            'name',
            'organisation',
            'siret',
            'machine',
            'mode',
            'status',
            'booked (h)',
            'released (h)',
            'used (h)',
            'active (h)',
            'overrun (h)',
            'billable (h)',
            'rate (€/h)',
            'amount (€)',
            'energy (Wh)',
            'material (g)',
            'material (€)',
            'reservation',
            'sessions',
          ];
      const rows = ls.map((l) => {
        const org = l.organisation ? organisations.get(l.organisation) : undefined;
        return [
          date(l.date),
          l.member ?? '',
          (l.member && members.get(l.member)?.name) ?? '',
          org?.name ?? '',
          org?.siret ?? '',
          l.machine,
          l.mode,
          l.status,
          num(l.bookedMin / 60),
          num(l.releasedMin / 60),
          num(l.usedWallMin / 60),
          num(l.usedActiveMin / 60),
          num(l.overrunMin / 60),
          num(l.billableMin / 60),
          num(l.rateCents / 100),
          num(l.amountCents / 100),
          l.energyWh === null ? '' : num(l.energyWh),
          l.materialGrams === null ? '' : num(l.materialGrams),
          num(l.materialCents / 100),
          l.reservation ?? '',
          l.usage.join(' '),
        ]
          .map(cell)
          .join(sep);
      });
      return `\uFEFF${[header.join(sep), ...rows].join('\r\n')}\r\n`;
    },
  };
}
export type AccountingService = ReturnType<typeof accountingService>;
