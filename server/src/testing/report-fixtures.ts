/**
 * The golden workshop of the report tests: the demo site's three machines in November 2026 with
 * known usage sessions (one crossing the month's start, one its end), reservations (completed,
 * released early, no-show, cancelled, one crossing the end) and the facts of its people. The
 * figures it must give are worked out by hand in `engine.test.ts`; the route tests write the same
 * data into the store (`report-workshop.ts`).
 * @module
 */
import type { MemberFacts, OrganisationFacts } from '../domain/reports/facts.js';
import type { ReportGrant, ReportReservation, ReportSession } from '../domain/reports/types.js';

const t = (iso: string) => Date.parse(iso);

export const GOLDEN_SESSIONS: ReportSession[] = [
  // Tue 3 Nov 10:00–12:00 Paris, in reservation r1 (which ran to 13:00: released early).
  {
    id: 's1',
    machine: 'laser-co2',
    member: 'camille-roux',
    reservation: 'r1',
    start: t('2026-11-03T09:00:00Z'),
    end: t('2026-11-03T11:00:00Z'),
    wallSeconds: 7200,
    activeSeconds: 5400,
    energyWh: 1000,
  },
  // Sat 31 Oct 22:00 → Sun 1 Nov 02:00 Paris: two hours in October, two in November.
  {
    id: 's2',
    machine: 'prusa-mk4-1',
    member: 'nadia-benali',
    reservation: null,
    start: t('2026-10-31T21:00:00Z'),
    end: t('2026-11-01T01:00:00Z'),
    wallSeconds: 14400,
    activeSeconds: 14400,
    energyWh: null,
  },
  // Thu 5 Nov 09:00–10:00 Paris, in reservation r3.
  {
    id: 's3',
    machine: 'prusa-mk4-1',
    member: 'lucas-petit',
    reservation: 'r3',
    start: t('2026-11-05T08:00:00Z'),
    end: t('2026-11-05T09:00:00Z'),
    wallSeconds: 3600,
    activeSeconds: 3000,
    energyWh: null,
  },
  // Tue 10 Nov 14:00–15:00 Paris, nobody attached yet.
  {
    id: 's4',
    machine: 'laser-co2',
    member: null,
    reservation: null,
    start: t('2026-11-10T13:00:00Z'),
    end: t('2026-11-10T14:00:00Z'),
    wallSeconds: 3600,
    activeSeconds: 1800,
    energyWh: null,
  },
  // Mon 30 Nov 23:00 → Tue 1 Dec 01:00 Paris: one hour in November, one in December.
  {
    id: 's5',
    machine: 'cnc-fraiseuse',
    member: 'camille-roux',
    reservation: null,
    start: t('2026-11-30T22:00:00Z'),
    end: t('2026-12-01T00:00:00Z'),
    wallSeconds: 7200,
    activeSeconds: 7200,
    energyWh: null,
  },
];

export const GOLDEN_RESERVATIONS: ReportReservation[] = [
  {
    id: 'r1',
    machine: 'laser-co2',
    member: 'camille-roux',
    start: t('2026-11-03T09:00:00Z'),
    end: t('2026-11-03T12:00:00Z'),
    status: 'completed',
  },
  {
    id: 'r3',
    machine: 'prusa-mk4-1',
    member: 'lucas-petit',
    start: t('2026-11-05T08:00:00Z'),
    end: t('2026-11-05T09:00:00Z'),
    status: 'completed',
  },
  {
    id: 'r4',
    machine: 'laser-co2',
    member: 'nadia-benali',
    start: t('2026-11-12T09:00:00Z'),
    end: t('2026-11-12T10:00:00Z'),
    status: 'no_show',
  },
  {
    id: 'r5',
    machine: 'laser-co2',
    member: 'camille-roux',
    start: t('2026-11-13T09:00:00Z'),
    end: t('2026-11-13T10:00:00Z'),
    status: 'cancelled',
  },
  // Mon 30 Nov 23:00 → Tue 1 Dec 01:00 Paris: one hour booked in November.
  {
    id: 'r7',
    machine: 'laser-co2',
    member: 'lucas-petit',
    start: t('2026-11-30T22:00:00Z'),
    end: t('2026-12-01T00:00:00Z'),
    status: 'confirmed',
  },
];

export const GOLDEN_ORGANISATION_FACTS: OrganisationFacts[] = [
  {
    organisation: 'atelier-bois-roux',
    legalForm: 'sas',
    sector: 'wood',
    territory: { commune: 'Saint-Affrique', insee: '12208', qpv: false, rural: true },
  },
  {
    organisation: 'lycee-jean-moulin',
    legalForm: 'public',
    sector: null,
    territory: { commune: 'Rodez', insee: '12202', qpv: false, rural: false },
  },
];

export const GOLDEN_MEMBER_FACTS: MemberFacts[] = [
  { member: 'camille-roux', status: 'professional', territory: null },
  {
    member: 'nadia-benali',
    status: 'student',
    territory: { commune: 'Rodez', insee: '12202', qpv: true, rural: false },
  },
  { member: 'lucas-petit', status: 'trainee', territory: null },
];

/** The demo seed's grants when it runs at TEST_NOW (1 Dec 2026 08:00 Paris). */
export const GOLDEN_GRANTS: ReportGrant[] = [
  { member: 'camille-roux', training: 'laser', grantedAt: t('2026-11-01T07:00:00Z') },
  { member: 'camille-roux', training: 'cnc', grantedAt: t('2026-11-01T07:00:00Z') },
  { member: 'nadia-benali', training: 'laser', grantedAt: t('2026-11-21T07:00:00Z') },
];
