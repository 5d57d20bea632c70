/**
 * One machine on the wall: who it is (a link to its page), its state (badge), why (detail and
 * reason, in the reader's language), whether it awaits its after-use check, who holds the slot
 * now and next, the job under way with its
 * progress, the readings that matter for its kind, how old its data is when it stalls, and a
 * warning when its gateway is out of reach. Reads the view it is given; the clock and the
 * language come from context.
 * @module
 */
import { isBusy, type MachineView } from '@manufacto/firmware-profiles/contract';
import { reasonInLanguage } from '@manufacto/firmware-profiles/contract/reasons';
import { cx } from '../../lib/cx.js';
import { formatDuration, formatPercent, formatSince, NO_VALUE } from '../../lib/format.js';
import { formatDataAge } from '../../lib/live-format.js';
import type { Locale } from '../../lib/locale.js';
import type { MessageKey } from '../../i18n/index.js';
import type { SlotHolders } from '../../models/holders.js';
import { useClock, useI18n } from '../../models/context.js';
import { Link } from '../../router/index.js';
import { KindIcon } from '../kind-icon/index.js';
import { SlotHolderLines } from '../slot-holder/index.js';
import { StateBadge } from '../state-badge/index.js';
import { awaitingCheckText } from './awaiting-check.js';
import { keyMetrics } from './metrics.js';
import styles from './style.module.css';

export interface MachineCardProps {
  readonly machine: MachineView;
  /** The live feed is down: what the card shows may be out of date. */
  readonly stale?: boolean;
  /** Who holds its current and next slot; none: not known (yet). */
  readonly holders?: SlotHolders | undefined;
}

/**
 * The reason in the reader's language: a gateway's own reasons come with a code the contract words
 * in French and English; a firmware's (an alarm's text) come in French only.
 */
export function reasonWords(machine: MachineView, locale: Locale): string | null {
  return reasonInLanguage(machine.reasonCode, machine.reason, locale) ?? machine.reason;
}

/** The state detail and the reason on one line, without saying "Alarme" twice. */
export function explanation(detail: string | null, reason: string | null): string | null {
  if (detail && reason) {
    return reason.toLocaleLowerCase().startsWith(detail.toLocaleLowerCase())
      ? reason
      : `${detail} — ${reason}`;
  }
  return reason ?? detail;
}

export function MachineCard({ machine, stale = false, holders }: MachineCardProps) {
  const { t, locale } = useI18n();
  const { now } = useClock();
  const lang = locale.value;
  const { metrics, job, state } = machine;
  const progress = metrics.progress_pct;
  const timeLeft = metrics.time_left_s;
  const showJob = job !== null || (isBusy(state) && typeof progress === 'number');
  const why = explanation(
    machine.detail ? t(`detail.${machine.detail}` as MessageKey) : null,
    reasonWords(machine, lang),
  );
  const dataAge =
    machine.state === 'offline' ? null : formatDataAge(machine.updatedAt, now.value, lang);
  const unconfirmed = !machine.gatewayOnline;
  const check = awaitingCheckText(machine, now.value, lang);
  const lines = keyMetrics(machine.kind, metrics, lang);
  // A machine that reports nothing (offline, unplugged) shows no column of dashes.
  const readings = lines.some((line) => line.value !== NO_VALUE) ? lines : [];

  return (
    <article
      class={cx(styles.card, (stale || unconfirmed) && styles.stale)}
      data-machine-id={machine.id}
      data-state={state}
      data-kind={machine.kind}
      aria-labelledby={`machine-${machine.id}`}
    >
      <header class={styles.head}>
        <KindIcon kind={machine.kind} label={t(`kindOne.${machine.kind}`)} class={styles.icon} />
        <h2 id={`machine-${machine.id}`} class={styles.name}>
          <Link href={`/machines/${encodeURIComponent(machine.id)}`} class={styles.nameLink}>
            {machine.name}
          </Link>
        </h2>
      </header>

      <div class={styles.status}>
        <StateBadge state={state} />
        <time class={styles.since} dateTime={machine.since}>
          {formatSince(machine.since, now.value, lang)}
        </time>
      </div>

      {why && (
        <p class={cx(styles.why, state === 'error' && styles.whyError)} data-role="reason">
          {why}
        </p>
      )}

      {check && (
        <p class={styles.check} role="note" data-role="awaiting-check">
          {check}
        </p>
      )}

      <SlotHolderLines holders={holders} />

      {showJob && (
        <div class={styles.job}>
          <p class={styles.jobName} title={job?.name ?? undefined}>
            {job?.name ?? t('card.unnamedJob')}
          </p>
          {typeof progress === 'number' && (
            <div class={styles.progressRow}>
              <div
                class={styles.progress}
                role="progressbar"
                aria-label={t('card.progress')}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(progress)}
              >
                <div
                  class={styles.progressFill}
                  style={{ width: `${Math.min(100, Math.max(0, progress))}%` }}
                />
              </div>
              <span class={styles.progressText}>
                <strong>{formatPercent(progress, lang)}</strong>
                {typeof timeLeft === 'number' && (
                  <span class={styles.timeLeft}>
                    {' '}
                    · {t('card.timeLeft', { duration: formatDuration(timeLeft, lang) })}
                  </span>
                )}
              </span>
            </div>
          )}
        </div>
      )}

      {readings.length > 0 && (
        <dl class={styles.metrics}>
          {readings.map((line) => (
            <div key={line.key} class={styles.metric} data-metric={line.key}>
              <dt>{t(line.label)}</dt>
              <dd>{line.value}</dd>
            </div>
          ))}
        </dl>
      )}

      {dataAge && (
        <p class={styles.age} data-role="data-age">
          {t('card.dataAge', { age: dataAge })}
        </p>
      )}

      {unconfirmed && (
        <p class={styles.warning} role="note" data-role="gateway-offline">
          <svg viewBox="0 0 16 16" aria-hidden="true" class={styles.warningIcon}>
            <path d="M8 1.5 15 14H1z" fill="currentColor" />
            <path d="M8 6v3.6" stroke="var(--surface)" stroke-width="1.8" stroke-linecap="round" />
            <circle cx="8" cy="11.7" r="1" fill="var(--surface)" />
          </svg>
          {machine.gateway
            ? t('card.gatewayOffline', { gateway: machine.gateway })
            : t('card.gatewayOfflineUnnamed')}
        </p>
      )}
    </article>
  );
}
