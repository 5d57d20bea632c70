/**
 * Pure helpers of the members screens: search by name, email or id (accents and case ignored:
 * "helene" finds "Hélène"), the facts' vocabularies (the values the server accepts, checked
 * against its types by the compiler: its zod enums are not shipped to the browser), and turning
 * a territory form into the facts' shape.
 * @module
 */
import type { MemberFacts, OrganisationFacts, Territory } from '../models/members.js';

/** Lower case without diacritics, for matching what someone types. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The members whose name, email or id contains every word of `query`, in their order. */
export function searchMembers<
  M extends { readonly id: string; readonly name: string; readonly email: string },
>(members: readonly M[], query: string): M[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...members];
  return members.filter((m) => {
    const text = fold(`${m.name} ${m.email} ${m.id}`);
    return words.every((w) => text.includes(w));
  });
}

type Values<T> = readonly NonNullable<T>[];
/** Fails to compile when the server's enum has a value this list lacks (and the other way). */
type Exactly<List extends readonly unknown[], T> = [NonNullable<T>] extends [List[number]]
  ? List
  : never;

const statuses = ['professional', 'trainee', 'student', 'hobbyist'] as const;
export const PERSON_STATUSES: Exactly<typeof statuses, MemberFacts['status']> &
  Values<MemberFacts['status']> = statuses;

const legalForms = [
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
export const LEGAL_FORMS: Exactly<typeof legalForms, OrganisationFacts['legalForm']> &
  Values<OrganisationFacts['legalForm']> = legalForms;

const sectors = [
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
export const SECTORS: Exactly<typeof sectors, OrganisationFacts['sector']> &
  Values<OrganisationFacts['sector']> = sectors;

const organisationKinds = ['business', 'association', 'school', 'public', 'other'] as const;
export const ORGANISATION_KINDS = organisationKinds;

export interface TerritoryForm {
  readonly commune: string;
  readonly insee: string;
  readonly place: 'qpv' | 'rural' | 'urban';
}

/** The form's territory: none when no commune is given; QPV and rural exclude each other. */
export function territoryOf(form: TerritoryForm): Territory | null {
  const commune = form.commune.trim();
  if (!commune) return null;
  const insee = form.insee.trim().toUpperCase();
  return {
    commune,
    insee: insee || null,
    qpv: form.place === 'qpv',
    rural: form.place === 'rural',
  };
}

export function territoryForm(t: Territory | null | undefined): TerritoryForm {
  if (!t) return { commune: '', insee: '', place: 'urban' };
  return {
    commune: t.commune,
    insee: t.insee ?? '',
    place: t.qpv ? 'qpv' : t.rural ? 'rural' : 'urban',
  };
}

/** An id for a new member or organisation from its name: "Hélène Dupont" → "helene-dupont". */
export function slugOf(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}
