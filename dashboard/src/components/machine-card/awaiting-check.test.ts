import { describe, expect, it } from 'vitest';
import { machineView } from '../../models/machine-view.fixture.js';
import { awaitingCheckText } from './awaiting-check.js';

const NOW = Date.parse('2026-12-01T09:00:00Z');
const awaiting = (since: string) =>
  machineView({ id: 'laser-co2', awaitingCheck: { what: 'Aspirer la chambre', since } });

describe('awaitingCheckText', () => {
  it('says since when and what, French first, English second', () => {
    const view = awaiting('2026-12-01T08:45:00Z');
    expect(awaitingCheckText(view, NOW, 'fr', 'Europe/Paris')).toBe(
      'Attend sa vérification après usage depuis 09:45 : Aspirer la chambre',
    );
    expect(awaitingCheckText(view, NOW, 'en', 'Europe/Paris')).toBe(
      'Awaiting its after-use check since 09:45: Aspirer la chambre',
    );
  });

  it('gives the date too when the check has been awaited since another day', () => {
    const text = awaitingCheckText(awaiting('2026-11-30T17:10:00Z'), NOW, 'fr', 'Europe/Paris');
    expect(text).toBe(
      'Attend sa vérification après usage depuis 30 nov., 18:10 : Aspirer la chambre',
    );
  });

  it('says nothing when no check is awaited, or the view has no such field', () => {
    expect(awaitingCheckText(machineView({ id: 'laser-co2' }), NOW, 'fr')).toBeNull();
    const older = { ...machineView({ id: 'laser-co2' }), awaitingCheck: undefined };
    expect(awaitingCheckText(older as never, NOW, 'fr')).toBeNull();
  });
});
