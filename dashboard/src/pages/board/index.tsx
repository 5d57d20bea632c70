/**
 * The fab manager's day at a glance: what runs and for whom, who is due, who did not come, what
 * overruns, use nobody reserved (to attach to a member), and reservations waiting for approval.
 * @module
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { ApiErrorNote } from '../../components/api-error/index.js';
import { useAction } from '../../components/api-error/use-action.js';
import { StateBadge } from '../../components/state-badge/index.js';
import { boardOf } from '../../lib/board.js';
import { formatClock } from '../../lib/format.js';
import { useBoard, useClock, useI18n, useMachines, useSession } from '../../models/context.js';
import type { MyReservation } from '../../models/reservations.js';
import { WalkInItem } from './walk-in-item.js';

function Line({ reservation }: { readonly reservation: MyReservation }) {
  const { t, locale } = useI18n();
  return (
    <>
      {t('board.line', {
        machine: reservation.machine,
        member: reservation.member,
        start: formatClock(Date.parse(reservation.start), locale.value),
        end: formatClock(Date.parse(reservation.end), locale.value),
      })}
    </>
  );
}

function PendingItem({ reservation }: { readonly reservation: MyReservation }) {
  const { t } = useI18n();
  const board = useBoard();
  const action = useAction();
  return (
    <li class="item" data-pending={reservation.id}>
      <span>
        <Line reservation={reservation} />
      </span>
      <div class="actions">
        <button
          type="button"
          class="button button-primary"
          disabled={action.busy.value}
          onClick={() => void action.run(() => board.approve(reservation.id))}
        >
          {t('board.approve')}
        </button>
        <button
          type="button"
          class="button"
          disabled={action.busy.value}
          onClick={() => void action.run(() => board.reject(reservation.id))}
        >
          {t('board.reject')}
        </button>
      </div>
      <ApiErrorNote error={action.error.value} />
    </li>
  );
}

function Section({
  title,
  empty,
  count,
  children,
}: {
  readonly title: string;
  readonly empty: string;
  readonly count: number;
  readonly children: ComponentChildren;
}) {
  return (
    <section aria-label={title}>
      <h3>
        {title} ({count})
      </h3>
      {count === 0 ? <p class="muted">{empty}</p> : <ul class="list">{children}</ul>}
    </section>
  );
}

export function BoardPage() {
  const { t, locale } = useI18n();
  const board = useBoard();
  const machines = useMachines();
  const now = useClock().now.value;
  const site = useSession().account.value?.site ?? null;
  const load = useAction();
  useEffect(() => {
    void load.run(() => board.load(site));
  }, [site]);
  const lang = locale.value;
  const view = boardOf(board.today.value, machines.sorted.value, now);
  return (
    <section class="screen" aria-labelledby="board-title">
      <h2 id="board-title">{t('board.title')}</h2>
      <ApiErrorNote error={load.error.value} />
      <Section
        title={t('board.running')}
        empty={t('board.runningNone')}
        count={view.running.length}
      >
        {view.running.map((line) => (
          <li class="item" key={line.machine.id}>
            <span>
              <strong>{line.machine.name}</strong>{' '}
              {line.holder
                ? t('board.holder', {
                    member: line.holder.member,
                    end: formatClock(Date.parse(line.holder.end), lang),
                  })
                : t('board.noHolder')}
            </span>
            <StateBadge state={line.machine.state} />
          </li>
        ))}
      </Section>
      <Section title={t('board.due')} empty={t('board.dueNone')} count={view.due.length}>
        {view.due.map((r) => (
          <li class="item" key={r.id}>
            <span>
              <Line reservation={r} />
            </span>
            <span class="muted">{t(`status.${r.status}`)}</span>
          </li>
        ))}
      </Section>
      <Section
        title={t('board.noShows')}
        empty={t('board.noShowsNone')}
        count={view.noShows.length}
      >
        {view.noShows.map((r) => (
          <li class="item" key={r.id}>
            <Line reservation={r} />
          </li>
        ))}
      </Section>
      <Section
        title={t('board.overruns')}
        empty={t('board.overrunsNone')}
        count={view.overruns.length}
      >
        {view.overruns.map((line) => (
          <li class="item" key={line.machine.id}>
            <strong>{line.machine.name}</strong>
            {t('board.overrun', {
              member: line.overrunOf?.member ?? '',
              end: formatClock(Date.parse(line.overrunOf?.end ?? ''), lang),
            })}
          </li>
        ))}
      </Section>
      <Section
        title={t('board.walkIns')}
        empty={t('board.walkInsNone')}
        count={board.walkIns.value.length}
      >
        {board.walkIns.value.map((session) => (
          <WalkInItem key={session.id} session={session} />
        ))}
      </Section>
      <Section
        title={t('board.pending')}
        empty={t('board.pendingNone')}
        count={board.pending.value.length}
      >
        {board.pending.value.map((r) => (
          <PendingItem key={r.id} reservation={r} />
        ))}
      </Section>
    </section>
  );
}
