/** Plain-data builders for the booking domain's tests (a small Paris workshop). */
import {
  DEFAULT_RULES,
  type BookableMachine,
  type Member,
  type Plan,
  type Training,
  type Reservation,
  type Site,
} from '../domain/booking/model.js';
import type { BookingContext } from '../domain/booking/rules.js';

export const site: Site = {
  id: 'lyon',
  name: 'Manufacture de Lyon',
  timezone: 'Europe/Paris',
  openingHours: {
    '1': [{ open: '09:00', close: '18:00' }],
    '2': [{ open: '09:00', close: '18:00' }],
    '3': [{ open: '09:00', close: '18:00' }],
    '4': [{ open: '09:00', close: '18:00' }],
    '5': [{ open: '09:00', close: '18:00' }],
    '6': [{ open: '10:00', close: '16:00' }],
  },
  closures: [],
  holidays: 'fr',
  blackouts: [],
  rules: DEFAULT_RULES,
};

export const laser: BookableMachine = {
  id: 'laser-1',
  site: 'lyon',
  name: 'Laser CO2',
  kind: 'laser',
  status: 'in_service',
  hourlyRateCents: 2500,
  bufferMin: 15,
  qualification: 'laser',
  needsApproval: false,
  billingMode: 'reserved',
  rules: {},
  blackouts: [],
};

export const laserTraining: Training = {
  id: 'laser',
  name: 'Découpe laser',
  validityMonths: 24,
  lapseAfterMonths: 6,
};

export const resident: Plan = {
  id: 'resident',
  name: 'Résident',
  priorityClass: 1,
  bookAheadDays: 28,
  quotas: [{ period: 'week', hours: 10 }],
};

export const camille: Member = {
  id: 'camille',
  name: 'Camille Martin',
  email: 'camille@example.fr',
  organisation: 'atelier-bois',
  plan: 'resident',
  active: true,
  quotaExempt: false,
};

/** Tuesday 2026-12-01, 08:00 in Paris. */
export const NOW = Date.parse('2026-12-01T07:00:00Z');

export function reservation(
  over: Partial<Reservation> & Pick<Reservation, 'start' | 'end'>,
): Reservation {
  return {
    id: 'r-other',
    site: 'lyon',
    machine: 'laser-1',
    member: 'dominique',
    status: 'confirmed',
    blocksUntil: over.end + 15 * 60_000,
    createdAt: NOW - 86_400_000,
    ...over,
  };
}

export function context(over: Partial<BookingContext> = {}): BookingContext {
  return {
    site,
    machine: laser,
    member: camille,
    plan: resident,
    training: laserTraining,
    grant: {
      member: 'camille',
      qualification: 'laser',
      grantedAt: Date.parse('2026-06-01T10:00:00Z'),
      grantedBy: 'manager',
    },
    lastUse: Date.parse('2026-11-20T15:00:00Z'),
    machineReservations: [],
    memberReservations: [],
    now: NOW,
    ...over,
  };
}

/** `"2026-12-01T10:00"` Paris local (UTC+1 in winter) → instant. */
export const paris = (local: string) => Date.parse(`${local}:00+01:00`);
export const slot = (from: string, to: string) => ({ start: paris(from), end: paris(to) });
