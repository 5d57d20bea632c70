/**
 * Who holds a machine now and next, in words: "Réservé jusqu’à 11:30", "Votre créneau, jusqu’à
 * 11:30", "Réservé par Camille Roux jusqu’à 11:30"; then the next slot. What the names say is what
 * the server let this viewer know (`models/holders.ts`).
 * @module
 */
import type { MessageKey } from '../../i18n/index.js';
import { formatSlotTime } from '../../lib/live-format.js';
import type { HeldSlot, SlotHolders } from '../../models/holders.js';
import { useClock, useI18n } from '../../models/context.js';
import styles from './style.module.css';

const CURRENT: Readonly<Record<HeldSlot['holder']['who'], MessageKey>> = {
  someone: 'holder.current.someone',
  you: 'holder.current.you',
  member: 'holder.current.member',
};
const NEXT: Readonly<Record<HeldSlot['holder']['who'], MessageKey>> = {
  someone: 'holder.next.someone',
  you: 'holder.next.you',
  member: 'holder.next.member',
};

export function SlotHolderLines({ holders }: { readonly holders: SlotHolders | undefined }) {
  const { t, locale } = useI18n();
  const { now } = useClock();
  if (!holders) return null;
  const lang = locale.value;
  const words = (slot: HeldSlot, keys: typeof CURRENT, edge: 'start' | 'end') =>
    t(keys[slot.holder.who], {
      name: slot.holder.who === 'member' ? slot.holder.name : '',
      time: formatSlotTime(Date.parse(slot[edge]), now.value, lang),
    });
  const { current, next } = holders;
  return (
    <ul class={styles.holders} data-role="holders" aria-label={t('holder.label')}>
      <li class={styles.current} data-role="holder-current" data-who={current?.holder.who}>
        {current ? words(current, CURRENT, 'end') : t('holder.none')}
      </li>
      {next && (
        <li class={styles.next} data-role="holder-next" data-who={next.holder.who}>
          {words(next, NEXT, 'start')}
        </li>
      )}
    </ul>
  );
}
