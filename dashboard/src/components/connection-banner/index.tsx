/**
 * A discreet strip shown while the live feed is down: the wall keeps the last data, says so, and
 * says when it last heard from the server.
 * @module
 */
import { formatClock } from '../../lib/format.js';
import { useI18n, useMachines } from '../../models/context.js';
import styles from './style.module.css';

export function ConnectionBanner() {
  const { t, locale } = useI18n();
  const { connection, lastMessageAt, serverOffsetMs } = useMachines();
  const last = lastMessageAt.value;
  return (
    <div class={styles.slot} role="status" aria-live="polite">
      {connection.value === 'down' && (
        <p class={styles.banner} data-role="connection-lost">
          <span class={styles.pulse} aria-hidden="true" />
          <span>{t('live.down')}</span>
          {last !== null && (
            <span class={styles.last}>
              {t('live.lastData', { time: formatClock(last + serverOffsetMs.value, locale.value) })}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
