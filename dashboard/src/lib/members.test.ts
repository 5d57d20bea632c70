import { describe, expect, it } from 'vitest';
import { searchMembers, slugOf, territoryForm, territoryOf } from './members.js';

const people = [
  { id: 'helene-dupont', name: 'Hélène Dupont', email: 'h.dupont@example.fr' },
  { id: 'camille-roux', name: 'Camille Roux', email: 'camille@atelier-bois-roux.fr' },
  { id: 'lucas-petit', name: 'Lucas Petit', email: 'l.petit@lycee-jean-moulin.fr' },
];

describe('searchMembers', () => {
  it('finds a name typed without its accents or capitals', () => {
    expect(searchMembers(people, 'helene').map((m) => m.id)).toEqual(['helene-dupont']);
  });

  it('needs every word, in name, email or id', () => {
    expect(searchMembers(people, 'roux atelier').map((m) => m.id)).toEqual(['camille-roux']);
    expect(searchMembers(people, 'roux lycee')).toEqual([]);
  });

  it('keeps everyone, in order, for an empty search', () => {
    expect(searchMembers(people, '  ').map((m) => m.id)).toEqual([
      'helene-dupont',
      'camille-roux',
      'lucas-petit',
    ]);
  });
});

describe('territoryOf', () => {
  it('gives no territory without a commune', () => {
    expect(territoryOf({ commune: ' ', insee: '69123', place: 'qpv' })).toBeNull();
  });

  it('marks a QPV or a rural commune, never both, and upper-cases a Corsican INSEE code', () => {
    expect(territoryOf({ commune: 'Ajaccio', insee: '2a004', place: 'qpv' })).toEqual({
      commune: 'Ajaccio',
      insee: '2A004',
      qpv: true,
      rural: false,
    });
    expect(territoryOf({ commune: 'Die', insee: '', place: 'rural' })).toEqual({
      commune: 'Die',
      insee: null,
      qpv: false,
      rural: true,
    });
  });

  it('reads back what it wrote', () => {
    const t = { commune: 'Vénissieux', insee: '69259', qpv: true, rural: false };
    expect(territoryOf(territoryForm(t))).toEqual(t);
    expect(territoryForm(null)).toEqual({ commune: '', insee: '', place: 'urban' });
  });
});

describe('slugOf', () => {
  it('makes an id the server accepts from a French name', () => {
    expect(slugOf('  Hélène d’Arçon-Dupont ')).toBe('helene-d-arcon-dupont');
    expect(slugOf('Lycée Jean Moulin')).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  });
});
