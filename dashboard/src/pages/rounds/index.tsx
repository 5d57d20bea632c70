/**
 * Booking rounds, for a fab manager: for a contended period, open a round, let members send
 * requests, see them, compare the fair proposal with first come first served, and publish one
 * as reservations.
 * @module
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatClock, formatDay, formatMinutes } from '../../lib/format.js';
import {
  useI18n,
  useMachineSharing,
  useMembers,
  useRounds,
  useSession,
} from '../../models/context.js';
import { Comparison } from './comparison.js';
import { OpenRoundForm } from './open-form.js';

function Requests() {
  const { t, locale } = useI18n();
  const model = useRounds();
  const members = useMembers().members.value;
  const machines = useMachineSharing().machines.value;
  const lang = locale.value;
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const machine = (id: string) => machines.find((m) => m.id === id)?.name ?? id;
  const requests = model.requests.value;
  if (requests.length === 0) return <p>{t('rounds.noRequests')}</p>;
  return (
    <ul class="list">
      {requests.map((r) => (
        <li class="item" key={r.id} data-request={r.id}>
          <span>
            <strong>{name(r.member)}</strong> —{' '}
            {r.machine
              ? machine(r.machine)
              : r.group
                ? t('rounds.group', { group: r.group })
                : t(`kind.${r.kind ?? 'other'}` as MessageKey)}
            , {formatMinutes(r.durationMin, lang)}
            {r.priority ? ` · ${t('rounds.priority', { priority: r.priority })}` : ''}
            <br />
            <span class="muted">
              {r.windows
                .map(
                  (w) =>
                    `${formatDay(Date.parse(w.start), lang)} ${formatClock(Date.parse(w.start), lang)}–${formatClock(Date.parse(w.end), lang)}`,
                )
                .join(' ; ')}
            </span>
          </span>
          {r.assigned ? (
            <span data-assigned>
              {t('rounds.assigned', {
                machine: machine(r.assigned.machine),
                day: formatDay(Date.parse(r.assigned.start), lang),
                start: formatClock(Date.parse(r.assigned.start), lang),
              })}
            </span>
          ) : r.unassignedReason ? (
            <span data-unassigned={r.unassignedReason}>
              {t(`rounds.unassigned.${r.unassignedReason}` as MessageKey)}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function RoundsPage() {
  const { t, locale } = useI18n();
  const model = useRounds();
  const members = useMembers();
  const machines = useMachineSharing();
  const site = useSession().site.value;
  const opening = useSignal(false);
  const load = useAction();
  const action = useAction();
  useEffect(() => {
    if (site)
      void load.run(() => Promise.all([model.load(site), members.load(site), machines.load(site)]));
  }, [site]);
  const lang = locale.value;
  const round = model.round.value;
  return (
    <section class="screen" aria-labelledby="rounds-title">
      <h2 id="rounds-title">{t('rounds.title')}</h2>
      <p>{t('rounds.intro')}</p>
      <ApiErrorNote error={load.error.value} />
      <ul class="list">
        {model.rounds.value.map((r) => (
          <li class="item" key={r.id} data-round={r.id} data-status={r.status}>
            <span>
              <strong>{r.title}</strong> — {t(`rounds.status.${r.status}` as MessageKey)}
              <br />
              <span class="muted">
                {t('rounds.period', {
                  from: formatDay(Date.parse(r.from), lang),
                  to: formatDay(Date.parse(r.to) - 1, lang),
                  closes: `${formatDay(Date.parse(r.closesAt), lang)} ${formatClock(Date.parse(r.closesAt), lang)}`,
                })}
              </span>
            </span>
            <button
              type="button"
              class="button"
              aria-expanded={round?.id === r.id}
              onClick={() => action.run(() => model.show(r.id))}
            >
              {t('rounds.see', { title: r.title })}
            </button>
          </li>
        ))}
      </ul>
      {model.rounds.value.length === 0 ? <p>{t('rounds.none')}</p> : null}
      <p>
        <button
          type="button"
          class="button"
          aria-expanded={opening.value}
          onClick={() => (opening.value = !opening.value)}
        >
          {t('rounds.new')}
        </button>
      </p>
      {opening.value && site ? (
        <OpenRoundForm site={site} onOpened={() => (opening.value = false)} />
      ) : null}
      <ApiErrorNote error={action.error.value} />
      {round ? (
        <section aria-labelledby="round-shown-title" data-round-shown={round.id}>
          <h3 id="round-shown-title">
            {t('rounds.requestsOf', { title: round.title, count: model.requests.value.length })}
          </h3>
          <Requests />
          {round.status !== 'published' ? (
            <button
              type="button"
              class="button button-primary"
              disabled={action.busy.value || model.requests.value.length === 0}
              onClick={() => action.run(() => model.compare())}
            >
              {t('rounds.compare')}
            </button>
          ) : null}
          <Comparison />
        </section>
      ) : null}
    </section>
  );
}
