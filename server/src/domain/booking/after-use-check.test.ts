import { describe, expect, it } from 'vitest';
import { context, laser, paris } from '../../testing/booking-fixtures.js';
import { checkAccess } from './access.js';
import { awaitedCheck, checkRequired } from './after-use-check.js';
import { refusalText } from './refusals.js';

const grant = (id: string, from: string, to: string, member = 'lucas') => ({
  id,
  machine: laser.id,
  member,
  grantedAt: paris(from),
  until: paris(to),
});

describe('after-use check', () => {
  const used = grant('g1', '2026-12-01T09:00', '2026-12-01T10:00');

  it('is awaited once the latest grant has ended and nobody confirmed it', () => {
    expect(awaitedCheck([used], new Set(), paris('2026-12-01T10:05'))).toBe(used);
    expect(awaitedCheck([used], new Set(['g1']), paris('2026-12-01T10:05'))).toBeNull();
  });

  it('is not awaited while the grant still runs, nor for an older grant a newer one followed', () => {
    expect(awaitedCheck([used], new Set(), paris('2026-12-01T09:30'))).toBeNull();
    const later = grant('g2', '2026-12-01T10:30', '2026-12-01T11:00', 'camille');
    expect(awaitedCheck([used, later], new Set(['g2']), paris('2026-12-01T11:05'))).toBeNull();
    expect(awaitedCheck([later, used], new Set(), paris('2026-12-01T11:05'))).toBe(later);
  });

  it('is asked only by rules naming something to check', () => {
    expect(checkRequired({})).toBeNull();
    expect(checkRequired({ afterUseCheck: '  ' })).toBeNull();
    expect(checkRequired({ afterUseCheck: ' Aspirer la chambre ' })).toBe('Aspirer la chambre');
  });

  it('refuses anyone starting the machine while its check is awaited, in words', () => {
    const d = checkAccess({
      ...context({ now: paris('2026-12-01T10:30') }),
      awaitingCheck: { what: 'Aspirer la chambre', since: paris('2026-12-01T10:00') },
    });
    expect(d).toEqual({
      allowed: false,
      refusals: [{ code: 'awaiting_check', what: 'Aspirer la chambre', since: '10:00' }],
    });
    expect(refusalText(d.allowed ? { code: 'slot_over' } : d.refusals[0]!, 'fr')).toBe(
      'La machine attend la vérification après usage depuis 10:00 (Aspirer la chambre) : la personne qui l’a utilisée ou un responsable la confirme d’abord.',
    );
  });
});
