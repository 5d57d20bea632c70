/**
 * The fair proposal and the first-come one side by side: the allocator's figures (requests
 * served, demand satisfied, Jain's fairness index, utilisation, per week) and the hours each
 * member gets under each; then publish the one chosen.
 * @module
 */
import { useSignal } from '@preact/signals';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { TableScroll } from '../../components/table-scroll/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatHours } from '../../lib/amounts.js';
import { formatNumber, formatPercent } from '../../lib/format.js';
import { figureKeys, SHARE_FIGURES, sharesByMember } from '../../lib/rounds.js';
import { useI18n, useMembers, useRounds } from '../../models/context.js';
import type { Method, Published } from '../../models/rounds.js';

function figureLabel(
  key: string,
  t: (k: MessageKey, p?: Record<string, string | number>) => string,
) {
  if (key.startsWith('week:')) return t('rounds.figure.week', { week: key.slice(5) });
  return t(`rounds.figure.${key}` as MessageKey);
}

export function Comparison() {
  const { t, locale } = useI18n();
  const model = useRounds();
  const members = useMembers().members.value;
  const published = useSignal<Published | null>(null);
  const action = useAction();
  const { fair, fcfs } = model.proposals.value;
  const lang = locale.value;
  if (!fair || !fcfs) return null;
  const value = (key: string, figures: Readonly<Record<string, number>> | null) => {
    const v = figures?.[key];
    if (v === undefined) return '—';
    return SHARE_FIGURES.has(key) || key.startsWith('week:')
      ? formatPercent(v * 100, lang)
      : formatNumber(v, lang, 2);
  };
  const nameOf = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const publish = (method: Method) =>
    action.run(async () => {
      published.value = await model.publish(method);
    });
  const done = model.round.value?.status === 'published';
  return (
    <section aria-labelledby="comparison-title" data-comparison>
      <h3 id="comparison-title">{t('rounds.compareTitle')}</h3>
      <TableScroll label={t('rounds.figures')}>
        <table class="table">
          <caption>{t('rounds.figures')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.figure')}</th>
              <th scope="col">{t('rounds.fair')}</th>
              <th scope="col">{t('rounds.fcfs')}</th>
            </tr>
          </thead>
          <tbody>
            {figureKeys(fair.figures, fcfs.figures).map((key) => (
              <tr key={key} data-figure={key}>
                <th scope="row">{figureLabel(key, t)}</th>
                <td>{value(key, fair.figures)}</td>
                <td>{value(key, fcfs.figures)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <TableScroll label={t('rounds.perMember')}>
        <table class="table">
          <caption>{t('rounds.perMember')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.member')}</th>
              <th scope="col">{t('rounds.asked')}</th>
              <th scope="col">{t('rounds.fair')}</th>
              <th scope="col">{t('rounds.fcfs')}</th>
            </tr>
          </thead>
          <tbody>
            {sharesByMember(fair.requests, fcfs.requests).map((s) => (
              <tr key={s.member} data-share={s.member}>
                <th scope="row">{nameOf(s.member)}</th>
                <td>{formatHours(s.askedMin / 60, lang)}</td>
                <td>{formatHours(s.fairMin / 60, lang)}</td>
                <td>{formatHours(s.fcfsMin / 60, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {done ? null : (
        <div class="actions">
          <button
            type="button"
            class="button button-primary"
            disabled={action.busy.value}
            onClick={() => publish('fair')}
          >
            {t('rounds.publishFair')}
          </button>
          <button
            type="button"
            class="button"
            disabled={action.busy.value}
            onClick={() => publish('fcfs')}
          >
            {t('rounds.publishFcfs')}
          </button>
        </div>
      )}
      <ApiErrorNote error={action.error.value} />
      {published.value ? (
        <div class="note note-ok" role="status" data-published>
          <p>{t('rounds.published', { count: published.value.created })}</p>
          {published.value.lost.length ? (
            <p>{t('rounds.lost', { count: published.value.lost.length })}</p>
          ) : null}
          {published.value.refused.length ? (
            <p>{t('rounds.refusedAtPublish', { count: published.value.refused.length })}</p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
