/**
 * The card's words for a machine awaiting its after-use check: since when (the date too when it
 * is not today) and what to check, or null when it awaits none.
 * @module
 */
import type { MachineView } from '@manufacto/firmware-profiles/contract';
import { translate } from '../../i18n/index.js';
import { formatMoment } from '../../lib/format.js';
import type { Locale } from '../../lib/locale.js';

/**
 * @example
 * awaitingCheckText(view, now, 'fr') // 'Attend sa vérification après usage depuis 09:45 : …'
 */
export function awaitingCheckText(
  machine: Pick<MachineView, 'awaitingCheck'>,
  nowMs: number,
  locale: Locale,
  timeZone?: string,
): string | null {
  // A view from a server older than the field has none.
  const check = machine.awaitingCheck ?? null;
  if (!check) return null;
  return translate(locale, 'card.awaitingCheck', {
    time: formatMoment(Date.parse(check.since), nowMs, locale, timeZone),
    what: check.what,
  });
}
