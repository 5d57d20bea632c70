/**
 * The report engine's plain data: what it reads (sites, machines, usage sessions, reservations,
 * members and their facts, training grants) and what it answers (figures and tables, each with
 * its definition in French and English). No I/O.
 * @module
 */
import type { MachineKind, ReservationStatus, Site } from '../booking/model.js';
import type { MemberFacts, OrganisationFacts } from './facts.js';
import type { ReportPeriod } from './period.js';

export interface Text {
  readonly fr: string;
  readonly en: string;
}

/** Managers see everything and can drill down; funders see aggregates with counts suppressed. */
export type Audience = 'manager' | 'funder';

export interface ReportMachine {
  readonly id: string;
  readonly site: string;
  readonly name: string;
  readonly kind: MachineKind;
  /** The training it needs, or null. */
  readonly training: string | null;
}

export interface ReportSession {
  readonly id: string;
  readonly machine: string;
  readonly member: string | null;
  readonly reservation: string | null;
  readonly start: number;
  readonly end: number;
  readonly wallSeconds: number;
  readonly activeSeconds: number;
  readonly energyWh: number | null;
}

export interface ReportReservation {
  readonly id: string;
  readonly machine: string;
  readonly member: string;
  readonly start: number;
  readonly end: number;
  readonly status: ReservationStatus;
  /** When the schedule keeper released the rest of the slot after an early end; null otherwise. */
  readonly releasedAt?: number | null;
}

export interface ReportMember {
  readonly id: string;
  readonly organisation: string | null;
  readonly facts: MemberFacts | null;
}

export interface ReportGrant {
  readonly member: string;
  readonly training: string;
  readonly grantedAt: number;
}

export interface ReportInput {
  readonly audience: Audience;
  /** Counts of people from 1 to threshold − 1 are suppressed for funders. */
  readonly threshold: number;
  readonly period: ReportPeriod;
  readonly previous: ReportPeriod;
  readonly sites: readonly Pick<
    Site,
    'id' | 'name' | 'timezone' | 'openingHours' | 'closures' | 'holidays'
  >[];
  readonly machines: readonly ReportMachine[];
  /** At least those meeting [previous.start, period.end). */
  readonly sessions: readonly ReportSession[];
  /** At least those meeting [previous.start, period.end). */
  readonly reservations: readonly ReportReservation[];
  readonly members: ReadonlyMap<string, ReportMember>;
  readonly organisations: ReadonlyMap<string, OrganisationFacts>;
  /** Each member's first measured use on these sites, ever (for "new artisans"). */
  readonly firstUse: ReadonlyMap<string, number>;
  readonly grants: readonly ReportGrant[];
  readonly trainingNames: ReadonlyMap<string, string>;
}

export type Unit = 'hours' | 'count' | 'people' | 'percent' | 'kwh' | 'text';

/** What a manager asks to see the usage sessions behind a figure (query parameters). */
export type Drill = Readonly<Record<string, string>>;

export interface Figure {
  readonly key: string;
  readonly label: Text;
  readonly unit: Unit;
  /** null when suppressed, or when nothing was measured (energy). */
  readonly value: number | null;
  readonly previous: number | null;
  /** (value − previous) / previous; null without both. */
  readonly change: number | null;
  readonly suppressed: boolean;
  readonly previousSuppressed: boolean;
  readonly definition: Text;
  readonly drill?: Drill;
}

export interface Column {
  readonly key: string;
  readonly label: Text;
  readonly unit: Unit;
}

export interface Row {
  readonly key: string;
  readonly label: Text;
  /** Column key → value; null when suppressed or not measured. */
  readonly values: Readonly<Record<string, number | string | null>>;
  /** Column keys whose value is suppressed. */
  readonly suppressed: readonly string[];
  readonly drill?: Drill;
}

export interface Table {
  readonly key: string;
  readonly title: Text;
  readonly definition: Text;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  readonly total?: Row;
}

export interface Report {
  readonly audience: Audience;
  readonly threshold: number;
  readonly sites: readonly { readonly id: string; readonly name: string }[];
  readonly timezone: string;
  readonly period: ReportPeriod;
  readonly previous: ReportPeriod;
  readonly figures: readonly Figure[];
  readonly tables: readonly Table[];
  /** How to read the report: suppression, splitting, sources. */
  readonly notes: readonly Text[];
}
