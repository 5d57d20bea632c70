/**
 * A demo workshop's sharing data: the site, plans, organisations, members, trainings and the
 * machines' booking settings, as plain data (`seed.ts` writes it). `npm start` seeds it so the
 * calendar is not empty; tests use it as a realistic starting point.
 * @module
 */
import {
  DEFAULT_RULES,
  type BookableMachine,
  type Member,
  type Organisation,
  type Plan,
  type Training,
  type Site,
} from '../domain/booking/model.js';

const weekday = [{ open: '09:00', close: '19:00' }];

export const DEMO_SITE: Site = {
  id: 'atelier-demo',
  name: 'Manufacture de proximité — démo',
  timezone: 'Europe/Paris',
  openingHours: {
    '1': weekday,
    '2': weekday,
    '3': weekday,
    '4': weekday,
    '5': weekday,
    '6': [{ open: '10:00', close: '17:00' }],
  },
  closures: [{ from: '2026-12-24', to: '2027-01-03', reason: 'fermeture de fin d’année' }],
  holidays: 'fr',
  blackouts: [],
  rules: DEFAULT_RULES,
};

export const DEMO_PLANS: Plan[] = [
  {
    id: 'resident',
    name: 'Résident professionnel',
    priorityClass: 1,
    bookAheadDays: 28,
    quotas: [{ period: 'week', hours: 20 }],
  },
  {
    id: 'occasionnel',
    name: 'Usager occasionnel',
    priorityClass: 2,
    bookAheadDays: 14,
    quotas: [
      { period: 'week', hours: 6 },
      { period: 'day', bookings: 2 },
    ],
  },
];

export const DEMO_ORGANISATIONS: Organisation[] = [
  { id: 'atelier-bois-roux', name: 'Atelier Bois Roux', kind: 'business', siret: '85234567800019' },
  { id: 'lycee-jean-moulin', name: 'Lycée Jean Moulin', kind: 'school', siret: null },
];

export const DEMO_MEMBERS: Member[] = [
  {
    id: 'camille-roux',
    name: 'Camille Roux',
    email: 'camille@atelier-bois-roux.fr',
    organisation: 'atelier-bois-roux',
    plan: 'resident',
    active: true,
    quotaExempt: false,
  },
  {
    id: 'nadia-benali',
    name: 'Nadia Benali',
    email: 'nadia.benali@example.fr',
    organisation: null,
    plan: 'occasionnel',
    active: true,
    quotaExempt: false,
  },
  {
    id: 'lucas-petit',
    name: 'Lucas Petit',
    email: 'l.petit@lycee-jean-moulin.fr',
    organisation: 'lycee-jean-moulin',
    plan: 'occasionnel',
    active: true,
    quotaExempt: false,
  },
];

export const DEMO_TRAININGS: Training[] = [
  { id: 'laser', name: 'Découpe laser', validityMonths: 24, lapseAfterMonths: 6 },
  { id: 'cnc', name: 'Fraiseuse CNC', validityMonths: 24, lapseAfterMonths: 6 },
];

const machine = (
  id: string,
  name: string,
  kind: BookableMachine['kind'],
  over: Partial<BookableMachine> = {},
): BookableMachine => ({
  id,
  site: DEMO_SITE.id,
  name,
  kind,
  status: 'in_service',
  hourlyRateCents: 0,
  bufferMin: 0,
  qualification: null,
  needsApproval: false,
  billingMode: 'reserved',
  rules: {},
  blackouts: [],
  ...over,
});

export const DEMO_MACHINES: BookableMachine[] = [
  machine('prusa-mk4-1', 'Prusa MK4 n°1', 'printer', {
    hourlyRateCents: 300,
    bufferMin: 15,
    billingMode: 'used',
    rules: { maxMin: 720 },
  }),
  machine('laser-co2', 'Découpe laser CO₂', 'laser', {
    hourlyRateCents: 2500,
    bufferMin: 15,
    qualification: 'laser',
  }),
  machine('cnc-fraiseuse', 'Fraiseuse CNC', 'cnc', {
    hourlyRateCents: 3500,
    bufferMin: 30,
    qualification: 'cnc',
    needsApproval: true,
    billingMode: 'reserved_plus_overrun',
  }),
];
