/**
 * The top of every screen: "Manufacto — <site>", the workshop clock and the FR/EN switch.
 * @module
 */
import { formatClock, formatDay } from '../../lib/format.js';
import { LOCALES } from '../../lib/locale.js';
import { useClock, useI18n, useMachines } from '../../models/context.js';
import styles from './style.module.css';

export function SiteHeader() {
  const { t, locale, setLocale } = useI18n();
  const { now } = useClock();
  const { site } = useMachines();
  const lang = locale.value;
  return (
    <header class={styles.header}>
      <div class={styles.brand}>
        <svg class={styles.mark} viewBox="0 0 24 24" aria-hidden="true">
          <rect x="1" y="1" width="22" height="22" rx="5" fill="currentColor" />
          <rect x="6" y="6" width="12" height="12" rx="2" fill="var(--accent)" />
        </svg>
        <h1 class={styles.title}>
          {site.value ? t('app.title', { site: site.value }) : t('app.name')}
        </h1>
      </div>
      <div class={styles.side}>
        <div class={styles.clock} aria-label={t('header.clock')} role="timer" aria-live="off">
          <span class={styles.time} data-role="clock">
            {formatClock(now.value, lang)}
          </span>
          <span class={styles.day}>{formatDay(now.value, lang)}</span>
        </div>
        <div class={styles.langs} role="group" aria-label={t('header.language')}>
          {LOCALES.map((code) => (
            <button
              key={code}
              type="button"
              class={styles.lang}
              lang={code}
              aria-pressed={code === lang}
              data-locale={code}
              onClick={() => setLocale(code)}
            >
              {code.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
