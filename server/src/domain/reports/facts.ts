/**
 * The facts funders ask about an organisation and a person: legal form, sector (filière),
 * territory (commune, priority neighbourhood — QPV —, rural area), and whether the person is a
 * professional, a trainee, a student or a hobbyist. Plain data and the words for each value.
 * @module
 */
import type { Text } from './types.js';

export const LEGAL_FORMS = [
  'entreprise_individuelle',
  'micro_entreprise',
  'eurl',
  'sarl',
  'sas',
  'sasu',
  'sa',
  'scop',
  'scic',
  'association',
  'public',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const SECTORS = [
  'wood',
  'textile',
  'metal',
  'ceramics',
  'electronics',
  'plastics',
  'glass',
  'leather',
  'print',
  'design',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const PERSON_STATUSES = ['professional', 'trainee', 'student', 'hobbyist'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** Where someone works from. `insee`: the commune's INSEE code (5 characters, 2A/2B for Corsica). */
export interface Territory {
  readonly commune: string;
  readonly insee: string | null;
  /** Lies in a quartier prioritaire de la politique de la ville. */
  readonly qpv: boolean;
  /** A rural commune (INSEE's density grid: rural). */
  readonly rural: boolean;
}

export interface OrganisationFacts {
  readonly organisation: string;
  readonly legalForm: LegalForm | null;
  readonly sector: Sector | null;
  readonly territory: Territory | null;
}

export interface MemberFacts {
  readonly member: string;
  readonly status: PersonStatus | null;
  /** Their own territory, when they work alone; else the organisation's counts. */
  readonly territory: Territory | null;
}

export type TerritoryClass = 'qpv' | 'rural' | 'urban' | 'unknown';

/** A QPV lies in a town; a place marked both counts as QPV. */
export function territoryClass(t: Territory | null | undefined): TerritoryClass {
  if (!t) return 'unknown';
  if (t.qpv) return 'qpv';
  return t.rural ? 'rural' : 'urban';
}

export const INSEE_CODE = /^(\d{5}|2[AB]\d{3})$/;

export const SECTOR_WORDS: Record<Sector | 'none' | 'unknown', Text> = {
  wood: { fr: 'Bois', en: 'Wood' },
  textile: { fr: 'Textile', en: 'Textile' },
  metal: { fr: 'Métal', en: 'Metal' },
  ceramics: { fr: 'Céramique', en: 'Ceramics' },
  electronics: { fr: 'Électronique', en: 'Electronics' },
  plastics: { fr: 'Plasturgie', en: 'Plastics' },
  glass: { fr: 'Verre', en: 'Glass' },
  leather: { fr: 'Cuir', en: 'Leather' },
  print: { fr: 'Papier et impression', en: 'Paper and print' },
  design: { fr: 'Design', en: 'Design' },
  other: { fr: 'Autre filière', en: 'Other sector' },
  none: { fr: 'Sans organisation', en: 'No organisation' },
  unknown: { fr: 'Filière non renseignée', en: 'Sector not given' },
};

export const STATUS_WORDS: Record<PersonStatus | 'unknown', Text> = {
  professional: { fr: 'Professionnel·le', en: 'Professional' },
  trainee: { fr: 'En formation', en: 'Trainee' },
  student: { fr: 'Étudiant·e', en: 'Student' },
  hobbyist: { fr: 'Amateur·rice', en: 'Hobbyist' },
  unknown: { fr: 'Statut non renseigné', en: 'Status not given' },
};

export const TERRITORY_WORDS: Record<TerritoryClass, Text> = {
  qpv: { fr: 'Quartier prioritaire (QPV)', en: 'Priority neighbourhood (QPV)' },
  rural: { fr: 'Commune rurale', en: 'Rural commune' },
  urban: { fr: 'Commune urbaine hors QPV', en: 'Urban, outside QPV' },
  unknown: { fr: 'Territoire non renseigné', en: 'Territory not given' },
};
